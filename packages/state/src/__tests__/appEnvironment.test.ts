import { createApp, defineState, isStateError, MemoryStateManager, silentLogger } from '@core/state';
import { describe, expect, it } from 'vitest';

const Counter = defineState('counter', {
  vars: { n: 0 },
  events: {
    add(s, n: number) {
      s.n += n;
    },
    peekAtApp(_s, _: void, ctx) {
      seenApp = ctx.app;
    },
  },
});
let seenApp: unknown;

describe('an app configured once', () => {
  it('takes the parts it was created without from one configure() call', async () => {
    const manager = new MemoryStateManager();
    const app = createApp({ states: [Counter] });
    expect(app.configured.size).toBe(0);
    app.configure({ stateManager: manager, logger: silentLogger, dev: true });
    expect(app.stateManager).toBe(manager);
    expect(app.dev).toBe(true);
    expect([...app.configured].sort()).toEqual(['dev', 'logger', 'stateManager']);
    await app.dispatch('t', Counter.add(2));
    expect((await manager.get('t'))?.states.counter.n).toBe(2);
  });

  it('refuses a change once the app has served a token, instead of splitting state across stores', async () => {
    const app = createApp({ states: [Counter] });
    await app.dispatch('t', Counter.add(1));
    const late = (() => {
      try {
        app.configure({ stateManager: new MemoryStateManager() });
      } catch (error) {
        return error;
      }
    })();
    expect(isStateError(late, 'INVALID_CONFIG')).toBe(true);
    expect(() => app.useStateManager(new MemoryStateManager())).toThrow(/already served a token/);
    expect((await app.snapshot('t')).counter.n).toBe(1);
  });

  it('refuses to set a part twice with another value, but accepts the same value again', () => {
    const logger = { ...silentLogger };
    const app = createApp({ states: [Counter], logger });
    app.configure({ logger });
    expect(() => app.configure({ logger: { ...silentLogger } })).toThrow(/Cannot set logger twice/);
    expect(app.logger).toBe(logger);
  });

  it('gives handlers a narrow handle: dispatch, modifyState, snapshot, hydrate, tokens — not close or replaceStates', async () => {
    const app = createApp({ states: [Counter] });
    await app.dispatch('t', Counter.peekAtApp());
    const handle = seenApp as Record<string, unknown>;
    expect(Object.keys(handle).sort()).toEqual(['dispatch', 'hydrate', 'modifyState', 'snapshot', 'tokens']);
    expect(handle.close).toBeUndefined();
    expect(Object.isFrozen(handle)).toBe(true);
    await (handle.dispatch as typeof app.dispatch)('other', Counter.add(5));
    expect((await app.snapshot('other')).counter.n).toBe(5);
  });
});
