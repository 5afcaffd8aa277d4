import { createApp, defineState, isStateError, MemoryStateManager, silentLogger } from '@core/state';
import { resolveApp } from '@core/state/internal';
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
  it("takes the parts it was created without from its host's one resolve step", async () => {
    const manager = new MemoryStateManager();
    const app = createApp({ states: [Counter] });
    const port = resolveApp(app, { stateManager: manager, logger: silentLogger, dev: true });
    expect(port.settings.stateManager).toBe(manager);
    expect(app.stateManager).toBe(manager);
    expect(app.dev).toBe(true);
    await app.dispatch('t', Counter.add(2));
    expect((await manager.get('t'))?.states.counter.n).toBe(2);
  });

  it('refuses a resolve once the app has served a token, instead of splitting state across stores', async () => {
    const app = createApp({ states: [Counter] });
    await app.dispatch('t', Counter.add(1));
    const late = (() => {
      try {
        resolveApp(app, { stateManager: new MemoryStateManager() });
      } catch (error) {
        return error;
      }
    })();
    expect(isStateError(late, 'INVALID_CONFIG')).toBe(true);
    expect(() => resolveApp(app)).toThrow(/Cannot resolve the app again/);
    expect((await app.snapshot('t')).counter.n).toBe(1);
  });

  it("keeps the app's own settings over its host's, and refuses another state manager than the app's own", () => {
    const logger = { ...silentLogger };
    const app = createApp({ states: [Counter], logger, dev: false });
    const port = resolveApp(app, { logger: { ...silentLogger }, dev: true });
    expect(app.logger).toBe(logger);
    expect(port.settings.dev).toBe(false);
    const own = createApp({ states: [Counter], stateManager: new MemoryStateManager() });
    expect(() => resolveApp(own, { stateManager: new MemoryStateManager() })).toThrow(
      /give the state manager in one place/,
    );
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
