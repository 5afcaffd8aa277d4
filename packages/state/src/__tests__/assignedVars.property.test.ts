import fc from 'fast-check';
import { applyPatches, enablePatches } from 'immer';
import { describe, expect, it } from 'vitest';
import { createApp, defineState } from '../index.js';
import type { StateUpdate } from '../types.js';

enablePatches();

// One step's operations on a state, mixing what takes the shallow path (assigning vars, reading
// primitives) with what needs a draft (reading an object var and writing into it).
type Op =
  | { kind: 'assign'; key: 'n' | 'text' | 'flag'; value: number | string | boolean }
  | { kind: 'assignObject'; value: { a: number } }
  | { kind: 'assignList'; value: number[] }
  | { kind: 'nested'; value: number }
  | { kind: 'push'; value: number }
  | { kind: 'increment' }
  | { kind: 'restore' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('assign' as const),
    key: fc.constantFrom('n' as const),
    value: fc.integer({ min: -3, max: 3 }),
  }),
  fc.record({
    kind: fc.constant('assign' as const),
    key: fc.constantFrom('text' as const),
    value: fc.string({ maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('assign' as const), key: fc.constantFrom('flag' as const), value: fc.boolean() }),
  fc.record({ kind: fc.constant('assignObject' as const), value: fc.record({ a: fc.integer() }) }),
  fc.record({ kind: fc.constant('assignList' as const), value: fc.array(fc.integer(), { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('nested' as const), value: fc.integer() }),
  fc.record({ kind: fc.constant('push' as const), value: fc.integer() }),
  fc.constant({ kind: 'increment' as const }),
  fc.constant({ kind: 'restore' as const }),
);

interface Values {
  n: number;
  text: string;
  flag: boolean;
  obj: { a: number };
  list: number[];
  total: number;
}

/** What the ops do to plain values: the model the runtime must agree with. */
function run(s: Values, ops: readonly Op[], start: Values): void {
  for (const o of ops) {
    if (o.kind === 'assign') (s as unknown as Record<string, unknown>)[o.key] = o.value;
    else if (o.kind === 'assignObject') s.obj = { ...o.value };
    else if (o.kind === 'assignList') s.list = [...o.value];
    else if (o.kind === 'nested') s.obj.a = o.value;
    else if (o.kind === 'push') s.list.push(o.value);
    else if (o.kind === 'increment') s.n += 1;
    else s.n = start.n; // back to where the step started: no patch for it
  }
}

const Model = defineState('model', {
  vars: { n: 0, text: '', flag: false, obj: { a: 0 }, list: [] as number[] },
  computed: { total: (s) => s.n + s.obj.a + s.list.length },
  events: {
    apply(s, ops: Op[]) {
      const start = { n: s.n } as Values;
      run(s as unknown as Values, ops, start);
    },
  },
});

describe('assigned vars without a draft', () => {
  it('give the same state, computed vars and patches as a draft would, in any mix with nested writes', async () => {
    // Proves the shallow path is invisible: after any steps, the state equals a plain model's,
    // and the patches sent, applied in order to the previous public state, give the new one.
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { maxLength: 6 }), { minLength: 1, maxLength: 4 }), async (steps) => {
        const app = createApp({ states: [Model] });
        const updates: StateUpdate[] = [];
        app.subscribe('t', (update) => updates.push(update));
        let page = (await app.snapshot('t')) as Record<string, unknown>;
        const model: Values = { n: 0, text: '', flag: false, obj: { a: 0 }, list: [], total: 0 };
        for (const ops of steps) {
          const start = structuredClone(model);
          run(model, ops, start);
          model.total = model.n + model.obj.a + model.list.length;
          updates.length = 0;
          await app.dispatch('t', Model.apply(ops));
          const snapshot = (await app.snapshot('t')) as unknown as { model: Values };
          expect(snapshot.model).toEqual(model);
          for (const update of updates) page = applyPatches(page, update.patches as never);
          expect(page).toEqual(snapshot);
          // A step of assignments only sends no patch for a var that ended where it started (one
          // that reached into an object may: assignments before the draft are patches of their own).
          const shallowOnly = ops.every((o) => o.kind !== 'nested' && o.kind !== 'push');
          for (const update of shallowOnly ? updates : []) {
            for (const patch of update.patches) {
              const key = patch.path[1] as keyof Values;
              if (patch.path.length === 2 && patch.op === 'replace' && typeof start[key] !== 'object') {
                expect(patch.value).not.toBe(start[key]);
              }
            }
          }
        }
        await app.close();
      }),
      { numRuns: 300 },
    );
  });
});
