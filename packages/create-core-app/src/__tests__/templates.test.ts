import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TEMPLATES } from 'create-core-app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkWorkspaceModules, makeTempDir, removeTempDir, runCreate } from './support/workspaceProject.js';

// Each template is a real project: scaffolded, it typechecks and its own `npm test` passes.
let cwd: string;
beforeAll(() => {
  cwd = makeTempDir();
});
afterAll(() => removeTempDir(cwd));

/** Runs a tool from the project's node_modules in the project, outside this Vitest run. */
function runIn(project: string, bin: string, args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
  const result = spawnSync(process.execPath, [path.join(project, 'node_modules', bin), ...args], {
    cwd: project,
    encoding: 'utf8',
    env: { ...env, NODE_ENV: 'test', NO_COLOR: '1', FORCE_COLOR: undefined },
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe.each(TEMPLATES.map((template) => template.name))('the %s template', (template) => {
  let project: string;
  beforeAll(() => {
    const created = runCreate([`${template}-app`, '--template', template], cwd);
    expect(created.status, created.stderr).toBe(0);
    project = path.join(cwd, `${template}-app`);
    linkWorkspaceModules(project);
  });

  it('typechecks with its own tsconfig.json', () => {
    const result = runIn(project, 'typescript/bin/tsc', ['-p', '.']);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  // Regression (issue 28): the counter template had no @types/node and listed its `types`, so a
  // state module (server code) that imported `node:fs` failed to typecheck.
  it('typechecks a state module that uses Node (state modules run on the server)', () => {
    const file = path.join(project, 'src', 'readsFiles.ts');
    writeFileSync(
      file,
      "import { readFileSync } from 'node:fs';\n\nexport const packageSize = (): number => readFileSync('package.json').length + Buffer.byteLength('x');\n",
    );
    try {
      const result = runIn(project, 'typescript/bin/tsc', ['-p', '.']);
      expect(result.output).toBe('');
      expect(result.status).toBe(0);
    } finally {
      rmSync(file);
    }
  });

  it('passes its own test (npm test: vitest run)', () => {
    const result = runIn(project, 'vitest/vitest.mjs', ['run']);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toMatch(/Tests\s+\d+ passed/);
  });
});
