import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasScript, Keys, TerminalSession } from './support/terminalSession.js';
import { makeTempDir, removeTempDir } from './support/workspaceProject.js';

// The real binary in a pseudo-terminal: it asks for what the flags did not give.
let cwd: string;
beforeEach(() => {
  cwd = makeTempDir();
});
afterEach(() => removeTempDir(cwd));

describe.skipIf(!hasScript)('in a terminal', () => {
  it('asks for the project name (refusing an invalid one) and the template', async () => {
    const session = new TerminalSession([], cwd);
    await session.waitFor('Project name');
    session.type(`My App${Keys.enter}`);
    await session.waitFor('must be lowercase');
    session.type(`${Keys.backspace.repeat(6)}my-app${Keys.enter}`);
    await session.waitFor('Template');
    await session.waitFor('○ blank');
    session.type(`${Keys.down}${Keys.enter}`);
    expect(await session.exited).toBe(0);
    expect(JSON.parse(readFileSync(path.join(cwd, 'my-app/package.json'), 'utf8')).name).toBe('my-app');
    expect(existsSync(path.join(cwd, 'my-app/src/state/pageState.ts'))).toBe(true);
    expect(session.screen).toContain('npm run dev');
  });

  it('asks nothing that a flag answered', async () => {
    const session = new TerminalSession(['flagged', '--template', 'counter', '--no-install'], cwd);
    expect(await session.exited).toBe(0);
    expect(session.screen).not.toContain('Project name');
    expect(session.screen).not.toContain('Template');
    expect(existsSync(path.join(cwd, 'flagged/src/state/taskState.ts'))).toBe(true);
  });

  it('asks before emptying a non-empty folder; the default answer (No) leaves it untouched', async () => {
    mkdirSync(path.join(cwd, 'taken'));
    writeFileSync(path.join(cwd, 'taken/notes.txt'), 'mine');
    const session = new TerminalSession(['taken', '-t', 'blank'], cwd);
    await session.waitFor('is not empty');
    session.type(Keys.enter);
    expect(await session.exited).toBe(1);
    expect(session.screen).toContain('Cancelled; nothing was written.');
    expect(readFileSync(path.join(cwd, 'taken/notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(path.join(cwd, 'taken/package.json'))).toBe(false);
  });

  it('asks whether to install, with the detected package manager', async () => {
    const session = new TerminalSession(['my-app', '-t', 'blank'], cwd, {
      CREATE_CORE_APP_SKIP_INSTALL: undefined,
      npm_config_user_agent: 'yarn/1.22.22 npm/? node/v20.19.0 linux x64',
    });
    await session.waitFor('Install dependencies with yarn?');
    session.type(`${Keys.left}${Keys.enter}`); // Yes is selected by default; ← picks No
    expect(await session.exited).toBe(0);
    expect(session.screen).toMatch(/cd my-app\s+yarn install\s+yarn dev/);
  });
});
