import { afterEach, describe, expect, it } from 'vitest';
import { createApp, resolveApp } from '../app/index.js';
import { defineState } from '../definition/index.js';
import { isStateError } from '../errors.js';
import type { StateManager } from '../managers/index.js';
import type { StateUpdate } from '../protocol.js';
import { NO_ROOMS } from './noRooms.js';

/**
 * Scopes on top of a state manager, as a Vitest suite: app, session and room documents shared by
 * tabs, join/leave, locks on several keys taken in one order (no deadlock, exact totals).
 *
 * @example
 * runScopeConformance('memory', () => new MemoryStateManager());
 */
export function runScopeConformance(name: string, create: () => Promise<StateManager> | StateManager): void {
  describe(`scopes: ${name}`, () => {
    const apps: ReturnType<typeof createApp>[] = [];
    let counter = 0;
    const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${counter++}`;

    const Shared = defineState('shared', {
      scope: 'app',
      vars: { count: 0 },
      events: {
        increment(s) {
          s.count += 1;
        },
      },
    });
    const Cart = defineState('cart', {
      scope: 'session',
      vars: { items: [] as string[] },
      events: {
        add(s, item: string) {
          s.items.push(item);
        },
      },
    });
    const Room = defineState('room', {
      scope: 'room',
      vars: { counter: 0 },
      events: {
        increment(s) {
          s.counter += 1;
        },
      },
      background: {
        async bump(task) {
          for (let i = 0; i < 10; i++) {
            await task.modify((s) => {
              s.counter += 1;
            });
          }
        },
      },
    });
    const Tab = defineState('tab', {
      vars: { touches: 0, seenUser: '' },
      events: {
        async signIn(_s, name: string, ctx) {
          await ctx.signIn({ name });
          (await ctx.get(Cart)).items.push(`signed in ${name}`);
        },
        async signOut(_s, _: void, ctx) {
          await ctx.signOut();
        },
        whoAmI(s, _: void, ctx) {
          s.seenUser = (ctx.user as { name?: string } | undefined)?.name ?? '';
        },
        join(_s, key: string, ctx) {
          ctx.join(Room, key);
        },
        leave(_s, _: void, ctx) {
          ctx.leave(Room);
        },
        // Touches every scope, in the order given: out-of-order access starts the step over.
        async touch(s, order: string[], ctx) {
          s.touches += 1;
          for (const scope of order) {
            if (scope === 'app') (await ctx.get(Shared)).count += 1;
            if (scope === 'session') (await ctx.get(Cart)).items.push('x');
            if (scope === 'room') (await ctx.get(Room)).counter += 1;
          }
        },
        async *appThenSessionAfterYield(_s, _: void, ctx) {
          (await ctx.get(Shared)).count += 1;
          yield;
          (await ctx.get(Cart)).items.push('late');
        },
      },
    });

    const start = async () => {
      const app = createApp({ states: [Shared, Cart, Room, Tab], stateManager: await create() });
      apps.push(app);
      return app;
    };

    afterEach(async () => {
      await Promise.all(apps.splice(0).map((app) => app.close()));
    });

    it('shares an app-scoped state between every tab, and sends its updates on the app document', async () => {
      const app = await start();
      const [a, b] = [unique('a'), unique('b')];
      const updates: StateUpdate[] = [];
      app.subscribe('@app', (update) => updates.push(update));
      const before = (await app.snapshot(a)).shared.count as number;
      await app.dispatch(a, Shared.increment());
      await app.dispatch(b, Shared.increment());
      expect((await app.snapshot(a)).shared.count).toBe(before + 2);
      expect((await app.snapshot(b)).shared.count).toBe(before + 2);
      expect(updates.map((u) => u.patches[0]?.path)).toEqual([
        ['shared', 'count'],
        ['shared', 'count'],
      ]);
    });

    it('shares a session-scoped state between the tabs of one session only', async () => {
      const app = await start();
      const session = unique('s');
      const [a, b, c] = [unique('a'), unique('b'), unique('c')];
      await app.dispatch(a, Cart.add('apple'), { session });
      await app.dispatch(b, Cart.add('pear'), { session });
      await app.dispatch(c, Cart.add('plum'), { session: unique('other') });
      expect((await app.snapshot(a)).cart.items).toEqual(['apple', 'pear']);
      expect((await app.hydrate(b, { session })).state.cart.items).toEqual(['apple', 'pear']);
      expect((await app.snapshot(c)).cart.items).toEqual(['plum']);
      const hydration = await app.hydrate(a, { session });
      expect(hydration.shared?.['@session']?.states).toEqual(['cart']);
    });

    it('joins and leaves rooms: background tasks of three tabs add up exactly; leaving brings back the private copy', async () => {
      const app = await start();
      const room = unique('room');
      const tabs = [unique('t1'), unique('t2'), unique('t3')];
      await app.dispatch(tabs[0], Room.increment()); // a private copy before joining
      for (const tab of tabs) await app.dispatch(tab, Tab.join(room));
      await Promise.all(tabs.map((tab) => app.dispatch(tab, Room.bump())));
      await app.idle();
      for (const tab of tabs) expect((await app.snapshot(tab)).room.counter).toBe(30);
      const elsewhere = unique('t4');
      await app.dispatch(elsewhere, Tab.join(unique('other-room')));
      expect((await app.snapshot(elsewhere)).room.counter).toBe(0);
      await app.dispatch(tabs[0], Tab.leave());
      expect((await app.snapshot(tabs[0])).room.counter).toBe(1);
      expect((await app.snapshot(tabs[1])).room.counter).toBe(30);
      // From outside (a webhook): the room's document, seen by every tab still in it.
      await app.modifyState({ scope: 'room', key: room }, async (tx) => {
        (await tx.get(Room)).counter += 5;
      });
      expect((await app.snapshot(tabs[2])).room.counter).toBe(35);
      const wrong = await app
        .modifyState({ scope: 'room', key: room }, async (tx) => tx.get(Tab))
        .catch((error: unknown) => error);
      expect(isStateError(wrong, 'WRONG_SCOPE')).toBe(true);
    });

    it('never deadlocks when handlers touch shared states in random orders, and keeps exact totals', async () => {
      const app = await start();
      const session = unique('s');
      const room = unique('room');
      const tabs = [unique('t1'), unique('t2'), unique('t3')];
      for (const tab of tabs) await app.dispatch(tab, Tab.join(room), { session });
      const orders = randomOrders(60, 7);
      const before = (await app.snapshot(tabs[0])).shared.count as number;
      await Promise.all(orders.map((order, i) => app.dispatch(tabs[i % 3], Tab.touch(order), { session })));
      const count = (scope: string) => orders.reduce((n, order) => n + order.filter((s) => s === scope).length, 0);
      const view = await app.snapshot(tabs[0]);
      expect((view.shared.count as number) - before).toBe(count('app'));
      expect(view.cart.items).toHaveLength(count('session'));
      expect(view.room.counter).toBe(count('room'));
      const touches = await Promise.all(tabs.map(async (tab) => (await app.snapshot(tab)).tab.touches as number));
      expect(touches.reduce((a, b) => a + b, 0)).toBe(orders.length);
    });

    it('signs in by moving the session to a new id with its states, and signs out to an empty one', async () => {
      const app = await start();
      const planted = unique('planted'); // an id an attacker could have planted in the browser
      const tab = unique('t');
      const updates: string[] = [];
      const port = resolveApp(app, {
        listener: { relinked: (token, links) => void (token === tab && updates.push(String(links.session))) },
      });
      await app.dispatch(tab, Cart.add('apple'), { session: planted });
      await app.dispatch(tab, Tab.signIn('Ada'));
      await app.dispatch(tab, Tab.whoAmI());
      const signedIn = await app.hydrate(tab);
      expect(signedIn.state.cart.items).toEqual(['apple', 'signed in Ada']);
      expect(signedIn.state.tab.seenUser).toBe('Ada');
      expect(updates).toHaveLength(2);
      expect(updates[1]).not.toBe(planted);
      // The planted id leads to the old, signed-out document: it did not follow.
      const other = unique('other');
      await port.open(other, { session: planted }, NO_ROOMS).catchUp();
      expect((await app.snapshot(other)).cart.items).toEqual(['apple']);
      await app.dispatch(tab, Tab.signOut());
      await app.dispatch(tab, Tab.whoAmI());
      const signedOut = await app.snapshot(tab);
      expect(signedOut.cart.items).toEqual([]);
      expect(signedOut.tab.seenUser).toBe('');
    });

    it('refuses out-of-order access to a busy document after a yield with LOCK_ORDER, keeping what the yield committed', async () => {
      const app = await start();
      const session = unique('s');
      const tab = unique('t');
      await app.dispatch(tab, Cart.add('first'), { session }); // links the session
      const before = (await app.snapshot(tab)).shared.count as number;
      // Another step holds the session's document: reaching it out of order cannot wait for it
      // (a free one would be taken at once, where the manager can grant it without waiting).
      const other = await app.stateManager.lock(`@session:${session}`);
      const failure = await app.dispatch(tab, Tab.appThenSessionAfterYield(), { session }).catch((e: unknown) => e);
      await other.release();
      expect(isStateError(failure, 'LOCK_ORDER')).toBe(true);
      const view = await app.snapshot(tab);
      expect(view.shared.count).toBe(before + 1);
      expect(view.cart.items).toEqual(['first']);
    });
  });
}

/** `count` random access orders (0 to 4 scopes each, repeats allowed) from a seeded generator. */
function randomOrders(count: number, seed: number): string[][] {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const scopes = ['app', 'session', 'room'];
  return Array.from({ length: count }, () =>
    Array.from({ length: Math.floor(next() * 5) }, () => scopes[Math.floor(next() * scopes.length)]),
  );
}
