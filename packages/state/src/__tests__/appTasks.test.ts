import {
  createApp,
  defineAppTask,
  defineState,
  isStateError,
  MemoryStateManager,
  type StateErrorCode,
  sleep,
} from '@core/state';
import { resolveApp } from '@core/state/internal';
import { afterEach, describe, expect, it, vi } from 'vitest';

const Clock = defineState('clock', { scope: 'app', vars: { ticks: 0 } });
const ticking = defineAppTask('ticking', { every: '1s' }, (task) =>
  task.modify({ scope: 'app' }, async (tx) => {
    (await tx.get(Clock)).ticks += 1;
  }),
);
const codeOf = (run: () => unknown): StateErrorCode | string => {
  try {
    run();
    return 'no error';
  } catch (error) {
    return isStateError(error) ? error.code : String(error);
  }
};

describe('app-lifetime tasks (createApp({ tasks }))', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('start when the app is resolved by its host, not before, and write app state through modify', async () => {
    vi.useFakeTimers({ now: 10_000_000 });
    const app = createApp({ states: [Clock], tasks: [ticking] });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(app.appTasks.list()).toMatchObject([{ name: 'ticking', schedule: 'every 1s', state: 'waiting', runs: 0 }]);
    resolveApp(app);
    await vi.advanceTimersByTimeAsync(5_000);
    expect((await app.snapshot('t')).clock.ticks).toBe(5);
    expect(app.appTasks.list()).toMatchObject([
      { name: 'ticking', state: 'running', runs: 5, failures: 0, lastRun: 10_008_000, holder: expect.any(String) },
    ]);
    await app.close();
    expect(app.appTasks.list()).toMatchObject([{ name: 'ticking', state: 'stopped', holder: undefined, runs: 5 }]);
  });

  it('two apps on one manager (two processes) run the task once: one tick per second in all', async () => {
    vi.useFakeTimers({ now: 20_000_000 });
    const manager = new MemoryStateManager();
    const a = createApp({ states: [Clock], tasks: [ticking], stateManager: manager });
    const b = createApp({ states: [Clock], tasks: [ticking], stateManager: manager });
    resolveApp(a);
    resolveApp(b);
    await vi.advanceTimersByTimeAsync(6_000);
    expect((await a.snapshot('t')).clock.ticks).toBe(6);
    const states = [...a.appTasks.list(), ...b.appTasks.list()].map((task) => task.state).sort();
    expect(states).toEqual(['elsewhere', 'running']);
    const [holder, other] = a.appTasks.list()[0]?.state === 'running' ? [a, b] : [b, a];
    // The other process names the holder, and has run nothing itself.
    expect(other.appTasks.list()[0]).toMatchObject({ holder: holder.appTasks.list()[0]?.holder, runs: 0 });
    expect(other.appTasks.list()[0]?.holder).not.toBeUndefined();
    await holder.close(); // a graceful stop hands the task over at the next tick
    await vi.advanceTimersByTimeAsync(2_000);
    expect(other.appTasks.list()[0]?.state).toBe('running');
    await other.close();
  });

  it("aborts a task's signal on close with the reason 'app closed', and restarts it on replace (a reload)", async () => {
    vi.useFakeTimers({ now: 30_000_000 });
    const reasons: unknown[] = [];
    let starts = 0;
    const feed = (version: number) =>
      defineAppTask('feed', async (task) => {
        starts += version;
        try {
          await sleep(3_600_000, task.signal);
        } catch (error) {
          reasons.push(error);
        }
      });
    const app = createApp({ states: [Clock], tasks: [feed(1)] });
    resolveApp(app);
    await vi.advanceTimersByTimeAsync(10);
    expect(starts).toBe(1);
    await app.appTasks.replace([feed(10)]);
    await vi.advanceTimersByTimeAsync(10);
    expect(starts).toBe(11);
    await app.close();
    expect(reasons).toMatchObject([
      { name: 'AbortError', reason: 'cancelled' },
      { name: 'AbortError', reason: 'app closed' },
    ]);
  });

  it('refuses two tasks of one name, a bad name and a bad schedule', () => {
    expect(codeOf(() => createApp({ states: [Clock], tasks: [ticking, ticking] }))).toBe('INVALID_DEFINITION');
    expect(codeOf(() => defineAppTask('has space', async () => {}))).toBe('INVALID_DEFINITION');
    expect(codeOf(() => defineAppTask('x', { every: 'soon' }, async () => {}))).toBe('INVALID_SCHEDULE');
    expect(codeOf(() => defineAppTask('x', { cron: '61 * * * *' }, async () => {}))).toBe('INVALID_SCHEDULE');
  });
});
