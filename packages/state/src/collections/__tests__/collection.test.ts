import { describe, expect, it } from 'vitest';
import { isStateError } from '../../errors.js';
import { CollectionStore } from '../index.js';
import type { Msg } from './collectionModel.js';

const options = { keyField: 'id', label: 'chat.messages' };
const msg = (id: number, text = `m${id}`): Msg => ({ id, text, likes: 0 });

function storeOf(count: number) {
  return CollectionStore.fromItems<Msg, number>(
    options,
    Array.from({ length: count }, (_, id) => msg(id)),
  );
}

/** The error a call throws, checked to be a collection error whose message names the collection. */
function refusal(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    expect(isStateError(error, 'INVALID_COLLECTION_OP')).toBe(true);
    expect((error as Error).message).toContain('"chat.messages"');
    return (error as Error).message;
  }
  throw new Error('expected the call to throw');
}

describe('collection operations', () => {
  it('records one small op per change, naming the item and where it is, never the list', () => {
    const store = storeOf(3);
    const draft = store.draft();
    draft.insert(msg(10), 'start');
    draft.insert(msg(11), { after: 1 });
    draft.update(2, { likes: 4 });
    draft.move(0, 'end');
    draft.delete(1);
    const ops = draft.commit();
    expect(ops.map((op) => op[0])).toEqual(['+', '+', '~', '>', '-']);
    expect(ops[2]).toEqual(['~', 2, 'a2', { likes: 4 }]);
    expect(ops[4]).toEqual(['-', 1, 'a1']);
    expect(JSON.stringify(ops).length).toBeLessThan(250);
    expect(store.slice().map((m) => m.id)).toEqual([10, 11, 2, 0]);
  });

  it('an update that changes nothing records nothing', () => {
    const draft = storeOf(2).draft();
    const same = draft.update(1, { likes: 0, text: 'm1' });
    expect(same).toBe(draft.get(1));
    expect(draft.ops).toEqual([]);
  });

  it('freezes items, so a change in place fails at once instead of being lost', () => {
    const draft = storeOf(1).draft();
    const inserted = draft.insert({ id: 5, text: 'x', likes: 0, tags: ['a'] } as Msg & { tags: string[] });
    expect(() => {
      (inserted as { likes: number }).likes = 3;
    }).toThrow(TypeError);
    expect(() => (inserted as unknown as { tags: string[] }).tags.push('b')).toThrow(TypeError);
    const updated = draft.update(0, (m) => ({ likes: m.likes + 1 }));
    expect(Object.isFrozen(updated)).toBe(true);
  });

  it('refuses bad changes with a message that says what to do, and changes nothing', () => {
    const store = storeOf(3);
    const draft = store.draft();
    expect(refusal(() => draft.insert(msg(1)))).toMatch(/already there; update it instead/);
    expect(refusal(() => draft.update(9, { likes: 1 }))).toMatch(/check has\(key\) first/);
    expect(refusal(() => draft.move(9, 'start'))).toMatch(/no item has that key/);
    expect(refusal(() => draft.move(1, { after: 1 }))).toMatch(/next to itself/);
    expect(refusal(() => draft.insert(msg(7), { before: 42 }))).toMatch(/no item has the key 42/);
    expect(refusal(() => draft.insert(msg(7), 'middle' as 'start'))).toMatch(/a position is 'start', 'end'/);
    expect(refusal(() => draft.insert({ id: 8, text: 'x', likes: 0, at: new Date(0) } as Msg))).toMatch(
      /is a Date object; items must be JSON/,
    );
    expect(refusal(() => draft.insert({ text: 'no id' } as unknown as Msg))).toMatch(/"id" is undefined/);
    expect(refusal(() => draft.update(1, { id: 2 }))).toMatch(/cannot change the key field "id"/);
    expect(refusal(() => draft.reset([msg(1), msg(1)]))).toMatch(/two items have the key 1/);
    expect(refusal(() => draft.after(42, 1))).toMatch(/no item has that key/);
    expect(draft.ops).toEqual([]);
    expect(draft.slice()).toEqual(store.slice());
  });

  it('a closed draft reads the committed collection and refuses writes with ImmutableStateError', () => {
    const store = storeOf(2);
    const draft = store.draft();
    draft.insert(msg(9));
    draft.close('the handler that held it has returned; write inside a handler or task.modify.');
    expect(draft.size).toBe(2);
    expect(() => draft.delete(0)).toThrow(/Cannot delete from collection "chat.messages": the handler that held it/);
    expect(store.size).toBe(2);
  });

  it('keeps going after a commit: the same draft sees the committed items and records new ops', () => {
    const store = storeOf(1);
    const draft = store.draft();
    draft.insert(msg(1));
    expect(draft.commit()).toHaveLength(1);
    expect(draft.ops).toEqual([]);
    draft.update(1, { likes: 2 });
    expect(store.get(1)?.likes).toBe(0);
    draft.commit();
    expect(store.get(1)?.likes).toBe(2);
  });

  it('loads stored entries and refuses them out of order', () => {
    const store = storeOf(3);
    const copy = CollectionStore.fromEntries<Msg, number>(options, store.storedEntries());
    expect(copy.slice()).toEqual(store.slice());
    const entries = [...store.storedEntries()];
    expect(refusal(() => CollectionStore.fromEntries(options, [entries[1], entries[0]]))).toMatch(/out of order/);
  });

  it('serialises as the window a page sees first, never the whole collection', () => {
    const store = CollectionStore.fromItems<Msg, number>(
      { ...options, window: 2 },
      Array.from({ length: 1_000 }, (_, id) => msg(id)),
    );
    const json = JSON.parse(JSON.stringify(store));
    expect(json).toMatchObject({ $collection: 'id', items: [msg(0), msg(1)], total: 1_000, lo: null });
    expect(JSON.parse(JSON.stringify(store.draft())).items).toHaveLength(2);
  });
});
