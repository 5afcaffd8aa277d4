import { type Chain, createApp, defineState, ImmutableStateError, isStateError, sleep } from '@core/state';
import type { ErrorReport } from '@core/state/internal';
import { describe, expect, it } from 'vitest';
import { deferred } from './helpers.js';

describe('background tasks', () => {
  it('start at once, are tracked in app.backgroundTasks and removed when done; instances are not deduped', async () => {
    const gate = deferred();
    const S = defineState('bg', {
      vars: { n: 0 },
      background: {
        async wait(task) {
          await gate.promise;
          await task.modify((s) => {
            s.n += 1;
          });
        },
      },
    });
    const app = createApp({ states: [S] });
    await app.dispatch('t', S.wait());
    await app.dispatch('t', S.wait());
    expect(app.backgroundTasks.size).toBe(2);
    expect([...app.backgroundTasks].map((t) => [t.name, t.token])).toEqual([
      ['bg.wait', 't'],
      ['bg.wait', 't'],
    ]);
    gate.resolve();
    await app.idle();
    expect(app.backgroundTasks.size).toBe(0);
    expect((await app.snapshot('t')).bg.n).toBe(2);
  });

  it('holds the lock only inside modify: events run while the task waits between blocks', async () => {
    const gate = deferred();
    const inBetween = deferred();
    const S = defineState('interactive', {
      vars: { counter: 0, max: 10 },
      events: {
        setMax(s, max: number) {
          s.max = max;
        },
        clear(s) {
          s.counter = 0;
        },
      },
      background: {
        async run(task) {
          await task.modify((s) => {
            s.counter = 5;
          });
          inBetween.resolve();
          await gate.promise;
          await task.modify((s) => {
            s.counter += 1;
          });
        },
      },
    });
    const app = createApp({ states: [S] });
    await app.dispatch('t', S.run());
    await inBetween.promise;
    // The task is mid-run; these events are not blocked by it.
    await app.dispatch('t', S.clear());
    await app.dispatch('t', S.setMax(3));
    expect((await app.snapshot('t')).interactive).toEqual({ counter: 0, max: 3 });
    gate.resolve();
    await app.idle();
    // The task's second block saw the cleared counter (refreshed inside modify).
    expect((await app.snapshot('t')).interactive.counter).toBe(1);
  });

  it('makes modify wait while a foreground handler holds the lock, yields included', async () => {
    const gate = deferred();
    const holding = deferred();
    const S = defineState('fg', {
      vars: { log: [] as string[] },
      events: {
        async *hold(s) {
          s.log.push('handler start');
          yield;
          holding.resolve();
          await gate.promise;
          s.log.push('handler end');
        },
      },
      background: {
        async write(task) {
          await task.modify((s) => {
            s.log.push('task');
          });
        },
      },
    });
    const app = createApp({ states: [S] });
    const handler = app.dispatch('t', S.hold());
    await holding.promise;
    await app.dispatch('t', S.write());
    // Let the task reach its modify and wait there; then finish the handler.
    await sleepTicks(20);
    gate.resolve();
    await handler;
    await app.idle();
    expect((await app.snapshot('t')).fg.log).toEqual(['handler start', 'handler end', 'task']);
  });

  it('task.state is a read-only, possibly stale snapshot; writes throw ImmutableStateError with the fix', async () => {
    const readStale = deferred();
    const checked = deferred<{ stale: number; fresh: number; errors: string[] }>();
    const S = defineState('snap', {
      vars: { n: 1, list: [1, 2] as number[], nested: { a: 1 } },
      events: {
        bump(s) {
          s.n = 100;
        },
      },
      background: {
        async look(task) {
          await readStale.promise;
          const stale = task.state.n;
          const errors: string[] = [];
          for (const write of [
            () => {
              (task.state as { n: number }).n = 2;
            },
            () => (task.state.list as number[]).push(3),
            () => {
              (task.state.nested as { a: number }).a = 2;
            },
            () => delete (task.state as { n?: number }).n,
          ]) {
            try {
              write();
              errors.push('no error');
            } catch (error) {
              errors.push(error instanceof ImmutableStateError ? error.message : `wrong error ${String(error)}`);
            }
          }
          const fresh = await task.modify((s) => s.n);
          checked.resolve({ stale, fresh, errors });
        },
      },
    });
    const app = createApp({ states: [S] });
    await app.dispatch('t', S.look());
    await app.dispatch('t', S.bump());
    readStale.resolve();
    const { stale, fresh, errors } = await checked.promise;
    expect(stale).toBe(1);
    expect(fresh).toBe(100);
    expect(errors).toHaveLength(4);
    for (const message of errors)
      expect(message).toMatch(/outside task\.modify\(\); wrap the write in await task\.modify/);
    expect((await app.snapshot('t')).snap).toEqual({ n: 100, list: [1, 2], nested: { a: 1 } });
  });

  it('throws ImmutableStateError on a modify nested in a modify of the same task, instead of deadlocking', async () => {
    const outcome = deferred<unknown>();
    const S = defineState('nested', {
      vars: { n: 0 },
      background: {
        async go(task) {
          try {
            await task.modify(async () => {
              await task.modify((s) => {
                s.n = 1;
              });
            });
            outcome.resolve('no error');
          } catch (error) {
            outcome.resolve(error);
          }
          await task.modify((s) => {
            s.n = 2; // the lock was released after the failed block
          });
        },
      },
    });
    const app = createApp({ states: [S] });
    await app.dispatch('t', S.go());
    const error = await outcome.promise;
    expect(error).toBeInstanceOf(ImmutableStateError);
    expect((error as Error).message).toMatch(/nested|inside another task\.modify/);
    await app.idle();
    expect((await app.snapshot('t')).nested.n).toBe(2);
  });

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

/** Lets queued microtasks and timers run (for checking that something did NOT happen). */
async function sleepTicks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

describe('views that outlive their lock', () => {
  it('a state captured in modify reads but refuses writes after the block (the get_state scenario)', async () => {
    const outcome = deferred<string[]>();
    const Main = defineState('main', { vars: { counter: 0 } });
    const Other = defineState('other', {
      vars: {},
      background: {
        async viaOther(task) {
          const errors: string[] = [];
          const main = await task.modify(async (_s, tx) => {
            const state = await tx.get(Main);
            state.counter += 1;
            state.counter *= 3;
            return state;
          });
          for (const write of [() => (main.counter += 1), () => (main.counter *= 3)]) {
            try {
              write();
            } catch (error) {
              errors.push(error instanceof ImmutableStateError ? 'immutable' : String(error));
            }
          }
          errors.push(`read ${main.counter}`);
          await task.modify(async (_s, tx) => {
            const state = await tx.get(Main);
            state.counter += 1;
            state.counter *= 3;
          });
          outcome.resolve(errors);
        },
      },
    });
    const app = createApp({ states: [Main, Other] });
    await app.dispatch('t', Other.viaOther());
    expect(await outcome.promise).toEqual(['immutable', 'immutable', 'read 3']);
    await app.idle();
    expect((await app.snapshot('t')).main.counter).toBe(12);
  });

  it('a handler’s state kept past its return refuses writes instead of losing them silently', async () => {
    let kept: { n: number; list: number[] } | undefined;
    const S = defineState('kept', {
      vars: { n: 0, list: [] as number[] },
      events: {
        keep(s) {
          kept = s;
          s.n = 1;
        },
      },
    });
    const app = createApp({ states: [S] });
    await app.dispatch('t', S.keep());
    expect(kept?.n).toBe(1);
    expect(() => {
      if (kept) kept.n = 2;
    }).toThrow(ImmutableStateError);
    expect(() => kept?.list.push(1)).toThrow(/handler kept\.keep has finished/);
    expect((await app.snapshot('t')).kept).toEqual({ n: 1, list: [] });
  });

  it('a yield inside a modify generator block sends an update and keeps the state writable', async () => {
    const S = defineState('yieldInModify', {
      vars: { counter: 0 },
      background: {
        async go(task) {
          await task.modify(async function* (s) {
            s.counter += 1;
            yield;
            s.counter += 1;
          });
        },
      },
    });
    const app = createApp({ states: [S] });
    const seen: number[] = [];
    app.subscribe('t', (u) => seen.push(u.patches[0]?.value as number));
    await app.dispatch('t', S.go());
    await app.idle();
    expect(seen).toEqual([1, 2]);
    expect((await app.snapshot('t')).yieldInModify.counter).toBe(2);
  });
});

describe('background task limits', () => {
  it('refuses a start beyond maxTasksPerToken with TOO_MANY_TASKS, per token', async () => {
    const gate = deferred();
    const S = defineState('capped', {
      vars: { n: 0 },
      background: {
        async wait() {
          await gate.promise;
        },
      },
    });
    const app = createApp({ states: [S], maxTasksPerToken: 3 });
    for (let i = 0; i < 3; i++) await app.dispatch('t', S.wait());
    const refused = await app.dispatch('t', S.wait()).catch((error: unknown) => error);
    expect(isStateError(refused, 'TOO_MANY_TASKS')).toBe(true);
    await app.dispatch('other', S.wait()); // another tab has its own budget
    expect(app.backgroundTasks.size).toBe(4);
    gate.resolve();
    await app.idle();
    await app.dispatch('t', S.wait()); // the budget comes back as tasks end
    await app.idle();
  });
});
