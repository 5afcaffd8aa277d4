import { type CollectionOp, CollectionStore } from '@core/state/collections';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCollectionOps } from '../redis/collectionCodec.js';
import { RedisCollectionStorage } from '../redis/redisCollectionStorage.js';
import { useRedisServer } from './redisServer.js';
import { useManagers } from './redisTestKit.js';

const redis = useRedisServer();

interface Row {
  readonly id: number;
  readonly text: string;
  readonly n: number;
}

type Change =
  | { readonly kind: 'insert'; readonly at: number; readonly start: boolean }
  | { readonly kind: 'update'; readonly pick: number; readonly n: number }
  | { readonly kind: 'delete'; readonly pick: number }
  | { readonly kind: 'move'; readonly pick: number; readonly to: number }
  | { readonly kind: 'reset'; readonly count: number }
  | { readonly kind: 'commit' };

const changeArb: fc.Arbitrary<Change> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), start: fc.boolean() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('update' as const),
      pick: fc.nat(),
      n: fc.double({ noNaN: true, noDefaultInfinity: true }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), to: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reset' as const), count: fc.nat(20) }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'commit' as const }) },
);

const options = { keyField: 'id', label: 'chat.rows', maxChunk: 8 };

describe.skipIf(!redis)('collections in Redis', () => {
  const kit = useManagers(redis);

  it('a collection loaded back from Redis equals the one whose commits were written, and so does a cache fed the ops', async () => {
    const client = await kit.probe();
    const storage = new RedisCollectionStorage(kit.prefix());
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(changeArb, { maxLength: 80 }), async (changes) => {
        const keys = storage.keys(`t${run++}`, 'chat.rows');
        const store = CollectionStore.fromItems<Row, number>(options);
        const cache = CollectionStore.fromItems<Row, number>(options);
        const draft = store.draft();
        let next = 0;
        const commit = async () => {
          const ops = draft.commit();
          if (ops.length === 0) return;
          const wire = JSON.parse(JSON.stringify(ops)) as CollectionOp<Row>[];
          await storage.write(
            client,
            keys,
            encodeCollectionOps(wire, 'id', (key) => store.get(key as number)),
          );
          cache.applyOps(wire);
        };
        for (const change of changes) {
          const size = draft.size;
          const pick = (n: number) => draft.at(n % size) as Row;
          if (change.kind === 'insert') {
            const item = { id: next++, text: `row ${next}`, n: 0 };
            if (size === 0 || change.start) draft.insert(item, 'start');
            else draft.insert(item, { after: pick(change.at).id });
          } else if (change.kind === 'update' && size > 0) draft.update(pick(change.pick).id, { n: change.n });
          else if (change.kind === 'delete' && size > 0) draft.delete(pick(change.pick).id);
          else if (change.kind === 'move' && size > 1) {
            const item = pick(change.pick);
            const target = pick(change.to);
            draft.move(item.id, target.id === item.id ? 'end' : { before: target.id });
          } else if (change.kind === 'reset') {
            draft.reset(Array.from({ length: change.count }, () => ({ id: next++, text: 'reset', n: 1 })));
          } else if (change.kind === 'commit') await commit();
        }
        await commit();
        const loaded = await storage.load<Row, number>(client, keys, options);
        expect([...loaded.storedEntries()]).toEqual([...store.storedEntries()]);
        expect([...cache.storedEntries()]).toEqual([...store.storedEntries()]);
      }),
      { numRuns: 40 },
    );
  });

  it('writes one item for one change, whatever the size: a like in 50,000 rows sends under 200 bytes', async () => {
    const client = await kit.probe();
    const storage = new RedisCollectionStorage(kit.prefix());
    const keys = storage.keys('big', 'chat.rows');
    const rows = Array.from({ length: 50_000 }, (_, id): Row => ({ id, text: `row ${id}`, n: 0 }));
    const store = CollectionStore.fromItems<Row, number>({ keyField: 'id', label: 'chat.rows' }, rows);
    const all = encodeCollectionOps<Row>([['!', rows.length, [...store.storedEntries()]]], 'id', (key) =>
      store.get(key as number),
    );
    expect(await storage.write(client, keys, all)).toBe(50_000);
    const draft = store.draft();
    draft.update(31_337, { n: 1 });
    draft.insert({ id: 50_000, text: 'new', n: 0 }, 'start');
    const commands = encodeCollectionOps(draft.commit(), 'id', (key) => store.get(key as number));
    expect(commands.count).toBe(2);
    expect(commands.payload.length).toBeLessThan(200);
    expect(await storage.write(client, keys, commands)).toBe(50_001);
    expect(await client.hGet(keys.items, '31337')).toBe('{"id":31337,"text":"row 31337","n":1}');
    expect(await client.zRange(keys.order, 0, 0)).toEqual([`${store.orderIndex().at(0)?.order} 50000`]);
    const loaded = await storage.load<Row, number>(client, keys, { keyField: 'id', label: 'chat.rows' });
    expect(loaded.size).toBe(50_001);
    expect(loaded.get(31_337)?.n).toBe(1);
  });
});
