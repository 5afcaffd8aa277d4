import { createApp, defineState, MemoryStateManager } from '@core/state';
import { resolveApp } from '@core/state/internal';
import type { StateUpdate } from '@core/state/types';
import { describe, expect, it } from 'vitest';

// The port's replay is what a transport asks before sending a hydrate: the updates a page missed, exactly
// as they were sent, or undefined when only a hydrate can bring the page back.
const Counter = defineState('counter', {
  vars: { n: 0, _hidden: 0 },
  events: {
    inc(s) {
      s.n += 1;
      s._hidden += 1;
    },
  },
});

async function setUp(states = [Counter] as const) {
  const app = createApp({ states: [...states], stateManager: new MemoryStateManager() });
  const sent: { update: StateUpdate; epoch: string }[] = [];
  const port = resolveApp(app, { listener: { update: (_token, update, epoch) => sent.push({ update, epoch }) } });
  for (let i = 0; i < 3; i++) await app.dispatch('t', Counter.inc(), { id: `page-${i}` });
  return { app, port, sent, epoch: sent[0].epoch };
}

describe('replay (the transport port)', () => {
  it('returns the updates after a seq exactly as they were sent, without backend vars', async () => {
    const { port, sent, epoch } = await setUp();
    expect((await port.replay('t', { epoch: epoch, seq: 0 }))?.updates).toEqual(sent.map((s) => s.update));
    expect((await port.replay('t', { epoch: epoch, seq: 2 }))?.updates).toEqual([sent[2].update]);
    expect((await port.replay('t', { epoch: epoch, seq: 3 }))?.updates).toEqual([]);
    expect(JSON.stringify((await port.replay('t', { epoch: epoch, seq: 0 }))?.updates)).not.toContain('_hidden');
  });

  it('answers undefined for another epoch, a seq ahead, a bad seq or an unknown token', async () => {
    const { port, epoch } = await setUp();
    expect((await port.replay('t', { epoch: 'other', seq: 1 }))?.updates).toBeUndefined();
    expect((await port.replay('t', { epoch: epoch, seq: 4 }))?.updates).toBeUndefined();
    expect((await port.replay('t', { epoch: epoch, seq: -1 }))?.updates).toBeUndefined();
    expect((await port.replay('t', { epoch: epoch, seq: 1.5 }))?.updates).toBeUndefined();
    expect((await port.replay('t', { epoch: '', seq: 0 }))?.updates).toBeUndefined();
    expect((await port.replay('nobody', { epoch: epoch, seq: 0 }))?.updates).toBeUndefined();
  });

  it('answers undefined once the states changed shape (a hot reload): the page needs a hydrate', async () => {
    const { app, port, epoch } = await setUp();
    const Reloaded = defineState('counter', { vars: { n: 0, added: 1 }, events: { inc() {} } });
    app.replaceStates([Reloaded]);
    expect((await port.replay('t', { epoch: epoch, seq: 1 }))?.updates).toBeUndefined();
  });

  it('replays the shared documents a tab shows too, each update with its source, and only when each is covered', async () => {
    const Shared = defineState('everyone', {
      scope: 'app',
      vars: { visits: 0 },
      events: {
        visit(s) {
          s.visits += 1;
        },
      },
    });
    const app = createApp({ states: [Counter, Shared], stateManager: new MemoryStateManager() });
    const sent: { key: string; update: StateUpdate; epoch: string }[] = [];
    const port = resolveApp(app, {
      listener: { update: (key, update, epoch) => void sent.push({ key, update, epoch }) },
    });
    await app.dispatch('t', Counter.inc());
    await app.dispatch('t', Shared.visit());
    await app.dispatch('t', Shared.visit());
    const tabEpoch = sent.find((s) => s.key === 't')?.epoch ?? '';
    const appEpoch = sent.find((s) => s.key === '@app')?.epoch ?? '';
    const replayed = await port.replay('t', {
      seq: 0,
      epoch: tabEpoch,
      shared: { '@app': { seq: 1, epoch: appEpoch } },
    });
    expect(replayed?.keys).toEqual(['@app']);
    expect(replayed?.updates.map((u) => [u.source, u.seq])).toEqual([
      [undefined, 1],
      ['@app', 2],
    ]);
    // The page does not know the shared document (or names another): it needs a hydrate.
    expect(await port.replay('t', { seq: 0, epoch: tabEpoch })).toBeUndefined();
    expect(
      await port.replay('t', { seq: 0, epoch: tabEpoch, shared: { '@app': { seq: 1, epoch: 'old' } } }),
    ).toBeUndefined();
    // A shared document the page saw unstored (epoch '') that exists now: its updates from its
    // creation, with its epoch (they turn the defaults the page shows into the document). Before,
    // the whole tab was hydrated again: with a large state, a second copy of all of it.
    const created = await port.replay('t', { seq: 1, epoch: tabEpoch, shared: { '@app': { seq: 0, epoch: '' } } });
    expect(created?.updates.map((u) => [u.source, u.seq, u.epoch])).toEqual([
      ['@app', 1, appEpoch],
      ['@app', 2, appEpoch],
    ]);
  });

  it('hydrates for a shared document created since the page saw it, once its log no longer starts at its creation', async () => {
    const Shared = defineState('everyone', {
      scope: 'app',
      vars: { visits: 0 },
      events: { visit: (s) => void s.visits++ },
    });
    const app = createApp({
      states: [Counter, Shared],
      stateManager: new MemoryStateManager({ replayLog: { updates: 1 } }),
    });
    const sent: { key: string; epoch: string }[] = [];
    const port = resolveApp(app, { listener: { update: (key, _update, epoch) => void sent.push({ key, epoch }) } });
    await app.dispatch('t', Counter.inc());
    await app.dispatch('t', Shared.visit());
    await app.dispatch('t', Shared.visit());
    const tabEpoch = sent.find((s) => s.key === 't')?.epoch ?? '';
    expect(
      await port.replay('t', { seq: 1, epoch: tabEpoch, shared: { '@app': { seq: 0, epoch: '' } } }),
    ).toBeUndefined();
  });
});
