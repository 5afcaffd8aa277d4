import { type Chain, createApp, defineState, isStateError, sleep } from '@core/state';
import type { ErrorReport } from '@core/state/internal';
import { describe, expect, it } from 'vitest';
import { deferred } from './helpers.js';

describe('background tasks: what they run and how they end', () => {
  it('lets sibling branches of one task (Promise.all of four loops) take turns in modify', async () => {
    const S = defineState('racy', {
      vars: { counter: 0 },
      background: {
        async fourLoops(task, iterations: number) {
          await Promise.all(
            [0, 1, 2, 3].map(async () => {
              for (let i = 0; i < iterations; i++) {
                await task.modify(async (s) => {
                  const read = s.counter;
                  await Promise.resolve(); // an await inside the block must not let another branch in
                  s.counter = read + 1;
                });
              }
            }),
          );
        },
      },
    });
    const app = createApp({ states: [S] });
    await app.dispatch('t', S.fourLoops(25));
    await app.idle();
    expect((await app.snapshot('t')).racy.counter).toBe(100);
  });

  it('dispatches what a background generator yields: 1,000 quick increments all run, in order', async () => {
    const S = defineState('gen', {
      vars: { counter: 0, order: [] as number[] },
      events: {
        increment(s, i: number) {
          s.counter += 1;
          if (i % 100 === 0) s.order.push(i);
        },
      },
      background: {
        async *many(): AsyncGenerator<Chain> {
          for (let i = 0; i < 1000; i++) yield S.increment(i);
        },
      },
    });
    const app = createApp({ states: [S] });
    await app.dispatch('t', S.many());
    await app.idle();
    const state = (await app.snapshot('t')).gen;
    expect(state.counter).toBe(1000);
    expect(state.order).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
  });

  it('returns the block’s result and gives other states of the token through tx.get', async () => {
    const Other = defineState('other', { vars: { touched: false } });
    const S = defineState('main', {
      vars: { n: 0 },
      background: {
        async go(task) {
          const result = await task.modify(async (s, tx) => {
            s.n = 7;
            (await tx.get(Other)).touched = true;
            return 'done';
          });
          await task.modify((s) => {
            s.n = result === 'done' ? 8 : -1;
          });
        },
      },
    });
    const app = createApp({ states: [S, Other] });
    await app.dispatch('t', S.go());
    await app.idle();
    expect(await app.snapshot('t')).toEqual({ main: { n: 8 }, other: { touched: true } });
  });

  it('rolls back a modify block that throws and lets the task handle the error', async () => {
    const S = defineState('rollback', {
      vars: { n: 0, caught: '' },
      background: {
        async go(task) {
          try {
            await task.modify((s) => {
              s.n = 99;
              throw new Error('block failed');
            });
          } catch (error) {
            await task.modify((s) => {
              s.caught = (error as Error).message;
            });
          }
        },
      },
    });
    const app = createApp({ states: [S] });
    await app.dispatch('t', S.go());
    await app.idle();
    expect((await app.snapshot('t')).rollback).toEqual({ n: 0, caught: 'block failed' });
  });

  it('reports a task that throws to the token, names it, and removes it', async () => {
    const S = defineState('failing', {
      vars: {},
      background: {
        async explode() {
          throw new Error('task exploded');
        },
      },
    });
    const app = createApp({ states: [S] });
    const errors: ErrorReport[] = [];
    app.subscribe(
      't',
      () => {},
      (e) => errors.push(e),
    );
    await app.dispatch('t', S.explode());
    await app.idle();
    expect(errors).toEqual([expect.objectContaining({ code: 'HANDLER_ERROR', handler: 'failing.explode' })]);
    expect(app.backgroundTasks.size).toBe(0);
  });

  it('aborts task.signal on app.close() and waits for the task to stop', async () => {
    const started = deferred();
    let sawAbort = false;
    const S = defineState('closing', {
      vars: {},
      background: {
        async forever(task) {
          started.resolve();
          try {
            await sleep(60_000, task.signal);
          } finally {
            sawAbort = task.signal.aborted;
          }
        },
      },
    });
    const app = createApp({ states: [S] });
    await app.dispatch('t', S.forever());
    await started.promise;
    await app.close();
    expect(sawAbort).toBe(true);
    expect(app.backgroundTasks.size).toBe(0);
    await expect(app.dispatch('t', S.forever())).rejects.toSatisfy((e) => isStateError(e, 'APP_CLOSED'));
  });

  it('starts a task returned from an event handler', async () => {
    const S = defineState('toggle', {
      vars: { running: false, ticks: 0 },
      events: {
        toggle(s): Chain {
          s.running = !s.running;
          if (s.running) return S.tick();
        },
      },
      background: {
        async tick(task) {
          await task.modify((s) => {
            s.ticks += 1;
          });
        },
      },
    });
    const app = createApp({ states: [S] });
    await app.dispatch('t', S.toggle());
    await app.idle();
    expect((await app.snapshot('t')).toggle).toEqual({ running: true, ticks: 1 });
  });
});
