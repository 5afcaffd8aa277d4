import type { Chain } from '../definition/index.js';
import { defineState } from '../definition/index.js';
import type { TaskEndInfo } from '../scopes/index.js';
import { sleep } from '../tasks/index.js';

/** A promise with its resolve function outside. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/**
 * The state the task lifecycle suite drives (`jobs`: exclusive tasks, a looping task, one that
 * fails, one that waits for the lock) and what its tasks record: their ends, rejections, start
 * order and how many ran at once.
 */
export function createJobs() {
  const stats = {
    concurrent: 0,
    maxConcurrent: 0,
    reset() {
      stats.concurrent = 0;
      stats.maxConcurrent = 0;
      order.length = 0;
      hold.current = gate();
    },
  };
  const ends: Array<TaskEndInfo & { token: string }> = [];
  const rejections: string[] = [];
  const order: number[] = [];
  const hold = { current: gate() };
  const enter = () => {
    stats.concurrent += 1;
    stats.maxConcurrent = Math.max(stats.maxConcurrent, stats.concurrent);
  };

  const Jobs = defineState('jobs', {
    vars: { running: false, done: 0, log: [] as string[] },
    events: {
      stop(_s, _: void, ctx) {
        ctx.cancel(Jobs.loop);
      },
      list(s, _: void, ctx) {
        s.log = ctx.tasks.map((t) => `${t.state}.${t.name}:${JSON.stringify(t.payload)}`);
      },
      *holdLock(s): Generator<Chain> {
        s.log = ['holding'];
        yield;
      },
    },
    background: {
      skipper: {
        exclusive: 'skip',
        async run(_task, n: number) {
          enter();
          order.push(n);
          try {
            await hold.current.promise;
          } finally {
            stats.concurrent -= 1;
          }
        },
      },
      queued: {
        exclusive: 'queue',
        async run(task, n: number) {
          enter();
          order.push(n);
          try {
            await task.modify((s) => {
              s.done += 1;
            });
          } finally {
            stats.concurrent -= 1;
          }
        },
      },
      restarted: {
        exclusive: 'restart',
        async run(task, n: number) {
          enter();
          order.push(n);
          try {
            await task.modify((s) => {
              s.running = true;
            });
            await sleep(60_000, task.signal);
          } finally {
            stats.concurrent -= 1;
          }
        },
      },
      async loop(task) {
        await task.modify((s) => {
          s.running = true;
        });
        for (;;) await sleep(60_000, task.signal);
      },
      async finishes() {},
      async fails() {
        throw new Error('task failed on purpose');
      },
      async waitsForLock(task) {
        try {
          await task.modify((s) => {
            s.log = ['never'];
          });
        } catch (error) {
          rejections.push((error as Error).name);
          throw error;
        }
      },
    },
    onTaskEnd(s, info, ctx) {
      ends.push({ ...info, token: ctx.token });
      s.running = false;
      s.log = [...s.log, `end ${info.name} ${info.reason}`];
    },
  });
  return Object.assign(stats, { Jobs, ends, rejections, order, hold });
}
