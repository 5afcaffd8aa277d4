import { collection, createApp, defineState } from '@core/state';
import type { CollectionWindowData } from '@core/state/types';
import { describe, expect, it } from 'vitest';
import { useRedisServer } from './redisServer.js';
import { useManagers } from './redisTestKit.js';

const redis = useRedisServer();

interface Row {
  readonly id: number;
  readonly text: string;
  readonly likes: number;
}

const SIZE = 20_000;

const Feed = defineState('feed', {
  scope: 'app',
  vars: {
    rows: collection<Row, number>({
      key: 'id',
      window: 5,
      initial: () => Array.from({ length: SIZE }, (_, id) => ({ id, text: `row ${id}`, likes: 0 })),
    }),
  },
  events: {
    like(s, id: number) {
      s.rows.update(id, (row) => ({ likes: row.likes + 1 }));
    },
    add(s, id: number) {
      s.rows.insert({ id, text: `new ${id}`, likes: 0 }, 'start');
    },
    remove(s, id: number) {
      s.rows.delete(id);
    },
  },
});

describe.skipIf(!redis)('collections with the Redis manager', () => {
  const kit = useManagers(redis);

  it('two processes change one app-wide collection; each keeps its copy in step through the log, never reading it whole again', async () => {
    const a = createApp({ states: [Feed], stateManager: await kit.manager() });
    const b = createApp({ states: [Feed], stateManager: await kit.manager() });
    await a.dispatch('t1', Feed.like(7)); // creates the document: the collection is written whole once
    await b.dispatch('t2', Feed.like(7)); // b reads it whole once
    const lines = await kit.monitor();
    for (let i = 0; i < 5; i++) {
      await a.dispatch('t1', Feed.add(SIZE + i));
      await b.dispatch('t2', Feed.like(100 + i));
      await a.dispatch('t1', Feed.remove(200 + i));
    }
    const fromA = (await a.snapshot('t1')).feed.rows as CollectionWindowData<Row>;
    const fromB = (await b.snapshot('t2')).feed.rows as CollectionWindowData<Row>;
    expect(fromA).toEqual(fromB);
    expect(fromA.total).toBe(SIZE);
    expect(fromA.items[0].id).toBe(SIZE + 4);
    await b.modifyState({ scope: 'app' }, async (tx) => {
      const rows = (await tx.get(Feed)).rows;
      expect(rows.get(7)?.likes).toBe(2);
      expect(rows.get(104)?.likes).toBe(1);
      expect(rows.has(204)).toBe(false);
    });
    await expect.poll(() => lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.includes('"ZRANGE"') && line.includes(kit.prefix()))).toEqual([]);
    await a.close();
    await b.close();
  });

  it('writes one item for a like, whatever the collection’s size', async () => {
    const app = createApp({ states: [Feed], stateManager: await kit.manager() });
    await app.dispatch('t', Feed.like(1));
    const lines = await kit.monitor();
    await app.dispatch('t', Feed.like(12_345));
    await expect.poll(() => lines.some((line) => line.includes('"EVALSHA"') && line.includes('12345'))).toBe(true);
    const write = lines.find((line) => line.includes('"EVALSHA"') && line.includes('12345')) ?? '';
    expect(write.length).toBeLessThan(1_500);
    await app.close();
  });

  it('a restarted process reads the collection back from Redis', async () => {
    const first = createApp({ states: [Feed], stateManager: await kit.manager() });
    await first.dispatch('t', Feed.add(-1));
    await first.close();
    const again = createApp({ states: [Feed], stateManager: await kit.manager() });
    const rows = (await again.snapshot('t')).feed.rows as CollectionWindowData<Row>;
    expect(rows.items[0]).toEqual({ id: -1, text: 'new -1', likes: 0 });
    expect(rows.total).toBe(SIZE + 1);
    await again.close();
  });
});
