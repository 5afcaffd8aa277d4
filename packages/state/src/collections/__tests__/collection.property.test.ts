import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CollectionStore, type ReadonlyCollection } from '../index.js';
import { commandArb, type Msg, runCommand } from './collectionModel.js';

/** Every read of `collection` agrees with the plain array `model`. */
function expectSame(collection: ReadonlyCollection<Msg, number>, model: readonly Msg[]) {
  expect(collection.size).toBe(model.length);
  expect(collection.slice()).toEqual(model);
  expect([...collection]).toEqual(model);
  if (model.length === 0) return;
  const mid = model.length >> 1;
  expect(collection.at(mid)).toEqual(model[mid]);
  expect(collection.at(-1)).toEqual(model[model.length - 1]);
  expect(collection.indexOf(model[mid].id)).toBe(mid);
  expect(collection.get(model[mid].id)).toEqual(model[mid]);
  expect(collection.slice(1, -1)).toEqual(model.slice(1, -1));
  expect(collection.after(model[0].id, 3)).toEqual(model.slice(1, 4));
  expect(collection.before(model[model.length - 1].id, 2)).toEqual(model.slice(-3, -1));
  expect(collection.after(null, 2)).toEqual(model.slice(0, 2));
  expect(collection.before(null, 2)).toEqual(model.slice(-2));
}

const options = { keyField: 'id', label: 'test.feed' };

const initialArb = fc
  .uniqueArray(fc.nat(10_000), { maxLength: 30 })
  .map((ids) => ids.map((id): Msg => ({ id, text: `m${id}`, likes: 0 })));

describe('a collection against a plain array', () => {
  it('matches the array through random inserts, updates, deletes, moves and resets; a follower fed the ops matches too', () => {
    fc.assert(
      fc.property(initialArb, fc.array(commandArb, { maxLength: 120 }), (initial, commands) => {
        const store = CollectionStore.fromItems<Msg, number>({ ...options, maxChunk: 8 }, initial);
        const follower = CollectionStore.fromEntries<Msg, number>({ ...options, maxChunk: 16 }, [
          ...store.storedEntries(),
        ]);
        const draft = store.draft();
        let committed = [...initial];
        let model = [...initial];
        for (const command of commands) {
          if (command.kind === 'commit') {
            const ops = draft.commit();
            // The ops travel as JSON: a follower (another process's cache) applies them.
            follower.applyOps(JSON.parse(JSON.stringify(ops)));
            committed = [...model];
            expectSame(follower, committed);
          } else if (command.kind === 'rollback') {
            draft.rollback();
            model = [...committed];
          } else runCommand(draft, model, command);
          expectSame(draft, model);
          expectSame(store, committed);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps nothing of a rolled-back step, however much it changed', () => {
    const items = Array.from({ length: 5_000 }, (_, id): Msg => ({ id, text: `m${id}`, likes: 0 }));
    const store = CollectionStore.fromItems<Msg, number>(options, items);
    const draft = store.draft();
    for (let i = 0; i < 3_000; i++) draft.insert({ id: 10_000 + i, text: 'new', likes: 0 }, { after: i });
    for (let i = 0; i < 1_000; i++) draft.delete(i * 2);
    draft.update(4_999, { likes: 9 });
    draft.move(4_998, 'start');
    draft.rollback();
    expectSame(store, items);
    expectSame(draft, items);
    expect(draft.ops).toEqual([]);
  });

  it('splits and merges its chunks correctly over 30,000 random inserts and deletes', () => {
    const store = CollectionStore.fromItems<Msg, number>(options);
    const model: Msg[] = [];
    const draft = store.draft();
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let i = 0; i < 30_000; i++) {
      if (model.length > 0 && random(3) === 0) {
        const victim = model.splice(random(model.length), 1)[0];
        draft.delete(victim.id);
      } else {
        const at = random(model.length + 1);
        const item = { id: i, text: '', likes: 0 };
        draft.insert(item, at === model.length ? 'end' : { before: model[at].id });
        model.splice(at, 0, item);
      }
      if (i % 5_000 === 0) draft.commit();
    }
    draft.commit();
    expectSame(store, model);
    // Deleting almost everything merges chunks back; the order still holds.
    for (const item of model.splice(0, model.length - 10)) draft.delete(item.id);
    draft.commit();
    expectSame(store, model);
  });
});
