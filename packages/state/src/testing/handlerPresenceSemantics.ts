import { afterEach, describe, expect, it, vi } from 'vitest';
import { type App, type AppPort, createApp, resolveApp } from '../app/index.js';
import { defineState, type EventSpec } from '../definition/index.js';
import type { EventOutcome } from '../queue/index.js';
import type { ProcessLeaseFactory } from './processHarness.js';

const Lobby = defineState('lobby', {
  scope: 'app',
  vars: { log: [] as string[], seen: '' },
  onPresence(s, { kind, page }) {
    s.log = [...s.log, `${kind} ${page.id} ${String(page.meta.seat ?? '-')}`];
  },
  events: {
    claimSeat(_s, seat: number, ctx) {
      ctx.presence?.update({ seat });
    },
    crown(_s, name: string, ctx) {
      ctx.presence?.set({ name, host: true });
    },
    setThenThrow(_s, _payload: undefined, ctx) {
      ctx.presence?.update({ seat: 99 });
      throw new Error('changed its mind');
    },
    setBad(_s, kind: 'big' | 'function', ctx) {
      ctx.presence?.update(kind === 'big' ? { note: 'x'.repeat(2_000) } : { call: () => 1 });
    },
    probe(s, _payload: undefined, ctx) {
      s.seen = ctx.presence === undefined ? 'none' : JSON.stringify(ctx.presence.meta);
    },
  },
});
const Desk = defineState('desk', {
  scope: 'tab',
  vars: {},
  events: {
    away(_s, _payload: undefined, ctx) {
      ctx.presence?.update({ away: true });
    },
  },
});

/**
 * `ctx.presence` against a state manager, as a Vitest suite, with two apps on one store as two
 * processes: a handler sets its page's entry in its own document's list, checked like the page's own
 * metadata, applied at the commit, seen by the other process, with `onPresence` run once; it wins over
 * the page's own fields and `presenceMeta`, and is undefined in a step without a page connected here.
 *
 * @example
 * runHandlerPresenceConformance('memory', ({ peerOf, taskLease }) => peerOf ?? new MemoryStateManager({ taskLease }));
 */
