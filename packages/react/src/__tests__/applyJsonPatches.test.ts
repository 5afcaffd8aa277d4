import fc from 'fast-check';
import { applyPatches, enablePatches, type Patch, produceWithPatches, setAutoFreeze } from 'immer';
import { describe, expect, it } from 'vitest';
import { applyJsonPatches } from '../applyJsonPatches.js';
import { edit, edits, type Json, json } from './jsonEdits.js';

enablePatches();
setAutoFreeze(false);

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
