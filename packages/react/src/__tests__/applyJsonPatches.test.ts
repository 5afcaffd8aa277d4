import fc from 'fast-check';
import { applyPatches, enablePatches, type Patch, produceWithPatches, setAutoFreeze } from 'immer';
import { describe, expect, it } from 'vitest';
import { applyJsonPatches } from '../applyJsonPatches.js';

enablePatches();
setAutoFreeze(false);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false),
    fc.integer(),
    fc.string({ maxLength: 4 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A random edit of a draft, as handlers make them: set, delete, push, splice, pop, shift. */
type Edit = { pick: number[]; action: number; value: Json; index: number };
const edits = fc.array(
  fc.record({
    pick: fc.array(fc.nat(), { maxLength: 3 }),
    action: fc.nat(7),
    value: json,
    index: fc.nat(5),
  }),
  { maxLength: 6 },
);

function edit(draft: Record<string, Json>, { pick, action, value, index }: Edit): void {
  // Walk down to a container by the picked child numbers, then change it.
  let target: Json = draft;
  for (const n of pick) {
    const keys: (string | number)[] = Array.isArray(target)
      ? target.map((_, i) => i)
      : target && typeof target === 'object'
        ? Object.keys(target)
        : [];
    const next: Json | undefined =
      keys.length > 0 ? (target as Record<string | number, Json>)[keys[n % keys.length]] : undefined;
    if (next === null || typeof next !== 'object') break;
    target = next;
  }
  if (Array.isArray(target)) {
    const at = target.length === 0 ? 0 : index % (target.length + 1);
    if (action === 0) target.push(value);
    else if (action === 1) target.splice(at, 1);
    else if (action === 2) target.splice(at, 0, value);
    else if (action === 3) target.pop();
    else if (action === 4) target.shift();
    else if (action === 5) target.length = Math.min(target.length, at);
    else if (target.length > 0) target[at % target.length] = value;
  } else if (target && typeof target === 'object') {
    const key = ['a', 'b', 'c', 'd'][index % 4];
    if (action < 2) delete (target as Record<string, Json>)[key];
    else (target as Record<string, Json>)[key] = value;
  }
}

describe('applyJsonPatches', () => {
  it("gives what immer's applyPatches gives for any edit of any JSON state, without touching the old state", () => {
    // Proves the page's replacement for immer agrees with the server's patches: arrays growing and
    // shrinking, deletes, nested edits, several patches on one path in one update.
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('s1', 's2'), json), edits, (base, list) => {
        const [next, patches] = produceWithPatches(base as Record<string, Json>, (draft) => {
          for (const one of list) edit(draft as Record<string, Json>, one);
        });
        const before = structuredClone(base);
        const ours = applyJsonPatches(base, patches as Patch[]);
        expect(ours).toEqual(next);
        expect(ours).toEqual(applyPatches(base, patches as Patch[]));
        expect(base).toEqual(before);
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps the identity of every part a patch does not reach', () => {
    const state = { a: { list: [1, 2, 3], other: { x: 1 } }, b: { y: [4] } };
    const next = applyJsonPatches(state, [{ op: 'replace', path: ['a', 'list', 1], value: 20 }]);
    expect(next.a.list).toEqual([1, 20, 3]);
    expect(next.b).toBe(state.b);
    expect(next.a.other).toBe(state.a.other);
    expect(next.a).not.toBe(state.a);
    expect(state.a.list).toEqual([1, 2, 3]);
  });

  it('refuses a path that does not resolve or reaches for the prototype', () => {
    // Proves a bad patch throws (the page then resyncs) instead of writing somewhere else.
    const state = { a: { n: 1 }, list: [1] };
    expect(() => applyJsonPatches(state, [{ op: 'replace', path: ['missing', 'n'], value: 1 }])).toThrow(/resolve/);
    expect(() => applyJsonPatches(state, [{ op: 'remove', path: ['list', 1] }])).toThrow(/resolve/);
    expect(() => applyJsonPatches(state, [{ op: 'add', path: ['__proto__', 'polluted'], value: 1 }])).toThrow(
      /not allowed/,
    );
    expect(() => applyJsonPatches(state, [{ op: 'replace', path: ['a', 'constructor'], value: 1 }])).toThrow(
      /not allowed/,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