export function runHandlerPresenceConformance(name: string, create: ProcessLeaseFactory): void {
  describe(`presence set by a handler: ${name}`, () => {
    const apps: App[] = [];
    afterEach(async () => {
      for (const app of apps.splice(0).reverse()) await app.close();
    });
    /** Two processes of one app: `a` first, `b` on the same store. */
    const serve = async () => {
      const open = async (peerOf?: App) => {
        const stateManager = await create({ taskLease: 3_000, peerOf: peerOf?.stateManager });
        const app = createApp({
          states: [Lobby, Desk],
          stateManager,
          presenceMeta: ({ token }) => ({ name: `user-${token}` }),
        });
        apps.push(app);
        return { app, port: resolveApp(app, { listener: { presence: () => {} } }) };
      };
      const a = await open();
      return { a, b: await open(a.app) };
    };
    /** An event as the transport sends one from socket `page`. */
    const send = (port: AppPort, token: string, event: EventSpec<unknown>, page?: string) =>
      new Promise<EventOutcome>((resolve) =>
        port.dispatch(token, event, { origin: 'client', ...(page ? { page } : {}) }, resolve),
      );
    const lobbyOf = async (app: App, token: string) =>
      (await app.snapshot(token)).lobby as { readonly log: readonly string[]; readonly seen: string };
    const metaOf = async (port: AppPort, key: string, id: string) =>
      (await port.presence.list(key)).entries.find((entry) => entry.id === id)?.meta;

    it("sets the calling page's entry in the list of the handler's document, seen on the other process, onPresence run once", async () => {
      const { a, b } = await serve();
      a.port.presence.enter('p1', 't1', '@app', 's1');
      b.port.presence.enter('p2', 't2', '@app', 's2');
      await vi.waitFor(async () => expect((await b.port.presence.list('@app')).entries).toHaveLength(2));
      expect(await send(a.port, 't1', Lobby.claimSeat(3), 's1')).toMatchObject({ ok: true });
      await vi.waitFor(async () => expect(await metaOf(b.port, '@app', 'p1')).toEqual({ name: 'user-t1', seat: 3 }));
      await vi.waitFor(async () => expect((await lobbyOf(b.app, 't2')).log).toContain('update p1 3'));
      expect((await lobbyOf(b.app, 't2')).log.filter((line) => line.startsWith('update'))).toEqual(['update p1 3']);
      // The page on the other process is untouched; it sets its own entry from there.
      expect(await metaOf(a.port, '@app', 'p2')).toEqual({ name: 'user-t2' });
      expect(await send(b.port, 't2', Lobby.claimSeat(4), 's2')).toMatchObject({ ok: true });
      await vi.waitFor(async () => expect(await metaOf(a.port, '@app', 'p2')).toEqual({ name: 'user-t2', seat: 4 }));
    });

    it("wins over the page's own fields and presenceMeta; the page cannot crowd it out; leaving the list forgets it", async () => {
      const { a } = await serve();
      a.port.presence.enter('p1', 't1', '@app', 's1');
      await send(a.port, 't1', Lobby.crown('Host'), 's1');
      a.port.presence.set('p1', { name: 'Mallory', host: false, typing: true });
      await vi.waitFor(async () =>
        expect(await metaOf(a.port, '@app', 'p1')).toEqual({ name: 'Host', host: true, typing: true }),
      );
      await send(a.port, 't1', Lobby.probe(), 's1');
      expect((await lobbyOf(a.app, 't1')).seen).toBe('{"name":"Host","host":true}');
      // Alone under the bound, too large with the server's fields: the page's own are left out.
      a.port.presence.set('p1', { pad: 'x'.repeat(1_000) });
      await vi.waitFor(async () => expect(await metaOf(a.port, '@app', 'p1')).toEqual({ name: 'Host', host: true }));
      a.port.presence.exit('p1', '@app');
      a.port.presence.enter('p1', 't1', '@app', 's1');
      a.port.presence.set('p1', {});
      await vi.waitFor(async () => expect(await metaOf(a.port, '@app', 'p1')).toEqual({ name: 'user-t1' }));
    });

    it("refuses what the page's own metadata may not be, and a handler that throws sets nothing", async () => {
      const { a } = await serve();
      a.port.presence.enter('p1', 't1', '@app', 's1');
      for (const kind of ['big', 'function'] as const) {
        const outcome = await send(a.port, 't1', Lobby.setBad(kind), 's1');
        expect(outcome).toMatchObject({ ok: false, error: { code: 'INVALID_PRESENCE' } });
        expect(outcome.ok ? '' : outcome.report.message).toMatch(
          kind === 'big' ? /ctx\.presence\.update\(\).*over the limit/ : /ctx\.presence\.update\(\).*not JSON/,
        );
      }
      expect(await send(a.port, 't1', Lobby.setThenThrow(), 's1')).toMatchObject({ ok: false });
      await send(a.port, 't1', Lobby.claimSeat(1), 's1');
      await vi.waitFor(async () => expect(await metaOf(a.port, '@app', 'p1')).toEqual({ name: 'user-t1', seat: 1 }));
      expect((await lobbyOf(a.app, 't1')).log.filter((line) => line.includes('99'))).toEqual([]);
    });

    it("a tab state's handler sets the page's entry in its tab's list only", async () => {
      const { a } = await serve();
      a.port.presence.enter('p1', 't1', '@app', 's1');
      a.port.presence.enter('p1', 't1', 't1', 's1');
      await send(a.port, 't1', Desk.away(), 's1');
      await vi.waitFor(async () => expect(await metaOf(a.port, 't1', 'p1')).toEqual({ name: 'user-t1', away: true }));
      expect(await metaOf(a.port, '@app', 'p1')).toEqual({ name: 'user-t1' });
    });

    it('is undefined without a calling page connected here: app.dispatch, another page id, modifyState', async () => {
      const { a, b } = await serve();
      a.port.presence.enter('p1', 't1', '@app', 's1');
      await a.app.dispatch('t1', Lobby.probe());
      expect((await lobbyOf(a.app, 't1')).seen).toBe('none');
      await send(a.port, 't1', Lobby.probe(), 's1');
      expect((await lobbyOf(a.app, 't1')).seen).toBe('{}');
      // The page is connected to the other process: this one has no entry of it to set.
      await send(b.port, 't1', Lobby.probe(), 's1');
      expect((await lobbyOf(a.app, 't1')).seen).toBe('none');
      expect(await a.app.modifyState('t1', (tx) => tx.presence)).toBeUndefined();
    });
  });
}
