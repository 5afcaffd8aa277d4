import path from 'node:path';
import { confirm, intro, isCancel, select, text } from '@clack/prompts';
import pc from 'picocolors';
import { CreateCoreAppError } from './createCoreAppError.js';
import { resolveProjectName } from './createProject.js';
import type { PackageManager } from './packageManager.js';
import type { CliArgs } from './parseCliArgs.js';
import { isEmptyFolder } from './targetFolder.js';
import { DEFAULT_TEMPLATE, TEMPLATES, type TemplateName } from './templates.js';

/** Everything the command needs, from the flags or from the user. */
export interface Choices {
  target: string;
  template: string;
  force: boolean;
  install: boolean;
}

const DEFAULT_NAME = 'my-core-app';

/**
 * Asks in the terminal for what the flags left open: the project name, the template, whether to
 * empty a non-empty folder, whether to install. Each question has a flag that skips it.
 */
export async function promptForOptions(
  args: CliArgs,
  context: { cwd: string; packageManager: PackageManager; skipInstall: boolean },
): Promise<Choices> {
  intro(pc.bold('create-core-app'));
  const target =
    args.target ??
    answer(
      await text({
        message: 'Project name',
        placeholder: DEFAULT_NAME,
        defaultValue: DEFAULT_NAME,
        validate: (value) => {
          try {
            resolveProjectName(path.basename(path.resolve(context.cwd, value || DEFAULT_NAME)));
            return undefined;
          } catch (error) {
            return (error as Error).message.replace('[create-core-app] ', '');
          }
        },
      }),
    );
  const template =
    args.template ??
    answer(
      await select<TemplateName>({
        message: 'Template',
        initialValue: DEFAULT_TEMPLATE,
        options: TEMPLATES.map((t) => ({ value: t.name, label: t.name, hint: t.description })),
      }),
    );
  let force = args.force;
  const root = path.resolve(context.cwd, target);
  if (!force && !isEmptyFolder(root)) {
    force = answer(
      await confirm({
        message: `${root} is not empty. Remove its files (except .git) and go on?`,
        initialValue: false,
      }),
    );
    if (!force) throw cancelled();
  }
  const install =
    !context.skipInstall &&
    (args.install ??
      answer(await confirm({ message: `Install dependencies with ${context.packageManager}?`, initialValue: true })));
  return { target, template, force, install };
}

/** The answer, or `CANCELLED` when the user pressed Ctrl+C or Escape. */
function answer<T>(value: T): Exclude<T, symbol> {
  if (isCancel(value) || typeof value === 'symbol') throw cancelled();
  return value as Exclude<T, symbol>;
}

function cancelled(): CreateCoreAppError {
  return new CreateCoreAppError('CANCELLED', 'Cancelled; nothing was written.');
}
