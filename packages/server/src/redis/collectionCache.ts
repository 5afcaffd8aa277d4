import { CollectionStore, isStoredCollection, mapCollectionVars, type StoredCollection } from '@core/state/collections';
import type { TokenDoc } from '@core/state/internal';
import type { StateUpdate } from '@core/state/types';
import { opsOf } from './collectionCodec.js';
import type { CachedDoc, DocCache } from './docCache.js';
import { decodeDoc, decodeReplay } from './docCodec.js';
import type { RedisLockStore } from './redisLockStore.js';

/** A stored collection without its entries: they are in keys of their own. */
function isEmptyStored(value: unknown): value is StoredCollection {
  return isStoredCollection(value) && !value.entries;
}

/**
 * Keeps this process's collections in step with Redis. A document read from Redis holds only its
 * collections' options; this puts the collections back. One this process has from an earlier
 * version of the document is brought up to date rather than read again: the ops of the updates
 * written since, from the replay log, are applied to it — a change costs the change, not a million
 * items. Without that (no earlier version, another epoch, a log that no longer reaches back, ops
 * that do not fit) it is read whole, in batches. Fills of one token take turns, each from the
 * version the one before it left in the cache, so no op is ever applied twice.
 */
export class CollectionCache {
  readonly #store: RedisLockStore;
  readonly #turns = new Map<string, Promise<unknown>>();

  constructor(store: RedisLockStore) {
    this.#store = store;
  }

  /**
   * The document another process wrote, from the fields the lock script sent, with its
   * collections; an error when it could not be read.
   */
  async readWritten(
    token: string,
    fields: readonly string[],
    version: string,
    cache: DocCache,
  ): Promise<TokenDoc | Error | undefined> {
    try {
      const doc = decodeDoc(fields);
      return doc && (await this.fill(token, doc, version, cache));
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  /**
   * `doc` (as decoded, the document's version `version`) with its collections (see the class),
   * then cached. The earlier version is the one cached when this fill's turn comes: what this
   * process last wrote or read, which its collections reflect.
   */
  fill(token: string, doc: TokenDoc, version: string, cache: DocCache): Promise<TokenDoc> {
    const previous = this.#turns.get(token) ?? Promise.resolve();
    const turn = previous
      .catch(() => {})
      .then(async () => {
        const filled = await this.#fill(token, doc, cache.get(token));
        cache.set(token, { version, doc: filled });
        return filled;
      });
    this.#turns.set(token, turn);
    void turn
      .finally(() => {
        if (this.#turns.get(token) === turn) this.#turns.delete(token);
      })
      .catch(() => {});
    return turn;
  }

  async #fill(token: string, doc: TokenDoc, cached: CachedDoc | undefined): Promise<TokenDoc> {
    const stored: { state: string; name: string; value: StoredCollection }[] = [];
    for (const [state, values] of Object.entries(doc.states)) {
      for (const [name, value] of Object.entries(values)) if (isEmptyStored(value)) stored.push({ state, name, value });
    }
    if (stored.length === 0) return doc;
    const earlierDoc = cached && (cached.doc.epoch ?? '') === (doc.epoch ?? '') ? cached.doc : undefined;
    const earlierOf = (state: string, name: string) => {
      const earlier = earlierDoc?.states[state]?.[name];
      return earlier instanceof CollectionStore ? earlier : undefined;
    };
    const since = earlierDoc?.seq ?? doc.seq;
    let updates: readonly StateUpdate[] | undefined;
    if (earlierDoc && since < doc.seq) {
      updates = decodeReplay(await this.#store.replay(token, since), doc.epoch ?? '', since)?.updates;
    }
    const filled = new Map<string, CollectionStore>();
    for (const { state, name, value } of stored) {
      const earlier = earlierOf(state, name);
      let collection: CollectionStore | undefined;
      if (earlier && earlier.keyField === value.$storedCollection.keyField) {
        const missed = since === doc.seq ? [] : updates;
        try {
          if (missed) {
            earlier.applyOps(opsOf(missed, state, name));
            collection = earlier;
          }
        } catch {
          // Ops that do not fit this copy: read it whole.
        }
      }
      collection ??= await this.#store.command(`read collection ${state}.${name} of token "${token}"`, (client) =>
        this.#store.collections.load(
          client,
          this.#store.collections.keys(token, `${state}.${name}`),
          value.$storedCollection,
        ),
      );
      filled.set(`${state}\u0000${name}`, collection);
    }
    const states = mapCollectionVars(doc.states, isEmptyStored, (_value, state, name) =>
      filled.get(`${state}\u0000${name}`),
    );
    return { ...doc, states };
  }
}
