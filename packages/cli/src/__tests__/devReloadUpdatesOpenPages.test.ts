import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EventAck, HydrateMessage, PatchMessage } from '@core/state/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { COUNTER_STATE, CoreChild, freePort, makeProject, removeProject } from './support/coreProject.js';

// Regression: after a state module was edited, `core dev` swapped the definitions but an open
// page saw a new var only after its next event (a token is reconciled when its lock is taken).
let project: string;
let dev: CoreChild;
let socket: Socket | undefined;
beforeEach(() => {
  project = makeProject();
});
afterEach(async () => {
  socket?.disconnect();
  await dev?.kill();
  removeProject(project);
});

it('an edited state module reaches an open page at once: the new var arrives, the count is kept, the new handler runs', async () => {
  const port = await freePort();
  dev = new CoreChild(['dev', '--port', String(port)], project);
  await dev.waitForOutput('ready at');

  socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false, forceNew: true });
  const patches: PatchMessage[] = [];
  socket.on('core:patch', (message: PatchMessage) => patches.push(message));
  const hydrated = new Promise<HydrateMessage>((resolve) => socket?.once('core:hydrate', resolve));
  const { state } = await hydrated;
  expect(state).toEqual({ counter: { count: 0 } });
  const increment = () =>
    socket!
      .timeout(10_000)
      .emitWithAck('core:event', { id: `e${Math.random()}`, state: 'counter', name: 'increment' }) as Promise<EventAck>;
  expect(await increment()).toEqual({ ok: true });
  expect(await increment()).toEqual({ ok: true });

  writeFileSync(
    path.join(project, 'src/state/counter.ts'),
    COUNTER_STATE.replace('vars: { count: 0 }', "vars: { count: 0, label: 'reloaded' }").replace(
      's.count += 1',
      's.count += 10',
    ),
  );
  await dev.waitForOutput('reloaded');
  // No event was sent: the reload itself brought the page up to date.
  await expect
    .poll(() => patches.flatMap((p) => p.patches).find((patch) => patch.path.join('.') === 'counter.label'), {
      timeout: 5_000,
    })
    .toMatchObject({ op: 'add', value: 'reloaded' });

  const before = patches.length;
  expect(await increment()).toEqual({ ok: true });
  await expect
    .poll(() => patches.slice(before).flatMap((p) => p.patches))
    .toContainEqual(expect.objectContaining({ path: ['counter', 'count'], value: 12 }));
});
