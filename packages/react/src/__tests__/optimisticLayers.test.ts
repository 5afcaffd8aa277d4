import { describe, expect, it } from 'vitest';
import { type OptimisticLayer, OptimisticLayers } from '../optimisticLayers.js';

type Todo = { items: string[]; count: number };
const add = (text: string): OptimisticLayer => ({
  state: 'todo',
  payload: text,
  update: (draft: Todo, payload: string) => {
    draft.items.push(payload);
    draft.count += 1;
  },
});

describe('OptimisticLayers', () => {
  it('shows the changes in flight on top of the confirmed state, in dispatch order, and composes them', () => {
    const layers = new OptimisticLayers();
    const base = { todo: { items: ['a'], count: 1 }, other: { x: 1 } };
    const first = add('b');
    layers.add(first, base);
    layers.add(add('c'), base);
    const view = layers.view(base);
    expect(view?.todo).toEqual({ items: ['a', 'b', 'c'], count: 3 });
    expect(view?.other).toBe(base.other);
    expect(layers.view(base)).toBe(view); // computed once per confirmed state and set of layers
    expect(base.todo.items).toEqual(['a']);
  });

  it("rebases onto a server update that arrived meanwhile, and leaves exactly the server's state once dropped", () => {
    // Proves "exactly once after": the server's update that contains the item arrives together with
    // the drop of its layer, so the item is never shown twice and never missing.
    const layers = new OptimisticLayers();
    const base = { todo: { items: ['a'], count: 1 } };
    const mine = add('b');
    layers.add(mine, base);
    const other = { todo: { items: ['a', 'z'], count: 2 } }; // another tab's item, first
    expect(layers.view(other)?.todo.items).toEqual(['a', 'z', 'b']);
    const confirmed = { todo: { items: ['a', 'z', 'b'], count: 3 } };
    layers.drop(mine);
    expect(layers.view(confirmed)).toBe(confirmed);
  });

  it('rolls a failed change back while keeping the later ones', () => {
    const layers = new OptimisticLayers();
    const base = { todo: { items: [], count: 0 } };
    const failing = add('fail');
    layers.add(failing, base);
    layers.add(add('ok'), base);
    expect(layers.drop(failing)).toBe(true);
    expect(layers.view(base)?.todo.items).toEqual(['ok']);
    expect(layers.drop(failing)).toBe(false);
  });

  it('refuses a change that throws when added, and leaves out one that no longer fits a later state', () => {
    const layers = new OptimisticLayers();
    const base = { todo: { items: ['a'], count: 1 } };
    const broken: OptimisticLayer = {
      state: 'todo',
      payload: undefined,
      update: () => {
        throw new Error('bug');
      },
    };
    expect(() => layers.add(broken, base)).toThrow('bug');
    expect(layers.view(base)).toBe(base);
    const editFirst: OptimisticLayer = {
      state: 'todo',
      payload: 'A',
      update: (draft: { items: { text: string }[] }, text: string) => {
        (draft.items[0] as { text: string }).text = text;
      },
    };
    const objects = { todo: { items: [{ text: 'a' }] } };
    layers.add(editFirst, objects);
    expect(layers.view(objects)?.todo.items).toEqual([{ text: 'A' }]);
    const emptied = { todo: { items: [] } }; // the server removed what it edits
    expect(layers.view(emptied)).toBe(emptied);
  });
});
