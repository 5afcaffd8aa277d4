import { createApp, defineState, ImmutableStateError, isStateError } from '@core/state';
import { describe, expect, it } from 'vitest';
import { deferred } from './helpers.js';

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
