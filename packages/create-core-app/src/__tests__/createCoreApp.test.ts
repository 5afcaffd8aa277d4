import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CREATE_BIN, makeTempDir, removeTempDir, runCreate } from './support/workspaceProject.js';

// The real binary, as `npx create-core-app` runs it, without a terminal (no prompts).
let cwd: string;
beforeEach(() => {
  expect(existsSync(path.join(CREATE_BIN, '../../dist/cli.js')), 'build first: npx tsc -b').toBe(true);
  cwd = makeTempDir();
});
afterEach(() => removeTempDir(cwd));

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;

describe('create-core-app <name>', () => {
  it('writes the counter template by default: .gitignore from _gitignore, the name in package.json, next steps', () => {
    const result = runCreate(['my-app'], cwd);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const root = path.join(cwd, 'my-app');
    expect(existsSync(path.join(root, '.gitignore'))).toBe(true);
    expect(existsSync(path.join(root, '_gitignore'))).toBe(false);
    expect(readFileSync(path.join(root, '.gitignore'), 'utf8')).toMatch(/^node_modules$/m);
    expect(existsSync(path.join(root, 'src/state/taskState.ts'))).toBe(true);
    const pkg = readJson(path.join(root, 'package.json'));
    expect(pkg.name).toBe('my-app');
    expect(pkg.scripts).toEqual({ dev: 'core dev', build: 'core build', start: 'core start', test: 'vitest run' });
    expect(Object.keys(pkg.dependencies).sort()).toEqual([
      '@core/cli',
      '@core/react',
      '@core/state',
      'react',
      'react-dom',
    ]);
    expect(Object.keys(pkg.devDependencies).sort()).toEqual([
      '@types/node',
      '@types/react',
      '@types/react-dom',
      'typescript',
      'vitest',
    ]);
    expect(result.stdout).toContain('Created my-app (template counter)');
    expect(result.stdout).toMatch(/Next steps:\n {2}cd my-app\n {2}npm install\n {2}npm run dev\n/);
  });

  it('writes the blank template with --template blank (or -t blank)', () => {
    expect(runCreate(['one', '--template', 'blank'], cwd).status).toBe(0);
    expect(runCreate(['two', '-t', 'blank'], cwd).status).toBe(0);
    for (const name of ['one', 'two']) {
      expect(readdirSync(path.join(cwd, name, 'src/state')).sort()).toEqual(['pageState.test.ts', 'pageState.ts']);
      expect(readJson(path.join(cwd, name, 'package.json')).name).toBe(name);
    }
  });

  it('takes a nested folder or "." and names the package after the folder', () => {
    expect(runCreate(['apps/web-app', '--no-install'], cwd).status).toBe(0);
    expect(readJson(path.join(cwd, 'apps/web-app/package.json')).name).toBe('web-app');
    const here = path.join(cwd, 'here-app');
    mkdirSync(here);
    const result = runCreate(['.'], here);
    expect(result.status).toBe(0);
    expect(readJson(path.join(here, 'package.json')).name).toBe('here-app');
    expect(result.stdout).not.toContain('cd ');
  });

  it('fails on an unknown template with one line listing the templates, and writes nothing', () => {
    const result = runCreate(['my-app', '--template', 'vue'], cwd);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('[create-core-app] Unknown template "vue"; choose one of: counter, blank.\n');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses a non-empty folder without --force, and leaves it untouched', () => {
    mkdirSync(path.join(cwd, 'taken'));
    writeFileSync(path.join(cwd, 'taken/notes.txt'), 'mine');
    const result = runCreate(['taken'], cwd);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `[create-core-app] The folder ${path.join(cwd, 'taken')} is not empty; choose another name, or pass --force to remove its files first.\n`,
    );
    expect(readdirSync(path.join(cwd, 'taken'))).toEqual(['notes.txt']);
  });

  it('with --force empties the folder (keeping .git) and writes the project', () => {
    const root = path.join(cwd, 'taken');
    mkdirSync(path.join(root, '.git'), { recursive: true });
    writeFileSync(path.join(root, '.git/HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(path.join(root, 'notes.txt'), 'mine');
    const result = runCreate(['taken', '--force'], cwd);
    expect(result.status).toBe(0);
    expect(existsSync(path.join(root, 'notes.txt'))).toBe(false);
    expect(readFileSync(path.join(root, '.git/HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(readJson(path.join(root, 'package.json')).name).toBe('taken');
  });

  it('counts a folder holding only .git as empty', () => {
    mkdirSync(path.join(cwd, 'repo/.git'), { recursive: true });
    expect(runCreate(['repo'], cwd).status).toBe(0);
  });

  it.each([
    ['My-App', 'must be lowercase'],
    ['my app', 'must not contain spaces'],
    ['.hidden', 'must not start with "." or "_"'],
    ['_private', 'must not start with "." or "_"'],
    ['fs', 'is reserved'],
    ['node_modules', 'is reserved'],
    ['caf%C3%A9', 'URL-safe'],
    ["it's", "must not contain any of ~'!()*"],
  ])('refuses the invalid npm name %j (%s) and writes nothing', (name, rule) => {
    const result = runCreate([name], cwd);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`[create-core-app] Invalid project name "${name}": it `);
    expect(result.stderr).toContain(rule);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('without a terminal and without a name, fails clearly instead of prompting', () => {
    const result = runCreate([], cwd);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      '[create-core-app] Missing the project name (no terminal to ask in); run create-core-app <name>, e.g. create-core-app my-app.\n',
    );
  });

  it('--help and -h print the usage with every flag and exit 0', () => {
    for (const flag of ['--help', '-h']) {
      const result = runCreate([flag], cwd);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^Usage: create-core-app \[folder\] \[options\]/);
      for (const text of [
        '--template',
        'counter',
        'blank',
        '--no-install',
        '--force',
        'CREATE_CORE_APP_SKIP_INSTALL',
      ]) {
        expect(result.stdout).toContain(text);
      }
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses unknown flags and a second folder with one line', () => {
    const unknown = runCreate(['my-app', '--typescript'], cwd);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('[create-core-app] Unknown option "--typescript"; see create-core-app --help.\n');
    const two = runCreate(['a', 'b'], cwd);
    expect(two.status).toBe(1);
    expect(two.stderr).toContain('Expected one folder, got 2: a b.');
  });
});

describe('installing', () => {
  /** A stand-in package manager on PATH: records its arguments and folder, exits with `code`. */
  function fakePackageManager(name: string, code = 0): string {
    const bin = path.join(cwd, '.bin');
    mkdirSync(bin, { recursive: true });
    const script = path.join(bin, name);
    writeFileSync(script, `#!/bin/sh\necho "fake ${name} $* in $(basename "$PWD")"\nexit ${code}\n`);
    chmodSync(script, 0o755);
    return `${bin}${path.delimiter}${process.env.PATH}`;
  }

  it('installs with the package manager that ran it, showing its output, unless told not to', () => {
    const PATH = fakePackageManager('pnpm');
    const env = {
      PATH,
      CREATE_CORE_APP_SKIP_INSTALL: undefined,
      npm_config_user_agent: 'pnpm/9.12.0 npm/? node/v20.19.0 linux x64',
    };
    const result = runCreate(['my-app'], cwd, env);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Installing dependencies with pnpm');
    expect(result.stdout).toContain('fake pnpm install in my-app');
    expect(result.stdout).toMatch(/Next steps:\n {2}cd my-app\n {2}pnpm dev\n/);

    const skipped = runCreate(['other-app', '--no-install'], cwd, env);
    expect(skipped.stdout).not.toContain('fake pnpm');
    expect(skipped.stdout).toMatch(/cd other-app\n {2}pnpm install\n {2}pnpm dev\n/);
    const skippedByEnv = runCreate(['third-app'], cwd, { ...env, CREATE_CORE_APP_SKIP_INSTALL: '1' });
    expect(skippedByEnv.stdout).not.toContain('fake pnpm');
  });

  it('keeps the project and says what to run when the install fails', () => {
    const PATH = fakePackageManager('npm', 3);
    const result = runCreate(['my-app'], cwd, {
      PATH,
      CREATE_CORE_APP_SKIP_INSTALL: undefined,
      npm_config_user_agent: undefined,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `[create-core-app] npm install failed with exit code 3 in ${path.join(cwd, 'my-app')}; run it there yourself.`,
    );
    expect(result.stdout).toMatch(/cd my-app\n {2}npm install\n {2}npm run dev\n/);
    expect(existsSync(path.join(cwd, 'my-app/package.json'))).toBe(true);
  });
});
