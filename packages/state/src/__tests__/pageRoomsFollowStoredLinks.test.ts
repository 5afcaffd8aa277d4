import { createApp, defineState, MemoryStateManager } from '@core/state';
import { type PageRooms, resolveApp } from '@core/state/internal';
import { isReplayMessage } from '@core/state/protocol';
import type { StateUpdate } from '@core/state/types';
import { describe, expect, it } from 'vitest';

/**
 * Issue 23 item 1, on the runtime's side: which rooms a connected page is in follows its tab's
 * stored links, never what the page says it shows, and a room is joined before its log (or its
 * document) is read, so the replay still misses nothing.
 */

const Room = defineState('room', { scope: 'room', vars: { n: 0 } });
const Lobby = defineState('lobby', {
  vars: { joined: '' },
  events: {
    enter(s, key: string, ctx) {
      if (key === 'vip') throw new Error('members only');
      ctx.join(Room, key);
      s.joined = key;
    },
    leave(s, _: void, ctx) {
      ctx.leave(Room);
      s.joined = '';
    },
  },
});

/** A memory manager that writes down, in one list with the page's joins, which logs and documents are read. */
class RecordingManager extends MemoryStateManager {
  readonly calls: string[] = [];
  /** Runs once, just before the first read of this key's log or document (then forgotten). */
  beforeRead: { key: string; run: () => Promise<void> } | undefined;

  override async get(key: string) {
    await this.#maybeRun(key);
    this.calls.push(`get ${key}`);
    return super.get(key);
  }

  override async updatesSince(key: string, epoch: string, seq: number) {
    await this.#maybeRun(key);
    this.calls.push(`log ${key}`);
    return super.updatesSince(key, epoch, seq);
  }

  async #maybeRun(key: string) {
    const hook = this.beforeRead;
    if (hook?.key !== key) return;
    this.beforeRead = undefined;
    await hook.run();
  }
}

/** A page's rooms that record every join into the manager's list. */
function recordingRooms(calls: string[]): PageRooms & { readonly joined: Set<string>; readonly ever: Set<string> } {
  const joined = new Set<string>();
  const ever = new Set<string>();
  return {
    joined,
    ever,
    join(key) {
      calls.push(`join ${key}`);
      joined.add(key);
      ever.add(key);
    },
    keepOnly(keys) {
      for (const key of joined) if (!keys.includes(key)) joined.delete(key);
    },
  };
}

/** A tab that entered room `open` and was refused `vip`, with where its page stands. */
async function tabInRoom() {
  const manager = new RecordingManager();
  const app = createApp({ states: [Lobby, Room], stateManager: manager });
  const epochs = new Map<string, string>();
  const seqs = new Map<string, number>();
  const port = resolveApp(app, {
    listener: {
      update(key, update: StateUpdate, epoch) {
        epochs.set(key, epoch);
        seqs.set(key, update.seq);
      },
    },
  });
  await app.dispatch('t', Lobby.enter('open'));
  await app.dispatch('t', Lobby.enter('vip')).catch(() => {});
  await app.modifyState({ scope: 'room', key: 'open' }, async (tx) => {
    (await tx.get(Room)).n += 1;
  });
  const position = (key: string) => ({ seq: seqs.get(key) ?? 0, epoch: epochs.get(key) ?? '' });
  return { app, manager, port, position };
}

describe("a page's rooms", () => {
  it('are never those it names: a refused room or another session named on reconnect is not joined', async () => {
    const { manager, port, position } = await tabInRoom();
    const rooms = recordingRooms(manager.calls);
    const page = port.open('t', {}, rooms);
    const message = await page.catchUp({
      ...position('t'),
      shared: { '@room:open': position('@room:open'), '@room:vip': { seq: 0, epoch: '' }, '@session:x': position('x') },
    });
    expect(isReplayMessage(message)).toBe(false); // it names more than its tab shows: a hydrate
    expect([...rooms.ever]).toEqual(['@room:open']);
    expect([...rooms.joined]).toEqual(['@room:open']);

    // Naming only the refused room, with as many entries as the tab shows, changes nothing either.
    const other = recordingRooms([]);
    await port.open('t', {}, other).catchUp({ ...position('t'), shared: { '@room:vip': position('@room:open') } });
    expect([...other.ever]).toEqual(['@room:open']);
  });

  it("are joined after the tab's links are read and before the room's log is, so a replay misses nothing", async () => {
    const { manager, port, position } = await tabInRoom();
    const rooms = recordingRooms(manager.calls);
    manager.calls.length = 0;
    const message = await port
      .open('t', {}, rooms)
      .catchUp({ ...position('t'), shared: { '@room:open': { seq: 0, epoch: position('@room:open').epoch } } });
    expect(isReplayMessage(message) && message.updates.map((update) => update.source)).toEqual(['@room:open']);
    const order = manager.calls.filter((call) => call !== 'get t');
    expect(order.slice(0, 3)).toEqual(['log t', 'join @room:open', 'log @room:open']);
  });

  it('are left, and the page hydrated, when the tab leaves a room while its replay is read', async () => {
    const { app, manager, port, position } = await tabInRoom();
    const rooms = recordingRooms(manager.calls);
    manager.beforeRead = { key: '@room:open', run: () => app.dispatch('t', Lobby.leave()) };
    const message = await port
      .open('t', {}, rooms)
      .catchUp({ ...position('t'), shared: { '@room:open': position('@room:open') } });
    expect(rooms.ever.has('@room:open')).toBe(true); // it was a member when it joined
    expect([...rooms.joined]).toEqual([]);
    expect(isReplayMessage(message)).toBe(false);
    expect(!isReplayMessage(message) && message.state.lobby).toEqual({ joined: '' });
  });

  it('are left when the tab leaves a room while its hydrate is read, and the hydrate is read again', async () => {
    const { app, manager, port } = await tabInRoom();
    const rooms = recordingRooms(manager.calls);
    manager.beforeRead = { key: '@room:open', run: () => app.dispatch('t', Lobby.leave()) };
    const message = await port.open('t', {}, rooms).hydrate();
    expect(rooms.ever.has('@room:open')).toBe(true);
    expect([...rooms.joined]).toEqual([]);
    expect(message.state).toEqual({ lobby: { joined: '' }, room: { n: 0 } });
    expect(message.shared).toBeUndefined();
  });
});
