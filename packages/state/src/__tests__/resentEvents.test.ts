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
  background: {
    async bump(task) {
      await task.modify((s) => {
        s.n += 1;
      });
    },
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

  it('runs once when more than 64 were in flight: a page keeps a high-water mark per instance', async () => {
    const shared = new MemoryStateManager();
    const a = createApp({ states: [Counter], stateManager: shared });
    const b = createApp({ states: [Counter], stateManager: shared });
    const send = (app: typeof a, n: number) =>
      app.dispatch('t', Counter.inc(), { origin: 'client', id: `page-${n}`, order: { source: 'page', n } });
    // 200 events in flight on the old connection all ran, then their acks were lost...
    await Promise.all(Array.from({ length: 200 }, (_, n) => send(a, n)));
    // ...so the page resends all 200 on its new connection (another process), then goes on.
    await Promise.all(Array.from({ length: 200 }, (_, n) => send(b, n)));
    await send(b, 200);
    expect((await a.snapshot('t')).resent.n).toBe(201);
  });

  it('keeps the high-water marks of a bounded number of page instances, the least recent dropped', async () => {
    const app = createApp({ states: [Counter] });
    for (let i = 0; i < 40; i++) {
      await app.dispatch('t', Counter.noop(), { id: `p${i}-0`, order: { source: `p${i}`, n: 0 } });
    }
    const sources = (await app.stateManager.get('t'))?.sources ?? {};
    expect(Object.keys(sources)).toHaveLength(32);
    expect(Object.keys(sources)[0]).toBe('p8');
  });

  it('starts a background task once when its start is resent', async () => {
    const app = createApp({ states: [Counter] });
    const start = () =>
      app.dispatch('t', Counter.bump(), { origin: 'client', id: 'p-0', order: { source: 'p', n: 0 } });
    await start();
    await start();
    await app.idle();
    expect((await app.snapshot('t')).resent.n).toBe(1);
  });
});
