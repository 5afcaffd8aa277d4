import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_BIN, makeProject, removeProject, runCore } from './support/coreProject.js';

// Regression: a failed `core build` piped into a file or a CI log printed colour codes around
// every character of its code frame (Rolldown colours whatever the stream; picocolors whenever
// `CI` is set). Colours go to a terminal without NO_COLOR, or anywhere with FORCE_COLOR.
const ESCAPE = '\u001b[';
let project: string;
beforeAll(() => {
  // A build error with a code frame: an import of something the module does not export.
  project = makeProject({ main: "import { Missing } from './state/counter';\nconsole.log(Missing);\n" });
});
afterAll(() => removeProject(project));

/** `core build` in a pseudo-terminal (util-linux `script`): stdout and stderr are a TTY. */
function buildInTerminal(env: Record<string, string | undefined>): { status: number | null; output: string } {
  const result = spawnSync('script', ['-qfec', `'${process.execPath}' '${CORE_BIN}' build`, '/dev/null'], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm-256color', ...env },
    timeout: 30_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('a failed core build', () => {
  it('piped to a file prints no colour codes, with CI set or not', () => {
    for (const env of [{ CI: 'true' }, { CI: undefined }]) {
      const result = runCore(['build'], project, { NO_COLOR: undefined, FORCE_COLOR: undefined, ...env });
      expect(result.status).toBe(1);
      const output = `${result.stdout}${result.stderr}`;
      expect(output).toContain('"Missing" is not exported by "src/state/counter.ts"');
      expect(output).toContain('src/main.ts:1:10');
      expect(output).not.toContain(ESCAPE);
    }
  });

  it('piped, prints colour codes when FORCE_COLOR asks for them', () => {
    const result = runCore(['build'], project, { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(result.status).toBe(1);
    expect(`${result.stdout}${result.stderr}`).toContain(ESCAPE);
  });

  it('in a terminal prints colour codes, and none with NO_COLOR set', () => {
    const coloured = buildInTerminal({});
    expect(coloured.output).toContain('"Missing" is not exported');
    expect(coloured.output).toContain(ESCAPE);
    const plain = buildInTerminal({ NO_COLOR: '1' });
    expect(plain.output).toContain('"Missing" is not exported');
    expect(plain.output).not.toContain(ESCAPE);
  });
});
