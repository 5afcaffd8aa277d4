import { createApp, defineState } from '@core/state';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const Counter = defineState('total', {
  vars: { counter: 0 },
  events: {
    add(s, by: number) {
      s.counter += by;
    },
    async addSlowly(s, by: number) {
      const read = s.counter;
      await new Promise((r) => setImmediate(r));
      s.counter = read + by;
    },
    *addInSteps(s, by: number) {
      for (let i = 0; i < by; i++) {
        s.counter += 1;
        yield;
      }
    },
  },
  background: {
    async loops(task, payload: { branches: number; iterations: number }) {
      await Promise.all(
        Array.from({ length: payload.branches }, async () => {
          for (let i = 0; i < payload.iterations; i++) {
            await task.modify(async (s) => {
              const read = s.counter;
              await new Promise((r) => setImmediate(r));
              s.counter = read + 1;
            });
            await new Promise((r) => setImmediate(r));
          }
        }),
      );
    },
  },
});

type Op =
  | { kind: 'add' | 'addSlowly' | 'addInSteps'; by: number; token: number }
  | { kind: 'loops'; branches: number; iterations: number; token: number }
  | { kind: 'modifyState'; by: number; token: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('add', 'addSlowly', 'addInSteps'),
    by: fc.integer({ min: 1, max: 4 }),
    token: fc.nat(2),
  }),
  fc.record({
    kind: fc.constant('loops' as const),
    branches: fc.integer({ min: 1, max: 4 }),
    iterations: fc.integer({ min: 1, max: 5 }),
    token: fc.nat(2),
  }),
  fc.record({ kind: fc.constant('modifyState' as const), by: fc.integer({ min: 1, max: 4 }), token: fc.nat(2) }),
);

function expectedDelta(o: Op): number {
  return o.kind === 'loops' ? o.branches * o.iterations : o.by;
}

describe('exact totals under random interleavings', () => {
  it('no increment is lost or doubled, whatever mix of events, tasks and modifyState', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), fc.scheduler(), async (ops, s) => {
        const app = createApp({ states: [Counter] });
        const expected = [0, 0, 0];
        const started = ops.map((o) => {
          expected[o.token] += expectedDelta(o);
          const token = `t${o.token}`;
          // The scheduler decides when each operation is issued, so issue order varies per run.
          return s.schedule(Promise.resolve(o)).then(() => {
            if (o.kind === 'loops') return app.dispatch(token, Counter.loops(o));
            if (o.kind === 'modifyState') {
              return app.modifyState(token, async (tx) => {
                (await tx.get(Counter)).counter += o.by;
              });
            }
            return app.dispatch(token, Counter[o.kind](o.by));
          });
        });
        await s.waitAll();
        await Promise.all(started);
        await app.idle();
        for (let t = 0; t < 3; t++) expect((await app.snapshot(`t${t}`)).total.counter).toBe(expected[t]);
        await app.close();
      }),
      { numRuns: 40 },
    );
  });

  it('many events and several background tasks (four concurrent modify loops each) hit one counter exactly', async () => {
    const app = createApp({ states: [Counter] });
    const work: Promise<void>[] = [];
    for (let i = 0; i < 5; i++) work.push(app.dispatch('t', Counter.loops({ branches: 4, iterations: 10 })));
    for (let i = 0; i < 200; i++) work.push(app.dispatch('t', i % 2 ? Counter.add(1) : Counter.addSlowly(1)));
    await Promise.all(work);
    await app.idle();
    expect((await app.snapshot('t')).total.counter).toBe(5 * 4 * 10 + 200);
  });
});
