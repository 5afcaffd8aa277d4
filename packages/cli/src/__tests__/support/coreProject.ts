import { WatchedProcess } from '@core/test-support';

export { freePort } from '@core/test-support';

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
/** The real `core` binary (it runs the built `dist/`: build with `npx tsc -b` first). */
export const CORE_BIN = path.join(REPO_ROOT, 'packages/cli/bin/core.js');

/** The state module of the test project; `counter` is a number the tests change. */
export const COUNTER_STATE = `import { defineState } from '@core/state';

export const CounterState = defineState('counter', {
  vars: { count: 0 },
  events: {
    increment(s) {
      s.count += 1;
    },
  },
});
`;

/**
 * A minimal app in a temp folder: `src/server.ts` (or `appFile`) with one state module (unless
 * `withApp` is false); with `main`, an `index.html` that loads `src/main.ts` holding that code.
 * It resolves the workspace's packages through a symlink to the monorepo's `node_modules`; its
 * vite.config.ts keeps Vite's cache inside the project rather than in that shared folder.
 */
export function makeProject({
  withApp = true,
  appFile = 'src/server.ts',
  main,
}: {
  withApp?: boolean;
  appFile?: string;
  main?: string;
} = {}): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'core-cli-'));
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
  writeFileSync(path.join(root, 'package.json'), '{ "name": "cli-test-app", "private": true, "type": "module" }\n');
  writeFileSync(path.join(root, 'vite.config.ts'), "export default { cacheDir: '.vite-cache' };\n");
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><div id="root"></div>\n');
  if (withApp) {
    mkdirSync(path.join(root, 'src/state'), { recursive: true });
    writeFileSync(path.join(root, 'src/state/counter.ts'), COUNTER_STATE);
    writeFileSync(
      path.join(root, appFile),
      "import { createApp } from '@core/state';\nimport { CounterState } from './state/counter';\n\nexport const app = createApp({ states: [CounterState] });\n",
    );
  }
  if (main !== undefined) {
    writeFileSync(
      path.join(root, 'index.html'),
      '<!doctype html><div id="root"></div><script type="module" src="/src/main.ts"></script>\n',
    );
    mkdirSync(path.join(root, 'src'), { recursive: true });
    writeFileSync(path.join(root, 'src/main.ts'), main);
  }
  return root;
}

/** Removes a folder made by `makeProject`. */
export function removeProject(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** Runs `core <args>` to completion (no server commands) and returns its exit code and output. */
export function runCore(args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  const result = spawnSync(process.execPath, [CORE_BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, PORT: undefined, ...env },
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A long-running `core dev` / `core start`, its output kept for waits. */
export class CoreChild extends WatchedProcess {
  constructor(args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
    super(process.execPath, [CORE_BIN, ...args], {
      cwd,
      env: { NO_COLOR: '1', FORCE_COLOR: undefined, NODE_ENV: undefined, PORT: undefined, ...env },
    });
  }
}
