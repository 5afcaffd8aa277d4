import type { CollectionItem, CollectionKey, CollectionStore, CollectionStoreOptions } from '@core/state/collections';
import { type CollectionCommands, decodeCollection, itemFields } from './collectionCodec.js';
import { WRITE_COLLECTION } from './collectionScripts.js';
import type { AnyRedisClient } from './redisStateManagerOptions.js';

/** The two keys of one collection. */
export interface CollectionKeys {
  /** Hash: item key (JSON) → item (JSON). */
  readonly items: string;
  /** Sorted set: `<order key> <item key as JSON>`, every score 0. */
  readonly order: string;
}

/** How many positions a load reads per round trip. */
const LOAD_BATCH = 10_000;

/**
 * Where and how a collection lives in Redis: a hash of items and a sorted set of positions beside
 * the token's document, under the same hash tag (`{token}`), so that a Cluster keeps them on the
 * document's shard and one script can write them together. A commit writes the items it changed,
 * never the collection; a process that holds the collection in memory keeps it in step by applying
 * the same ops other processes commit, and loads it whole only when it has none.
 */
export class RedisCollectionStorage {
  readonly #keyPrefix: string;

  constructor(keyPrefix: string) {
    this.#keyPrefix = keyPrefix;
  }

  /** The keys of collection `name` (`state.var`) of document `token`. */
  keys(token: string, name: string): CollectionKeys {
    return {
      items: `${this.#keyPrefix}items:{${token}}:${name}`,
      order: `${this.#keyPrefix}order:{${token}}:${name}`,
    };
  }

  /** Writes `commands` on their own (no fence); returns the item count after it. */
  async write(client: AnyRedisClient, keys: CollectionKeys, commands: CollectionCommands): Promise<number> {
    const reply = await WRITE_COLLECTION.run(client, [keys.items, keys.order], [commands.payload]);
    return Number(reply);
  }

  /**
   * Loads the whole collection, `LOAD_BATCH` positions per round trip (the caller holds the
   * document's lock, so no write lands in between).
   */
  async load<TItem extends CollectionItem, TKey extends CollectionKey>(
    client: AnyRedisClient,
    keys: CollectionKeys,
    options: CollectionStoreOptions,
  ): Promise<CollectionStore<TItem, TKey>> {
    const members: string[] = [];
    const values: (string | null)[] = [];
    for (let start = 0; ; start += LOAD_BATCH) {
      const batch = (await client.zRange(keys.order, start, start + LOAD_BATCH - 1)) as string[];
      if (batch.length === 0) break;
      members.push(...batch);
      values.push(...((await client.hmGet(keys.items, itemFields(batch))) as (string | null)[]));
      if (batch.length < LOAD_BATCH) break;
    }
    return decodeCollection<TItem, TKey>(options, members, values);
  }
}
