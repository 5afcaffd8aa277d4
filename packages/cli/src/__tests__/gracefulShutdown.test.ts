import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PatchMessage } from '@core/state/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreChild, freePort, makeProject, removeProject } from './support/coreProject.js';

// What `core build` would write: an app whose handlers take a while (`slow`) or never end (`stuck`).
const APP = `import { createApp, defineState } from '@core/state';

export const Work = defineState('work', {
  vars: { started: 0, done: 0 },
  events: {
    async *slow(s) {
      s.started += 1;
      yield;
      await new Promise((resolve) => setTimeout(resolve, 700));
      s.done += 1;
    },
    async *stuck(s) {
      s.started += 1;
      yield;
      await new Promise(() => {});
    },
  },
});

export const app = createApp({ states: [Work] });
`;

let project: string;
let child: CoreChild | undefined;
let socket: Socket | undefined;
beforeEach(() => {
  project = makeProject({ withApp: false });
  mkdirSync(path.join(project, 'dist/server'), { recursive: true });
  mkdirSync(path.join(project, 'dist/client'), { recursive: true });
  writeFileSync(path.join(project, 'dist/server/app.js'), APP);
});
afterEach(async () => {
  socket?.disconnect();
  await child?.kill();
  removeProject(project);
});

/** `core start` on a free port; resolves once a page (a socket.io client) has fired `event` and seen it start. */
async function startWithRunningHandler(event: 'slow' | 'stuck', args: string[] = []) {
  const port = await freePort();
  child = new CoreChild(['start', '--port', String(port), '--host', '127.0.0.1', ...args], project, {
    CORE_SECRET: 'shutdown-test-secret-0123456789',
    CORE_STATE_FILE: undefined,
  });
  await child.waitForOutput('ready at');
  const patches: PatchMessage[] = [];
  socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false, forceNew: true });
  socket.on('core:patch', (message: PatchMessage) => patches.push(message));
  const { token } = await new Promise<{ token: string }>((resolve) => socket?.once('core:hydrate', resolve));
  socket.emit('core:event', { id: 'e1', state: 'work', name: event });
  await expect.poll(() => patches.length, { timeout: 10_000 }).toBeGreaterThan(0); // the handler runs
  return { port, token, child };
}

/** The `work` state of `token` in the memory state saved at the stop. */
function savedState(token: string): unknown {
  const saved = JSON.parse(readFileSync(path.join(project, '.core', 'state.json'), 'utf8'));
  return saved.tokens[token]?.doc.states.work;
}

describe('core start on SIGTERM', () => {
  it('stops taking connections, lets the running handler finish, saves the state privately and exits 0', async () => {
    const { port, token, child } = await startWithRunningHandler('slow');
    child.terminate();
    await child.waitForOutput('Stopping (SIGTERM)');
    await expect
      .poll(() =>
        fetch(`http://127.0.0.1:${port}/healthz`).then(
          () => 'accepted',
          () => 'refused',
        ),
      )
      .toBe('refused');
    expect(await child.exited).toBe(0);
    expect(savedState(token)).toEqual({ started: 1, done: 1 });
    expect(statSync(path.join(project, '.core')).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(project, '.core', 'state.json')).mode & 0o777).toBe(0o600);
  });

  it('gives up on a handler still running after --shutdown-timeout: saves what was committed and exits 1', async () => {
    const { token, child } = await startWithRunningHandler('stuck', ['--shutdown-timeout', '300']);
    child.terminate();
    expect(await child.exited).toBe(1);
    expect(child.output).toContain('were still running 300 ms after the stop began');
    expect(savedState(token)).toEqual({ started: 1, done: 0 });
  });

  it('exits at once on a second signal, without waiting for the stuck handler', async () => {
    const { child } = await startWithRunningHandler('stuck'); // the default timeout: 10 s
    child.terminate();
    await child.waitForOutput('Stopping (SIGTERM)');
    child.terminate();
    expect(await child.exited).toBe(1);
    expect(child.output).toContain('SIGTERM again: stopping at once.');
    expect(child.output).not.toContain('still running');
  });
});
