import { createApp, defineState, MemoryStateManager } from '@core/state';
import { type PresenceChange, resolveApp } from '@core/state/internal';
import { describe, expect, it, vi } from 'vitest';

const Online = defineState('online', {
  scope: 'app',
  vars: { count: 0, log: [] as string[] },
  onPresence(s, { kind, page, count }) {
    s.count = count;
    s.log = [...s.log, `${kind} ${String(page.meta.name)}`];
  },
});
const Profile = defineState('profile', { scope: 'session', vars: { name: '' } });
const Room = defineState('room', { scope: 'room', vars: {} });

/** Names the demo's sign-in would give: `presenceMeta` reads them when a page enters a list. */
const renamed = new Map<string, string>();

function serve(manager = new MemoryStateManager()) {
  const app = createApp({
    states: [Online, Profile, Room],
    stateManager: manager,
    presenceMeta: ({ token }) => ({ name: renamed.get(token) ?? `user-${token}` }),
  });
  const changes: PresenceChange[] = [];
  const port = resolveApp(app, { listener: { presence: (change) => changes.push(change) } });
  return { app, port, changes };
}

describe('presence in the app', () => {
  it('runs onPresence once per change with the count read under the lock, and tells the transport', async () => {
    const { app, port, changes } = serve();
    port.presence.enter('p1', 't1', '@app');
    port.presence.enter('p2', 't2', '@app');
    await vi.waitFor(async () => expect((await app.snapshot('t1')).online.count).toBe(2));
    port.presence.exit('p1', '@app');
    await vi.waitFor(async () => expect((await app.snapshot('t1')).online.count).toBe(1));
    expect((await app.snapshot('t1')).online.log).toEqual(['join user-t1', 'join user-t2', 'leave user-t1']);
    expect(changes.map((change) => `${change.kind} ${change.entry.id} v${change.version}`)).toEqual([
      'join p1 v1',
      'join p2 v2',
      'leave p1 v3',
    ]);
    await app.close();
  });

  it('keeps what the app derives over what the page sets, and refuses metadata that is not a small JSON object', async () => {
    const { app, port } = serve();
    port.presence.enter('p1', 't1', '@app');
    port.presence.set('p1', { typing: true, name: 'Mallory' });
    await vi.waitFor(async () =>
      expect((await port.presence.list('@app')).entries.map((entry) => entry.meta)).toEqual([
        { typing: true, name: 'user-t1' },
      ]),
    );
    expect(() => port.presence.set('p1', { big: 'x'.repeat(2_000) })).toThrow(/over the limit/);
    await app.close();
  });

  it('a page whose derived metadata changed when it entered another list (a sign-in) is updated in every list', async () => {
    const { app, port } = serve();
    port.presence.enter('p1', 'signs-in', '@app');
    await vi.waitFor(async () => expect((await port.presence.list('@app')).entries).toHaveLength(1));
    renamed.set('signs-in', 'Ada');
    port.presence.enter('p1', 'signs-in', '@session:new');
    await vi.waitFor(async () =>
      expect((await port.presence.list('@app')).entries.map((entry) => entry.meta.name)).toEqual(['Ada']),
    );
    expect((await port.presence.list('@session:new')).entries.map((entry) => entry.meta.name)).toEqual(['Ada']);
    await app.close();
  });

  it("a page watches the list of the document holding the state for its tab: the app's, or its own tab's for a room state outside a room", async () => {
    const { app, port } = serve();
    expect(await port.presence.keyOf('t1', 'online')).toBe('@app');
    expect(await port.presence.keyOf('t1', 'room')).toBe('t1');
    expect(await port.presence.keyOf('t1', 'nope')).toBeUndefined();
    await app.close();
  });

  it('two apps on one manager share the lists; a closing app takes its pages out', async () => {
    const manager = new MemoryStateManager();
    const a = serve(manager);
    const b = serve(manager);
    a.port.presence.enter('pa', 'ta', '@app');
    b.port.presence.enter('pb', 'tb', '@app');
    await vi.waitFor(async () =>
      expect((await b.port.presence.list('@app')).entries.map((e) => e.id).sort()).toEqual(['pa', 'pb']),
    );
    await a.app.close();
    expect((await b.port.presence.list('@app')).entries.map((e) => e.id)).toEqual(['pb']);
    expect(a.changes.at(-1)).toMatchObject({ kind: 'leave', entry: { id: 'pa' } });
    await b.app.close();
  });
});
