import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppOptions } from '../app/index.js';
import { type App, createApp, resolveApp } from '../app/index.js';
import { defineState } from '../definition/index.js';
import type { StateManager } from '../managers/index.js';
import { NO_ROOMS } from './noRooms.js';
import { createJobs, gate } from './taskLifecycleJobs.js';

/** Options the task lifecycle suite passes to the manager factory. */
export interface TaskLifecycleOptions {
  /** Milliseconds after which an unused token's state may be forgotten. */
  tokenExpiration?: number;
  /** Another process of the same app: a manager on the same store (the same instance for memory). */
  peerOf?: StateManager;
}

/**
 * The background task lifecycle against a state manager and its task registry, as a Vitest suite:
 * exclusive starts under 50 concurrent starts, `ctx.tasks`, `ctx.cancel` (here and from another
 * process), `onTaskEnd` reasons, a waiting `modify` aborted at once, the grace period, token expiry
 * and a duplicated tab. Time runs for real (polled), so it suits Redis as well as memory.
 *
 * @example
 * runTaskLifecycleConformance('memory', (options) => options.peerOf ?? new MemoryStateManager(options));
 */
export function runTaskLifecycleConformance(
  name: string,
  create: (options: TaskLifecycleOptions) => Promise<StateManager> | StateManager,
): void {
  describe(`background task lifecycle: ${name}`, () => {
    const apps: App[] = [];
    let counter = 0;
    const token = () => `life-${Date.now().toString(36)}-${counter++}`;
    afterEach(async () => {
      await Promise.all(apps.splice(0).map((app) => app.close()));
    });

    const jobs = createJobs();
    const { Jobs, ends, rejections, order, hold } = jobs;
    const app = async (options: Partial<AppOptions> & TaskLifecycleOptions = {}) => {
      const { tokenExpiration, peerOf, ...appOptions } = options;
      const created = createApp({
        states: [Jobs],
        stateManager: await create({ tokenExpiration, peerOf }),
        ...appOptions,
      });
      apps.push(created);
      return created;
    };
    const endsOf = (t: string) => ends.filter((end) => end.token === t).map((end) => `${end.name} ${end.reason}`);

    it("exclusive 'skip': of 50 concurrent starts one runs, the others are ignored; a later start runs", async () => {
      jobs.reset();
      const a = await app();
      const t = token();
      await Promise.all(Array.from({ length: 50 }, (_, n) => a.dispatch(t, Jobs.skipper(n))));
      await vi.waitFor(() => expect(order).toHaveLength(1));
      await a.dispatch(t, Jobs.list());
      expect((await a.snapshot(t)).jobs.log).toEqual([`jobs.skipper:${order[0]}`]);
      hold.current.open();
      await a.idle();
      expect(jobs.maxConcurrent).toBe(1);
      expect(endsOf(t)).toEqual(['skipper done']);
      hold.current = gate();
      await a.dispatch(t, Jobs.skipper(99));
      await vi.waitFor(() => expect(order).toHaveLength(2));
      hold.current.open();
      await a.idle();
      expect(order[1]).toBe(99);
    });

    it("exclusive 'queue': 50 concurrent starts all run, one at a time, in start order", async () => {
      jobs.reset();
      const a = await app();
      const t = token();
      await Promise.all(Array.from({ length: 50 }, (_, n) => a.dispatch(t, Jobs.queued(n))));
      await vi.waitFor(async () => expect((await a.snapshot(t)).jobs.done).toBe(50), { timeout: 20_000 });
      await a.idle();
      expect(jobs.maxConcurrent).toBe(1);
      expect(order).toEqual(Array.from({ length: 50 }, (_, n) => n));
      expect(endsOf(t)).toHaveLength(50);
    });

    it("exclusive 'restart': 50 concurrent starts never overlap, and the last start is the one left running", async () => {
      jobs.reset();
      const a = await app();
      const t = token();
      await Promise.all(Array.from({ length: 50 }, (_, n) => a.dispatch(t, Jobs.restarted(n))));
      await vi.waitFor(async () => {
        await a.dispatch(t, Jobs.list());
        expect((await a.snapshot(t)).jobs.log).toEqual(['jobs.restarted:49']);
      });
      expect(jobs.maxConcurrent).toBe(1);
      expect(order.at(-1)).toBe(49);
      expect(endsOf(t).every((end) => end === 'restarted cancelled')).toBe(true);
      await a.dispatch(t, Jobs.stop()); // cancels loop only: restarted keeps running
      await a.close();
      expect(jobs.concurrent).toBe(0);
    });

    it('ctx.cancel from a handler aborts the task (AbortError), runs its finally, and onTaskEnd says cancelled', async () => {
      const a = await app();
      const t = token();
      await a.dispatch(t, Jobs.loop());
      await vi.waitFor(async () => expect((await a.snapshot(t)).jobs.running).toBe(true));
      await a.dispatch(t, Jobs.stop());
      await a.idle();
      expect(endsOf(t)).toEqual(['loop cancelled']);
      expect((await a.snapshot(t)).jobs.running).toBe(false);
      await a.dispatch(t, Jobs.list());
      expect((await a.snapshot(t)).jobs.log).toEqual([]);
    });

    it("onTaskEnd is told 'done' and 'error', under the lock, and the task leaves ctx.tasks", async () => {
      const a = await app();
      const t = token();
      await a.dispatch(t, Jobs.finishes());
      await a.dispatch(t, Jobs.fails());
      await a.idle();
      expect(endsOf(t).sort()).toEqual(['fails error', 'finishes done']);
      expect(a.backgroundTasks.size).toBe(0);
    });

    it('a modify waiting for the lock rejects at once when the task is aborted', async () => {
      const a = await app();
      const t = token();
      const released = gate();
      const Holder = defineState('holder', {
        vars: {},
        events: {
          async wait() {
            await released.promise;
          },
        },
      });
      a.replaceStates([Jobs, Holder]);
      await a.dispatch(t, Jobs.list()); // the token exists: starting the task needs no lock
      const holding = a.dispatch(t, Holder.wait());
      await a.dispatch(t, Jobs.waitsForLock());
      const task = [...a.backgroundTasks][0];
      const closing = a.close();
      // The lock is still held: the rejection comes from the abort, not from getting the lock.
      await vi.waitFor(() => expect(rejections).toEqual(['AbortError']));
      expect(task.signal.reason).toMatchObject({ name: 'AbortError', reason: 'app closed' });
      released.open();
      await holding;
      await closing;
    });

    it('cancels the tasks of a token whose pages left for the grace period; a page back in time keeps them', async () => {
      const a = await app({ taskGracePeriod: 150 });
      const port = resolveApp(a);
      const kept = token();
      const gone = token();
      const keptPage = port.open(kept, {}, NO_ROOMS);
      const gonePage = port.open(gone, {}, NO_ROOMS);
      await a.dispatch(kept, Jobs.loop());
      await a.dispatch(gone, Jobs.loop());
      keptPage.close();
      port.open(kept, {}, NO_ROOMS); // back within the grace period
      gonePage.close();
      await vi.waitFor(() => expect(endsOf(gone)).toEqual(['loop cancelled']), { timeout: 5_000 });
      expect((await a.snapshot(gone)).jobs.running).toBe(false);
      expect(endsOf(kept)).toEqual([]);
      await vi.waitFor(() => expect([...a.backgroundTasks].map((task) => task.token)).toEqual([kept]));
    });

    it('aborts a task whose token expired, without onTaskEnd (the state it would fix is gone)', async () => {
      const a = await app({ tokenExpiration: 300, taskTokenCheckInterval: 100 });
      const t = token();
      await a.dispatch(t, Jobs.loop());
      const task = [...a.backgroundTasks][0];
      await vi.waitFor(() => expect(task.signal.aborted).toBe(true), { timeout: 10_000 });
      expect(task.signal.reason).toMatchObject({ name: 'AbortError', reason: 'token expired' });
      await a.idle();
      expect(endsOf(t)).toEqual([]);
    });

    it('a duplicated tab does not inherit tasks: its copy ends them (cancelled) while the original keeps running', async () => {
      const a = await app();
      const port = resolveApp(a);
      const original = token();
      const copy = token();
      await a.dispatch(original, Jobs.loop());
      await vi.waitFor(async () => expect((await a.snapshot(original)).jobs.running).toBe(true));
      await port.open(copy, { copyFrom: original }, NO_ROOMS).ready;
      expect((await a.snapshot(copy)).jobs.running).toBe(false);
      expect(endsOf(copy)).toEqual(['loop cancelled']);
      expect((await a.snapshot(original)).jobs.running).toBe(true);
      expect((await a.snapshot(copy)).jobs.log).toEqual(['end loop cancelled']);
      await a.dispatch(copy, Jobs.list());
      expect((await a.snapshot(copy)).jobs.log).toEqual([]);
      await a.dispatch(original, Jobs.list());
      expect((await a.snapshot(original)).jobs.log).toEqual(['jobs.loop:undefined']);
    });

    it('ctx.cancel on one process stops a task running on another, and skip holds across them', async () => {
      jobs.reset();
      const a = await app();
      const b = await app({ peerOf: a.stateManager });
      const t = token();
      await a.dispatch(t, Jobs.loop());
      await a.dispatch(t, Jobs.skipper(1));
      await vi.waitFor(() => expect(order).toEqual([1]));
      await b.dispatch(t, Jobs.skipper(2)); // skipped: a runs one
      await b.dispatch(t, Jobs.list());
      expect(((await b.snapshot(t)).jobs.log as string[]).sort()).toEqual(['jobs.loop:undefined', 'jobs.skipper:1']);
      await b.dispatch(t, Jobs.stop());
      await vi.waitFor(() => expect(endsOf(t)).toEqual(['loop cancelled']), { timeout: 5_000 });
      hold.current.open();
      await a.idle();
      expect(order).toEqual([1]);
    });
  });
}
