import type { CoreClient } from '@core/react';
import { createEventSpec } from '@core/state';
import type { EventMessage, HydrateMessage } from '@core/state/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLayers } from '../optimisticView.js';
import { openedInTests, type ScriptedServer } from './scriptedServer.js';

/**
 * examples/todo: an optimistic add to a session-scoped list showed the item twice for a moment
 * (a probe counting items saw 1, 2, 1). The session's update carries no event id (every tab of
 * the session gets the same bytes) and a `core:ack` settled the event apart from it. The ack now
 * says which updates hold the event's change (`after`), and the page drops its optimistic copy in
 * the step that applies the last of them.
 */

const opened = openedInTests();
afterEach(() => opened.closeAll());

const SESSION = '@session';

/** A page showing state `todo` from its session's document (at seq 0, epoch e1), events held. */
async function pageOfSession() {
  const server = await opened.start();
  let sessionSeq = 0;
  let items = ['a'];
  server.hydrate = (): HydrateMessage => ({
    token: 'tok',
    seq: 0,
    epoch: 't1',
    shared: { [SESSION]: { seq: sessionSeq, epoch: 'e1', states: ['todo'] } },
    state: { todo: { items } },
  });
  const held: EventMessage[] = [];
  server.onEvent = (message) => held.push(message);
  const client = opened.connect(server.url);
  await expect.poll(() => client.getStatus()).toBe('connected');
  await loadLayers(); // as useEvent's mount effect starts it
  // Every state the client publishes, from the add on: a frame that shows "b" twice, or not at all, is a bug.
  const seen: string[][] = [];
  client.subscribe(() => seen.push([...((client.getState()?.todo?.items as string[]) ?? [])]));
  const socket = () => server.sockets.at(-1) as NonNullable<ScriptedServer['sockets'][number]>;
  return {
    server,
    client,
    held,
    seen,
    /** The session's next update, to every tab (no event id); `seq` skips ahead when given. */
    sessionUpdate(next: string[], seq = sessionSeq + 1) {
      sessionSeq = seq;
      items = next;
      socket().emit('core:patch', {
        seq,
        epoch: 'e1',
        source: SESSION,
        patches: [{ op: 'replace', path: ['todo', 'items'], value: next }],
      });
    },
    /** The ack of `message`, naming the session update that holds its change. */
    ack(message: EventMessage, seq: number) {
      socket().emit('core:ack', { id: message.id, ok: true, after: [{ source: SESSION, seq }] });
    },
  };
}

/** Adds "b" with an optimistic copy; resolves with the event once the server holds it. */
async function addB(client: CoreClient, held: EventMessage[]) {
  let settled = false;
  const done = client
    .dispatch(createEventSpec('todo', 'add', 'b'), (draft: { items: string[] }, text: string) => {
      draft.items.push(text);
    })
    .then(() => {
      settled = true;
    });
  expect(client.getState()?.todo?.items).toEqual(['a', 'b']); // shown at once
  await expect.poll(() => held.length).toBe(1);
  return { message: held[0] as EventMessage, done, settled: () => settled };
}

const count = (items: string[], item: string) => items.filter((each) => each === item).length;

describe('an optimistic change of a shared state', () => {
  it('is shown exactly once when the ack arrives before the update that holds it', async () => {
    const { server, client, held, seen, ack, sessionUpdate } = await pageOfSession();
    const add = await addB(client, held);
    const from = seen.length;
    ack(add.message, 1);
    server.patch([]); // an update of the tab's own document behind the ack: once applied, the ack is in
    await expect.poll(() => client.seq).toBe(1);
    expect(add.settled()).toBe(false);
    expect(client.getState()?.todo?.items).toEqual(['a', 'b']);
    sessionUpdate(['a', 'b']);
    await add.done;
    expect(client.getState()?.todo?.items).toEqual(['a', 'b']);
    expect(seen.slice(from).every((items) => count(items, 'b') === 1)).toBe(true);
  });

  it('settles at once when the page applied the update before the ack came', async () => {
    const { client, held, ack, sessionUpdate } = await pageOfSession();
    const add = await addB(client, held);
    sessionUpdate(['a', 'b']);
    // The order the server no longer sends in: until the ack, nothing says this update is the add's.
    await expect.poll(() => count(client.getState()?.todo?.items as string[], 'b')).toBe(2);
    ack(add.message, 1);
    await add.done;
    expect(client.getState()?.todo?.items).toEqual(['a', 'b']);
  });

  it('keeps its copy over another tab’s update, then settles with its own', async () => {
    const { client, held, seen, ack, sessionUpdate } = await pageOfSession();
    const add = await addB(client, held);
    const from = seen.length;
    ack(add.message, 2); // another tab's add landed first, at seq 1
    sessionUpdate(['a', 'z']);
    await expect.poll(() => client.getState()?.todo?.items).toEqual(['a', 'z', 'b']);
    expect(add.settled()).toBe(false);
    sessionUpdate(['a', 'z', 'b']);
    await add.done;
    expect(client.getState()?.todo?.items).toEqual(['a', 'z', 'b']);
    expect(seen.slice(from).every((items) => count(items, 'b') === 1)).toBe(true);
  });

  it('settles on the next hydrate when the page never gets that update (it missed it, or left the document)', async () => {
    const { server, client, held, ack, sessionUpdate } = await pageOfSession();
    const add = await addB(client, held);
    ack(add.message, 1);
    const resyncs = server.resyncs;
    sessionUpdate(['a', 'b', 'c'], 2); // seq 1 never reaches the page: a gap, so a resync and a hydrate
    await add.done;
    expect(server.resyncs).toBe(resyncs + 1);
    expect(client.getState()?.todo?.items).toEqual(['a', 'b', 'c']);
  });

  it('is not sent again after a reconnect once acknowledged', async () => {
    const { server, client, held, ack } = await pageOfSession();
    const add = await addB(client, held);
    ack(add.message, 1);
    server.sockets.at(-1)?.disconnect();
    await expect.poll(() => client.getStatus()).toBe('connected');
    await add.done; // the reconnect's hydrate settles it
    expect(held).toHaveLength(1);
  });
});
