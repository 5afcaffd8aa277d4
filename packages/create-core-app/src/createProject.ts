import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyTemplate } from './copyTemplate.js';
import { CreateCoreAppError } from './createCoreAppError.js';
import { emptyFolder, isEmptyFolder } from './targetFolder.js';
import { DEFAULT_TEMPLATE, isTemplateName, TEMPLATES, type TemplateName, templateDir } from './templates.js';
import { validatePackageName } from './validatePackageName.js';

/** Options of {@link createProject}. */
export interface CreateProjectOptions {
  /** The folder to create the project in, created when missing; relative to `cwd`. */
  targetDir: string;
  /** @default 'counter' */
  template?: string;
  /** The `name` of the new package.json. @default the folder's name */
  name?: string;
  /** Empty a non-empty folder first (a `.git` folder is kept); without it that is an error. @default false */
  force?: boolean;
  /** @default process.cwd() */
  cwd?: string;
}

/** {@link CreateProjectOptions} checked and filled in. */
export interface ResolvedCreateOptions {
  readonly root: string;
  readonly name: string;
  readonly template: TemplateName;
  readonly force: boolean;
}

/** What {@link createProject} wrote. */
export interface CreatedProject extends ResolvedCreateOptions {
  /** The files written, relative to `root`, sorted. */
  readonly files: readonly string[];
}

/**
 * Checks the options without touching the disk; throws `CreateCoreAppError` (`UNKNOWN_TEMPLATE`,
 * `INVALID_NAME`, `TARGET_NOT_EMPTY`) with a one-line message that says what to change.
 */
export function resolveCreateOptions(options: CreateProjectOptions): ResolvedCreateOptions {
  const template = resolveTemplate(options.template);
  const root = path.resolve(options.cwd ?? process.cwd(), options.targetDir);
  const name = resolveProjectName(options.name ?? path.basename(root));
  const force = options.force ?? false;
  if (!force && !isEmptyFolder(root)) {
    throw new CreateCoreAppError(
      'TARGET_NOT_EMPTY',
      `The folder ${root} is not empty; choose another name, or pass --force to remove its files first.`,
    );
  }
  return { root, name, template, force };
}

/** The template named `name` (default `counter`); `UNKNOWN_TEMPLATE` lists the known ones. */
export function resolveTemplate(name: string = DEFAULT_TEMPLATE): TemplateName {
  if (isTemplateName(name)) return name;
  const names = TEMPLATES.map((t) => t.name).join(', ');
  throw new CreateCoreAppError('UNKNOWN_TEMPLATE', `Unknown template "${name}"; choose one of: ${names}.`);
}

/** `name` when npm accepts it as a package name; `INVALID_NAME` says which rules it breaks. */
export function resolveProjectName(name: string): string {
  const problems = validatePackageName(name);
  if (problems.length === 0) return name;
  throw new CreateCoreAppError(
    'INVALID_NAME',
    `Invalid project name "${name}": it ${listProblems(problems)}. Use lowercase letters, digits and "-", e.g. my-app.`,
  );
}

/**
 * Writes a new project from a template: copies `templates/<template>` (dotfiles stored as
 * `_gitignore` become `.gitignore`) and gives its package.json the project's name. Installs
 * nothing; see `installDependencies`.
 *
 * @example
 * const project = await createProject({ targetDir: 'my-app', template: 'blank' });
 */
export async function createProject(options: CreateProjectOptions): Promise<CreatedProject> {
  const resolved = resolveCreateOptions(options);
  if (resolved.force) emptyFolder(resolved.root);
  const files = copyTemplate(templateDir(resolved.template), resolved.root);
  const manifestPath = path.join(resolved.root, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  writeFileSync(manifestPath, `${JSON.stringify({ ...manifest, name: resolved.name }, null, 2)}\n`);
  return { ...resolved, files };
}

function listProblems(problems: readonly string[]): string {
  return problems.length > 1 ? `${problems.slice(0, -1).join(', ')} and ${problems.at(-1)}` : problems.join('');
}
