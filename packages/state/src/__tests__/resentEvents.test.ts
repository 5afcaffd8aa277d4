import { createApp, defineState, MemoryStateManager } from '@core/state';
import { describe, expect, it } from 'vitest';

const Counter = defineState('resent', {
  vars: { n: 0 },
  events: {
    inc(s) {
      s.n += 1;
    },
    noop() {},
  },
});

describe('an event resent with the same id (its ack was lost)', () => {
  it('runs once, even when another process gets the resend (the id is kept with the state)', async () => {
    const shared = new MemoryStateManager(); // two apps on one store stand for two processes
    const a = createApp({ states: [Counter], stateManager: shared });
    const b = createApp({ states: [Counter], stateManager: shared });
    await a.dispatch('t', Counter.inc(), { origin: 'client', id: 'page-1' });
    await b.dispatch('t', Counter.inc(), { origin: 'client', id: 'page-1' });
    await b.dispatch('t', Counter.noop(), { origin: 'client', id: 'page-2' });
    await a.dispatch('t', Counter.noop(), { origin: 'client', id: 'page-2' });
    await b.dispatch('t', Counter.inc(), { origin: 'client', id: 'page-3' });
    expect((await a.snapshot('t')).resent.n).toBe(2);
  });

  it('remembers a bounded number of ids per token', async () => {
    const app = createApp({ states: [Counter] });
    for (let i = 0; i < 100; i++) await app.dispatch('t', Counter.inc(), { id: `e${i}` });
    await app.dispatch('t', Counter.inc(), { id: 'e99' }); // recent: skipped
    await app.dispatch('t', Counter.inc(), { id: 'e0' }); // forgotten long ago: runs
    expect((await app.snapshot('t')).resent.n).toBe(101);
    const doc = await app.stateManager.get('t');
    expect(doc?.events?.length).toBe(64);
  });
});
