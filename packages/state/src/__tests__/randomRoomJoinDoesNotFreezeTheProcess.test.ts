import { createApp, defineState, isStateError, MemoryStateManager, type StateManager } from '@core/state';
import { describe, expect, it } from 'vitest';

// Issue 28, bug 1: a room-scoped handler that joined a room whose key it made up (random) and then
// read its state with ctx.get — while the tab was in a room whose key sorts after the new one —
// reached the new room's lock out of order, started over, made up another key, and so on: the
// step started over forever and the memory manager never yielded, freezing the process.

let runs = 0;
const Room = defineState('room', {
  scope: 'room',
  vars: { members: 0 },
  events: {
    async joinRandom(s, _: void, ctx) {
      runs += 1;
      s.members += 0; // the handler's own state: the current room's document is locked first
      const key = `a-${Math.random().toString(36).slice(2)}`; // sorts before 'zzz'
      ctx.join(Room, key);
      (await ctx.get(Room)).members += 1;
    },
  },
});
const Tab = defineState('tab', {
  vars: {},
  events: {
    enter(_s, key: string, ctx) {
      ctx.join(Room, key);
    },
  },
});

/** A manager that cannot grant a lock at once (no `tryLock`, as the Redis manager for a free key). */
function withoutTryLock(inner: MemoryStateManager): StateManager {
  return {
    get: (token) => inner.get(token),
    lock: (token, options) => inner.lock(token, options),
    delete: (token) => inner.delete(token),
    close: () => inner.close(),
    taskRegistry: inner.taskRegistry,
  };
}

describe('a step that reaches a shared document out of lock order', () => {
  it('takes a free one at once: the handler runs once and its random room is joined', async () => {
    const app = createApp({ states: [Room, Tab] });
    await app.dispatch('t', Tab.enter('zzz'));
    runs = 0;
    await app.dispatch('t', Room.joinRandom());
    expect(runs).toBe(1);
    expect((await app.snapshot('t')).room.members).toBe(1);
    await app.close();
  });

  it('starts over a bounded number of times, yielding to the event loop, then fails with LOCK_ORDER naming the keys', async () => {
    const app = createApp({ states: [Room, Tab], stateManager: withoutTryLock(new MemoryStateManager()) });
    await app.dispatch('t', Tab.enter('zzz'));
    runs = 0;
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 0);
    const failure = await app.dispatch('t', Room.joinRandom()).catch((error: unknown) => error);
    clearInterval(timer);
    expect(isStateError(failure, 'LOCK_ORDER')).toBe(true);
    expect((failure as Error).message).toMatch(/started over 8 times .*@room:zzz, @room:a-/);
    expect(runs).toBe(9); // the first attempt and eight start-overs, no more
    expect(ticks).toBeGreaterThan(0); // the process kept answering meanwhile
    // Nothing of the failed step was kept, and the token still serves events.
    expect((await app.snapshot('t')).room.members).toBe(0);
    await app.dispatch('t', Tab.enter('other'));
    await app.close();
  });
});
