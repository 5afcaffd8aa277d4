import { createApp, defineState, MemoryStateManager, type StateUpdate } from '@core/state';
import { describe, expect, it } from 'vitest';

// app.replay is what a transport asks before sending a hydrate: the updates a page missed, exactly
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
  app.subscribeAll({ update: (_token, update, epoch) => sent.push({ update, epoch }) });
  for (let i = 0; i < 3; i++) await app.dispatch('t', Counter.inc(), { id: `page-${i}` });
  return { app, sent, epoch: sent[0].epoch };
}

describe('app.replay', () => {
  it('returns the updates after a seq exactly as they were sent, without backend vars', async () => {
    const { app, sent, epoch } = await setUp();
    expect(await app.replay('t', epoch, 0)).toEqual(sent.map((s) => s.update));
    expect(await app.replay('t', epoch, 2)).toEqual([sent[2].update]);
    expect(await app.replay('t', epoch, 3)).toEqual([]);
    expect(JSON.stringify(await app.replay('t', epoch, 0))).not.toContain('_hidden');
  });

  it('answers undefined for another epoch, a seq ahead, a bad seq or an unknown token', async () => {
    const { app, epoch } = await setUp();
    expect(await app.replay('t', 'other', 1)).toBeUndefined();
    expect(await app.replay('t', epoch, 4)).toBeUndefined();
    expect(await app.replay('t', epoch, -1)).toBeUndefined();
    expect(await app.replay('t', epoch, 1.5)).toBeUndefined();
    expect(await app.replay('t', '', 0)).toBeUndefined();
    expect(await app.replay('nobody', epoch, 0)).toBeUndefined();
  });

  it('answers undefined once the states changed shape (a hot reload): the page needs a hydrate', async () => {
    const { app, epoch } = await setUp();
    const Reloaded = defineState('counter', { vars: { n: 0, added: 1 }, events: { inc() {} } });
    app.replaceStates([Reloaded]);
    expect(await app.replay('t', epoch, 1)).toBeUndefined();
  });

  it('answers undefined for an app with shared states (only the tab document is replayed)', async () => {
    const Shared = defineState('everyone', { scope: 'app', vars: { visits: 0 }, events: {} });
    const app = createApp({ states: [Counter, Shared], stateManager: new MemoryStateManager() });
    let epoch = '';
    app.subscribeAll({ update: (_token, _update, e) => void (epoch = e) });
    await app.dispatch('t', Counter.inc());
    expect(epoch).not.toBe('');
    expect(await app.replay('t', epoch, 0)).toBeUndefined();
  });
});
