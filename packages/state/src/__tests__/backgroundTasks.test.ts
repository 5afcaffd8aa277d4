import { createApp, defineState, ImmutableStateError } from '@core/state';
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
});

/** Lets queued microtasks and timers run (for checking that something did NOT happen). */

async function sleepTicks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}
