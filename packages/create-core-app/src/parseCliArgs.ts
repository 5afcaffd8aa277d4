import { parseArgs } from 'node:util';
import { CreateCoreAppError } from './createCoreAppError.js';
import { TEMPLATES } from './templates.js';

/** The command line as given; anything not given is left undefined (to prompt for or default). */
export interface CliArgs {
  /** The project folder; its name becomes the package name. */
  target?: string;
  template?: string;
  /** `--install` true, `--no-install` false, neither undefined. */
  install?: boolean;
  force: boolean;
  help: boolean;
}

/** `create-core-app --help`. */
export const HELP = `Usage: create-core-app [folder] [options]

Creates a core app in [folder]; the folder's name becomes the package name.

Options:
  -t, --template <name>  ${TEMPLATES.map((t) => `${t.name} (${t.description})`).join(',\n                         ')}
                         [default: counter]
      --no-install       do not install dependencies (CREATE_CORE_APP_SKIP_INSTALL=1 does the same)
      --install          install dependencies without asking
  -f, --force            create the app in a non-empty folder: remove its files first (.git is kept)
  -h, --help             show this help

In a terminal it asks for what was not given; otherwise the folder is required and the template
defaults to counter. Dependencies are installed with the package manager that ran the command
(npm, pnpm, yarn or bun).

Examples:
  npm create core-app@latest my-app
  npm create core-app@latest my-app -- --template blank --no-install
  npx create-core-app my-app --template counter
`;

/** Reads the command line; throws `CreateCoreAppError` code `INVALID_ARGUMENTS` for unknown flags. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values, positionals } = parseFlags(argv);
  if (positionals.length > 1) {
    throw new CreateCoreAppError(
      'INVALID_ARGUMENTS',
      `Expected one folder, got ${positionals.length}: ${positionals.join(' ')}. Quote a name with spaces.`,
    );
  }
  return {
    target: positionals[0],
    template: values.template,
    install: values.install,
    force: values.force ?? false,
    help: values.help ?? false,
  };
}

const OPTIONS = {
  template: { type: 'string', short: 't' },
  install: { type: 'boolean' },
  force: { type: 'boolean', short: 'f' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseFlags(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, allowNegative: true, strict: true });
  } catch (error) {
    throw new CreateCoreAppError('INVALID_ARGUMENTS', `${describeParseError(error)}; see create-core-app --help.`, {
      cause: error,
    });
  }
}

/** Node's messages for unknown flags run to three sentences; keep the part that says what is wrong. */
function describeParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const option = /'([^']+)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `Unknown option "${option}"`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return `Option "${option}" needs a value`;
  return message.replace(/\.$/, '');
}
