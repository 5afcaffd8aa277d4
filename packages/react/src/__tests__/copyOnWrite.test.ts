import fc from 'fast-check';
import { produce, setAutoFreeze } from 'immer';
import { describe, expect, it } from 'vitest';
import { copyOnWrite } from '../copyOnWrite.js';
import { edit, edits, type Json, json } from './jsonEdits.js';

setAutoFreeze(false);

describe('copyOnWrite', () => {
  it("gives what immer's produce gives for any edit of any JSON state, and never changes the base", () => {
    // Proves the page's small draft agrees with immer (the server's) on pushes, splices, deletes,
    // truncation and nested edits, and that the confirmed state under an optimistic change is intact.
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('s1', 's2'), json), edits, (base, list) => {
        const before = structuredClone(base);
        // Fresh edits per run: immer writes into the plain objects a recipe adds, in place.
        const apply = (draft: Record<string, Json>) => {
          for (const one of structuredClone(list)) edit(draft, one);
        };
        const ours = copyOnWrite(base as Record<string, Json>, apply);
        expect(JSON.stringify(ours)).toBe(JSON.stringify(produce(base as Record<string, Json>, apply)));
        expect(base).toEqual(before);
      }),
      { numRuns: 2_000 },
    );
  });

  it('copies only the written path: other parts keep their identity, an unwritten draft gives the base', () => {
    const base = { todo: { items: [{ text: 'a' }, { text: 'b' }], filter: { done: false } }, other: { n: 1 } };
    const next = copyOnWrite(base, (draft) => {
      draft.todo.items.push({ text: 'c' });
      void draft.other.n; // a read copies nothing
    });
    expect(next.todo.items.map((item) => item.text)).toEqual(['a', 'b', 'c']);
    expect(next.todo.items[0]).toBe(base.todo.items[0]);
    expect(next.todo.filter).toBe(base.todo.filter);
    expect(next.other).toBe(base.other);
    expect(base.todo.items).toHaveLength(2);
    expect(copyOnWrite(base, (draft) => void draft.todo.items.map((item) => item.text))).toBe(base);
    expect(copyOnWrite(base, (draft) => void (draft.other.n = 1))).toBe(base); // the same value: no change
  });

  it('lets a draft be moved and then written, and revokes every draft when the recipe returns', () => {
    const base = { a: [{ n: 1 }], b: [] as { n: number }[] };
    let kept: { n: number } | undefined;
    const next = copyOnWrite(base, (draft) => {
      const moved = draft.a.pop() as { n: number };
      draft.b.push(moved);
      moved.n = 2;
      kept = moved;
    });
    expect(next).toEqual({ a: [], b: [{ n: 2 }] });
    expect(base).toEqual({ a: [{ n: 1 }], b: [] });
    expect(() => kept?.n).toThrow(TypeError);
  });

  it('refuses a base that is not an object or array', () => {
    expect(() => copyOnWrite(3 as never, () => {})).toThrow(/object or array/);
  });
});
