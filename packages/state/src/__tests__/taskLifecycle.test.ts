import { createApp, defineState, isStateError, MemoryStateManager, sleep } from '@core/state';
import { runTaskLifecycleConformance } from '@core/state/conformance';
import { resolveApp } from '@core/state/internal';
import type { TaskEndInfo } from '@core/state/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NO_ROOMS } from '../testing/noRooms.js';

runTaskLifecycleConformance('MemoryStateManager', (options) => options.peerOf ?? new MemoryStateManager(options));

describe('background task lifecycle (fake timers)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const ends: TaskEndInfo[] = [];
  const Ticker = defineState('ticker', {
    vars: { running: false },
    background: {
      ticking: {
        exclusive: 'skip',
        async run(task) {
          await task.modify((s) => {
            s.running = true;
          });
          for (;;) await sleep(1_000, task.signal);
        },
      },
    },
    onTaskEnd(s, info) {
      ends.push(info);
      s.running = false;
    },
  });

  it('cancels a token’s tasks exactly when its last page has been gone for the grace period', async () => {
    vi.useFakeTimers();
    ends.length = 0;
    const app = createApp({ states: [Ticker], taskGracePeriod: 60_000 });
    const port = resolveApp(app);
    const page = port.open('t', {}, NO_ROOMS);
    const leave = () => page.close();
    await app.dispatch('t', Ticker.ticking());
    await vi.advanceTimersByTimeAsync(10);
    leave();
    await vi.advanceTimersByTimeAsync(59_000);
    expect(app.backgroundTasks.size).toBe(1);
    await vi.advanceTimersByTimeAsync(1_100);
    await app.idle();
    expect(ends).toEqual([expect.objectContaining({ name: 'ticking', reason: 'cancelled' })]);
    expect((await app.snapshot('t')).ticker.running).toBe(false);
    await app.close();
  });

  it('never cancels with a grace period of 0', async () => {
    vi.useFakeTimers();
    ends.length = 0;
    const app = createApp({ states: [Ticker], taskGracePeriod: 0 });
    resolveApp(app).open('t', {}, NO_ROOMS).close();
    await app.dispatch('t', Ticker.ticking());
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(app.backgroundTasks.size).toBe(1);
    expect(ends).toEqual([]);
    await app.close();
  });

  it('asks the presence before cancelling: a page on another process keeps the tasks', async () => {
    vi.useFakeTimers();
    ends.length = 0;
    let elsewhere = true;
    const presence = { tokens: async () => (elsewhere ? ['t'] : []) };
    const app = createApp({ states: [Ticker], taskGracePeriod: 1_000, presence });
    const port = resolveApp(app);
    const page = port.open('t', {}, NO_ROOMS);
    const leave = () => page.close();
    await app.dispatch('t', Ticker.ticking());
    leave();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(app.backgroundTasks.size).toBe(1);
    elsewhere = false;
    port.open('t', {}, NO_ROOMS).close();
    await vi.advanceTimersByTimeAsync(1_100);
    await app.idle();
    expect(ends.map((end) => end.reason)).toEqual(['cancelled']);
    await app.close();
  });

  it('aborts a task whose token expired (checked at the registry tick), with reason token expired', async () => {
    vi.useFakeTimers();
    ends.length = 0;
    const stateManager = new MemoryStateManager({ tokenExpiration: 30_000 });
    const app = createApp({ states: [Ticker], stateManager });
    await app.dispatch('t', Ticker.ticking());
    await vi.advanceTimersByTimeAsync(10);
    const task = [...app.backgroundTasks][0];
    await vi.advanceTimersByTimeAsync(29_000);
    expect(task.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(12_000);
    expect(task.signal.reason).toMatchObject({ name: 'AbortError', reason: 'token expired' });
    await app.idle();
    expect(ends).toEqual([]);
    await app.close();
  });
});

describe('background task declarations', () => {
  it('refuses an object entry without run, an unknown option or an unknown exclusive mode, saying what to write', () => {
    const attempt = (background: unknown) => {
      try {
        defineState('bad', { vars: {}, background: background as never });
      } catch (error) {
        return isStateError(error, 'INVALID_DEFINITION') ? error.message : String(error);
      }
      return 'accepted';
    };
    expect(attempt({ t: { exclusive: 'skip' } })).toContain('must be a function or { run(task, payload)');
    expect(attempt({ t: { run() {}, exclusiv: 'skip' } })).toContain('unknown option "exclusiv"');
    expect(attempt({ t: { run() {}, exclusive: 'once' } })).toContain("use 'skip', 'restart' or 'queue'");
    expect(attempt({ t: { run() {}, exclusive: 'queue', resume: true } })).toBe('accepted');
  });

  it('makes an event creator for an object entry, typed by its run function', async () => {
    const S = defineState('typed', {
      vars: { got: 0 },
      background: {
        add: {
          exclusive: 'queue',
          async run(task, n: number) {
            await task.modify((s) => {
              s.got += n;
            });
          },
        },
      },
    });
    // @ts-expect-error the payload is a number
    S.add('x');
    const app = createApp({ states: [S] });
    await app.dispatch('t', S.add(5));
    await app.idle();
    expect((await app.snapshot('t')).typed.got).toBe(5);
    await app.close();
  });
});
