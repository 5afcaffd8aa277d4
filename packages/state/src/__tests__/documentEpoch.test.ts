import { createApp, defineState, MemoryStateManager } from '@core/state';
import { resolveApp } from '@core/state/internal';
import type { StateUpdate } from '@core/state/types';
import { describe, expect, it } from 'vitest';
import { NO_ROOMS } from '../testing/noRooms.js';

const Counter = defineState('counter', {
  vars: { n: 0 },
  events: {
    add(s, by: number) {
      s.n += by;
    },
  },
});

describe('document epochs', () => {
  it('hydrates a new token from its defaults without storing anything', async () => {
    const manager = new MemoryStateManager();
    const app = createApp({ states: [Counter], stateManager: manager });
    expect(await app.hydrate('fresh')).toEqual({ seq: 0, epoch: '', state: { counter: { n: 0 } } });
    expect(await manager.get('fresh')).toBeUndefined();
  });

  it('gives a stored document an epoch that every update carries to the transport, and a new one when it is recreated', async () => {
    const manager = new MemoryStateManager();
    const app = createApp({ states: [Counter], stateManager: manager });
    const updates: (StateUpdate & { epoch: string })[] = [];
    resolveApp(app, {
      listener: { update: (token, update, epoch) => void (token === 't' && updates.push({ ...update, epoch })) },
    });
    await app.dispatch('t', Counter.add(1));
    await app.dispatch('t', Counter.add(1));
    const { epoch } = await app.hydrate('t');
    expect(epoch).toMatch(/^[0-9a-z]{8}$/);
    expect(updates.map((u) => [u.seq, u.epoch])).toEqual([
      [1, epoch],
      [2, epoch],
    ]);
    // The document vanishes (expiry, a Redis restart); seq starts over, the epoch tells.
    await manager.delete('t');
    await app.dispatch('t', Counter.add(5));
    const recreated = updates[2];
    expect(recreated.seq).toBe(1);
    expect(recreated.epoch).not.toBe(epoch);
    expect(await app.hydrate('t')).toMatchObject({ seq: 1, epoch: recreated.epoch, state: { counter: { n: 5 } } });
  });

  it('gives a copied token its own epoch', async () => {
    const app = createApp({ states: [Counter] });
    const port = resolveApp(app);
    await app.dispatch('a', Counter.add(2));
    await port.open('b', { copyFrom: 'a' }, NO_ROOMS).ready;
    const [a, b] = [await app.hydrate('a'), await app.hydrate('b')];
    expect(b.state).toEqual(a.state);
    expect(b.epoch).not.toBe(a.epoch);
  });
});
