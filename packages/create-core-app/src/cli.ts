import path from 'node:path';
import pc from 'picocolors';
import { CreateCoreAppError } from './createCoreAppError.js';
import { createProject, resolveProjectName, resolveTemplate } from './createProject.js';
import { installDependencies } from './installDependencies.js';
import { formatNextSteps } from './nextSteps.js';
import { detectPackageManager } from './packageManager.js';
import { HELP, parseCliArgs } from './parseCliArgs.js';
import { type Choices, promptForOptions } from './promptForOptions.js';
import { DEFAULT_TEMPLATE } from './templates.js';

/** Where {@link main} runs; every field defaults to the current process. */
export interface MainOptions {
  /** @default process.cwd() */
  cwd?: string;
  /** Reads `npm_config_user_agent` and `CREATE_CORE_APP_SKIP_INSTALL`. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Ask for what is missing. @default stdin and stdout are both terminals */
  interactive?: boolean;
  stdout?: { write(text: string): unknown };
  stderr?: { write(text: string): unknown };
}

/**
 * The `create-core-app` command: reads the flags, asks for what is missing (in a terminal only),
 * writes the project, installs its dependencies and prints the next steps. Resolves with the exit
 * code; failures the user can fix print one line on stderr and give 1.
 *
 * @example
 * process.exitCode = await main(['my-app', '--template', 'blank', '--no-install']);
 */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const interactive = options.interactive ?? Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const packageManager = detectPackageManager(env.npm_config_user_agent);
  try {
    const args = parseCliArgs(argv);
    if (args.help) {
      stdout.write(HELP);
      return 0;
    }
    // Check what the flags gave before asking anything else.
    if (args.template !== undefined) resolveTemplate(args.template);
    if (args.target !== undefined) resolveProjectName(path.basename(path.resolve(cwd, args.target)));
    const skipInstall = args.install === false || isSet(env.CREATE_CORE_APP_SKIP_INSTALL);
    const choices: Choices = interactive
      ? await promptForOptions(args, { cwd, packageManager, skipInstall })
      : {
          target: required(args.target),
          template: args.template ?? DEFAULT_TEMPLATE,
          force: args.force,
          install: !skipInstall,
        };
    const project = await createProject({ ...choices, targetDir: choices.target, cwd });
    stdout.write(
      `\n${pc.green('✔')} Created ${pc.bold(project.name)} (template ${project.template}) in ${project.root}\n`,
    );
    let installed = false;
    if (choices.install) {
      stdout.write(`\nInstalling dependencies with ${packageManager}…\n\n`);
      try {
        await installDependencies({ root: project.root, packageManager });
        installed = true;
      } catch (error) {
        if (!(error instanceof CreateCoreAppError)) throw error;
        stderr.write(`\n${pc.red(error.message)}\n`);
      }
    }
    const steps = formatNextSteps({ root: project.root, cwd, packageManager, installed });
    stdout.write(`\nNext steps:\n${steps.map((step) => `  ${pc.cyan(step)}\n`).join('')}\n`);
    return choices.install && !installed ? 1 : 0;
  } catch (error) {
    if (!(error instanceof CreateCoreAppError)) throw error;
    stderr.write(`${pc.red(error.message)}\n`);
    return 1;
  }
}

function required(target: string | undefined): string {
  if (target !== undefined) return target;
  throw new CreateCoreAppError(
    'MISSING_NAME',
    'Missing the project name (no terminal to ask in); run create-core-app <name>, e.g. create-core-app my-app.',
  );
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}
