import path from 'node:path';
import { type PackageManager, runScriptCommand } from './packageManager.js';

/** What {@link formatNextSteps} needs to know. */
export interface NextStepsOptions {
  /** The project folder. */
  root: string;
  /** Where the user is; the steps `cd` from here. @default process.cwd() */
  cwd?: string;
  packageManager: PackageManager;
  /** Whether dependencies were installed (if not, installing is a step). */
  installed: boolean;
}

/**
 * The commands to type after scaffolding, one per line: `cd my-app`, the install when skipped,
 * then the dev server.
 */
export function formatNextSteps(options: NextStepsOptions): string[] {
  const relative = path.relative(options.cwd ?? process.cwd(), options.root);
  const steps: string[] = [];
  if (relative) steps.push(`cd ${/\s/.test(relative) ? JSON.stringify(relative) : relative}`);
  if (!options.installed) steps.push(`${options.packageManager} install`);
  steps.push(runScriptCommand(options.packageManager, 'dev'));
  return steps;
}
