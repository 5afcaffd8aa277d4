import { CollectionDraft } from './collectionDraft.js';
import type { CollectionOp } from './collectionOp.js';
import { CollectionReader, type CollectionStoreOptions, type ItemSlot } from './collectionReader.js';
import type { CollectionItem, CollectionKey } from './collectionTypes.js';
import type { DraftOrder } from './draftOrder.js';
import { OrderIndex } from './orderIndex.js';
import { isOrderKey, orderKeysFor } from './orderKey.js';
import { collectionError, prepareItem } from './prepareItem.js';

/**
 * A collection as committed: what a document holds, what reads outside a step see and what a
 * step's {@link CollectionDraft} starts from. It changes only when a draft commits (or ops from
 * another process are applied), in one synchronous call, by the changed items alone.
 */
export class CollectionStore<
  TItem extends CollectionItem = CollectionItem,
  TKey extends CollectionKey = CollectionKey,
> extends CollectionReader<TItem, TKey> {
  #index: OrderIndex<TKey>;
  #slots: Map<TKey, ItemSlot<TItem>>;

  private constructor(options: CollectionStoreOptions, index: OrderIndex<TKey>, slots: Map<TKey, ItemSlot<TItem>>) {
    super(options);
    this.#index = index;
    this.#slots = slots;
  }

  /** A collection of `items` in their order, with fresh order keys. */
  static fromItems<TItem extends CollectionItem, TKey extends CollectionKey = CollectionKey>(
    options: CollectionStoreOptions,
    items: Iterable<TItem> = [],
  ): CollectionStore<TItem, TKey> {
    const list = [...items];
    const orders = orderKeysFor(list.length);
    return CollectionStore.fromEntries<TItem, TKey>(
      options,
      list.map((item, i) => [orders[i], item] as const),
    );
  }

  /**
   * A collection of stored `[order, item]` entries (ascending order keys), as a stored document or
   * Redis holds them. Throws on an unsorted or malformed entry and on a duplicate key.
   */
  static fromEntries<TItem extends CollectionItem, TKey extends CollectionKey = CollectionKey>(
    options: CollectionStoreOptions,
    entries: Iterable<readonly [string, TItem]>,
  ): CollectionStore<TItem, TKey> {
    const { keyField, label } = options;
    const orders: string[] = [];
    const keys: TKey[] = [];
    const slots = new Map<TKey, ItemSlot<TItem>>();
    let previous = '';
    for (const [order, item] of entries) {
      if (!isOrderKey(order) || order <= previous) {
        throw collectionError(label, 'load', `order key ${JSON.stringify(order)} is malformed or out of order`);
      }
      const key = prepareItem(item, keyField, label, 'load') as TKey;
      if (slots.has(key)) throw collectionError(label, 'load', `two items have the key ${JSON.stringify(key)}`);
      slots.set(key, { order, item });
      orders.push(order);
      keys.push(key);
      previous = order;
    }
    return new CollectionStore(options, OrderIndex.fromSorted(orders, keys, options.maxChunk), slots);
  }

  orderIndex(): OrderIndex<TKey> {
    return this.#index;
  }

  slot(key: TKey): ItemSlot<TItem> | undefined {
    return this.#slots.get(key);
  }

  /** An independent copy (a duplicated tab gets its own collection): O(n). */
  copy(): CollectionStore<TItem, TKey> {
    return CollectionStore.fromEntries<TItem, TKey>(this.options, this.storedEntries());
  }

  /** A step's writable view of this collection (see {@link CollectionDraft}). */
  draft(): CollectionDraft<TItem, TKey> {
    return new CollectionDraft(this);
  }

  /**
   * Applies ops that another process committed (read from its update), in order, as one change.
   * Throws a `RangeError` when they do not fit this version (the caller reloads the collection).
   */
  applyOps(ops: readonly CollectionOp<TItem>[]): void {
    const draft = this.draft();
    for (const op of ops) draft.applyOp(op);
    draft.commit();
  }

  /** Every `[order, item]` entry in order: what a stored document keeps. */
  *storedEntries(): Generator<readonly [string, TItem]> {
    for (const { order, key } of this.#index.entries()) yield [order, (this.#slots.get(key) as ItemSlot<TItem>).item];
  }

  /**
   * Makes a draft's changes the committed version, in place (internal: {@link CollectionDraft.commit}).
   * `order` holds the order changes; `fresh` (a reset) replaces the index and every slot; `changed`
   * maps a key to its new slot, or to null when it was deleted.
   */
  adopt(
    order: DraftOrder<TKey> | undefined,
    fresh: OrderIndex<TKey> | undefined,
    changed: ReadonlyMap<TKey, ItemSlot<TItem> | null>,
  ): void {
    if (fresh) {
      this.#index = fresh;
      this.#slots = new Map();
    }
    order?.applyTo(this.#index);
    for (const [key, slot] of changed) {
      if (slot) this.#slots.set(key, slot);
      else this.#slots.delete(key);
    }
  }
}
