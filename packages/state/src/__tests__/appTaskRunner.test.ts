import { MemoryStateManager, silentLogger, sleep } from '@core/state';
import {
  type AppTaskEvent,
  AppTaskRunner,
  type AppTaskSpec,
  resolveSchedule,
  type TaskRegistryMember,
} from '@core/state/internal';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** One simulated process: a registry member and a runner, ticking together like the app's membership. */
async function startProcess(manager: MemoryStateManager, specs: AppTaskSpec[]) {
  const member: TaskRegistryMember = await manager.taskRegistry.join();
  const events: AppTaskEvent[] = [];
  const runner = new AppTaskRunner({
    member: () => member,
    leases: () => manager.appTaskLeases,
    logger: () => silentLogger,
    report: (event) => events.push(event),
  });
  await runner.replace(specs);
  const tick = async () => {
    await member.tick();
    await runner.tick();
  };
  const timer = setInterval(() => void tick(), member.tickInterval);
  await tick();
  return {
    member,
    runner,
    events,
    /** Stops renewing and ticking without leaving, as after kill -9 (its tasks keep running: it is frozen). */
    kill: () => clearInterval(timer),
    close: async () => {
      clearInterval(timer);
      await runner.close();
      await member.leave();
    },
  };
}

describe('AppTaskRunner', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs an every-1s task on one of two processes: one run per second in all', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const manager = new MemoryStateManager({ taskLease: 3_000 });
    const runs: { process: string; at: number }[] = [];
    const clock = (name: string): AppTaskSpec => ({
      name: 'clock',
      schedule: resolveSchedule({ every: '1s' }),
      async run(_signal, at) {
        runs.push({ process: name, at: at ?? -1 });
      },
    });
    const a = await startProcess(manager, [clock('a')]);
    const b = await startProcess(manager, [clock('b')]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs.map((run) => run.at)).toEqual([1_001_000, 1_002_000, 1_003_000, 1_004_000, 1_005_000]);
    expect(new Set(runs.map((run) => run.process))).toEqual(new Set(['a']));
    expect(a.runner.list()).toMatchObject([{ name: 'clock', schedule: 'every 1s', state: 'running', runs: 5 }]);
    expect(a.runner.list()).toMatchObject([{ holder: a.member.id, lastRun: 1_005_000 }]);
    expect(b.runner.list()).toMatchObject([{ name: 'clock', state: 'elsewhere', holder: a.member.id, runs: 0 }]);
    await a.close();
    await b.close();
  });

  it('moves the task when its holder stops renewing, within one lease and one tick, and it keeps its rhythm', async () => {
    vi.useFakeTimers({ now: 2_000_000 });
    const manager = new MemoryStateManager({ taskLease: 3_000 });
    const runs: { process: string; at: number }[] = [];
    let aliveA = true;
    const clock = (name: string): AppTaskSpec => ({
      name: 'clock',
      schedule: resolveSchedule({ every: '1s' }),
      async run(_signal, at) {
        if (name === 'a' && !aliveA) return; // a frozen process does nothing
        runs.push({ process: name, at: at ?? -1 });
      },
    });
    const a = await startProcess(manager, [clock('a')]);
    const b = await startProcess(manager, [clock('b')]);
    await vi.advanceTimersByTimeAsync(2_000);
    a.kill();
    aliveA = false;
    const killedAt = Date.now();
    await vi.advanceTimersByTimeAsync(6_000);
    const firstOfB = runs.find((run) => run.process === 'b');
    expect(firstOfB).toBeDefined();
    expect((firstOfB?.at ?? 0) - killedAt).toBeLessThanOrEqual(3_000 + 1_000 + 1_000);
    const ofB = runs.filter((run) => run.process === 'b').map((run) => run.at);
    // Whole seconds, one each, no double run of a slot.
    expect(ofB.every((at, i) => at % 1_000 === 0 && (i === 0 || at - (ofB[i - 1] ?? 0) === 1_000))).toBe(true);
    expect(b.runner.list()[0]?.state).toBe('running');
    await b.close();
    await a.runner.close();
  });

  it('aborts a long task on close and hands the lease over at once; a task that returns is done, not restarted', async () => {
    vi.useFakeTimers({ now: 3_000_000 });
    const manager = new MemoryStateManager();
    const signals: AbortSignal[] = [];
    let onceRuns = 0;
    const specs = (): AppTaskSpec[] => [
      {
        name: 'feed',
        async run(signal) {
          signals.push(signal);
          await sleep(3_600_000, signal);
        },
      },
      {
        name: 'once',
        async run() {
          onceRuns += 1;
        },
      },
    ];
    const a = await startProcess(manager, specs());
    const b = await startProcess(manager, specs());
    await vi.advanceTimersByTimeAsync(5_000);
    expect(signals).toHaveLength(1);
    expect(onceRuns).toBe(1);
    expect(a.runner.list().map((task) => task.state)).toEqual(['running', 'done']);
    await a.close();
    expect(signals[0]?.aborted).toBe(true);
    const stopped = a.events.filter((event) => event.kind === 'stopped');
    expect(stopped.map((event) => `${event.name} ${event.detail}`).sort()).toEqual(['feed closed', 'once closed']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(signals).toHaveLength(2);
    expect(onceRuns).toBe(2); // it moved: the new holder runs it
    await b.close();
  });

  it('starts a failing task again after a backoff that doubles; a failing slot does not stop the schedule', async () => {
    vi.useFakeTimers({ now: 4_000_000 });
    const manager = new MemoryStateManager();
    const starts: number[] = [];
    let slots = 0;
    const a = await startProcess(manager, [
      {
        name: 'flaky',
        async run() {
          starts.push(Date.now());
          throw new Error('upstream down');
        },
      },
      {
        name: 'ticker',
        schedule: resolveSchedule({ every: '1s' }),
        async run() {
          slots += 1;
          if (slots % 2 === 1) throw new Error('odd slot');
        },
      },
    ]);
    await vi.advanceTimersByTimeAsync(8_000);
    const gaps = starts.slice(1).map((at, i) => at - (starts[i] ?? 0));
    expect(gaps.slice(0, 3)).toEqual([1_000, 2_000, 4_000]);
    expect(slots).toBe(8);
    const [flaky, ticker] = a.runner.list();
    expect(flaky).toMatchObject({ state: 'failed', lastError: 'upstream down' });
    expect(flaky?.failures).toBe(flaky?.runs);
    expect(ticker).toMatchObject({ state: 'running', runs: 8, failures: 4, lastError: 'odd slot' });
    await a.close();
  });

  it('replace() restarts what runs (a hot reload) and releases names that are gone', async () => {
    vi.useFakeTimers({ now: 5_000_000 });
    const manager = new MemoryStateManager();
    const started: string[] = [];
    const longTask = (name: string, version: number): AppTaskSpec => ({
      name,
      async run(signal) {
        started.push(`${name}@${version}`);
        await sleep(3_600_000, signal);
      },
    });
    const a = await startProcess(manager, [longTask('keep', 1), longTask('drop', 1)]);
    await vi.advanceTimersByTimeAsync(10);
    expect(started).toEqual(['keep@1', 'drop@1']);
    await a.runner.replace([longTask('keep', 2)]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toEqual(['keep@1', 'drop@1', 'keep@2']);
    expect(a.events.filter((event) => event.kind === 'stopped').map((event) => event.detail)).toEqual([
      'reloaded',
      'reloaded',
    ]);
    const member = await manager.taskRegistry.join();
    expect([...(await manager.appTaskLeases.attach(member).holders())]).toEqual([['keep', a.member.id]]);
    await member.leave();
    await a.close();
  });
});
