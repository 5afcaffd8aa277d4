import { StateError } from '../errors.js';
import { STATE_DATA } from '../jsonValue.js';
import type { CollectionItem, CollectionKey, ReadonlyCollection } from './collectionTypes.js';
import { type CollectionWindowData, windowFromSlice } from './collectionWindow.js';
import type { OrderEntry, OrderView } from './orderIndex.js';
import { readSlice } from './readSlice.js';

/** What a collection is made with. */
export interface CollectionStoreOptions {
  /** The item field that holds the key. */
  readonly keyField: string;
  /** `state.var`, for messages. */
  readonly label: string;
  /**
   * How many items a page's first window holds (its first paint and hydrate).
   * @default 50
   */
  readonly window?: number;
  /**
   * Which end that window shows: the first items (`'start'`: a feed, newest first) or the last
   * (`'end'`: a chat, newest last).
   * @default 'start'
   */
  readonly from?: 'start' | 'end';
  /**
   * The order index's chunk size (see `OrderIndex`); tests use small chunks to split them often.
   * @default 256
   */
  readonly maxChunk?: number;
}

/** Where an item is and what it holds, as a collection stores it. */
export interface ItemSlot<TItem> {
  readonly order: string;
  readonly item: TItem;
}

/**
 * The reads every collection version shares (committed store, a step's draft): an order index for
 * positions and a slot per key for items. Subclasses say where the index and the slots come from.
 */
export abstract class CollectionReader<TItem extends CollectionItem, TKey extends CollectionKey>
  implements ReadonlyCollection<TItem, TKey>
{
  /** What the collection was made with. */
  readonly options: CollectionStoreOptions;

  static {
    // State data the runtime carries itself (see STATE_DATA): a var may hold a collection.
    Object.defineProperty(CollectionReader.prototype, STATE_DATA, { value: true });
  }

  constructor(options: CollectionStoreOptions) {
    this.options = options;
  }

  /** The item field that holds the key. */
  get keyField(): string {
    return this.options.keyField;
  }

  /** `state.var`, for messages. */
  get label(): string {
    return this.options.label;
  }

  /** The window a page sees first: the first (or last) `window` items and the total. */
  firstWindow(): CollectionWindowData<TItem> {
    const { from = 'start', window = 50 } = this.options;
    return windowFromSlice(this.keyField, readSlice(this, { from, count: window }));
  }

  /** The order of this version (internal: the runtime reads windows through it). */
  abstract orderIndex(): OrderView<TKey>;
  /** The slot of `key` in this version, or undefined (internal). */
  abstract slot(key: TKey): ItemSlot<TItem> | undefined;

  get size(): number {
    return this.orderIndex().size;
  }

  get(key: TKey): TItem | undefined {
    return this.slot(key)?.item;
  }

  has(key: TKey): boolean {
    return this.slot(key) !== undefined;
  }

  at(index: number): TItem | undefined {
    const entry = this.orderIndex().at(index < 0 ? this.size + index : index);
    return entry && this.#itemOf(entry);
  }

  indexOf(key: TKey): number {
    const slot = this.slot(key);
    return slot ? this.orderIndex().rankOf(slot.order) : -1;
  }

  slice(start = 0, end = this.size): TItem[] {
    const size = this.size;
    const from = start < 0 ? Math.max(0, size + start) : Math.min(start, size);
    const to = end < 0 ? Math.max(0, size + end) : Math.min(end, size);
    return this.#items(from, to);
  }

  after(key: TKey | null, count: number): TItem[] {
    const start = key === null ? 0 : this.#rankOrThrow(key, 'after') + 1;
    return this.#items(start, start + Math.max(0, count));
  }

  before(key: TKey | null, count: number): TItem[] {
    const end = key === null ? this.size : this.#rankOrThrow(key, 'before');
    return this.#items(Math.max(0, end - Math.max(0, count)), end);
  }

  *[Symbol.iterator](): Iterator<TItem> {
    for (const entry of this.orderIndex().entries()) yield this.#itemOf(entry);
  }

  toJSON(): CollectionWindowData<TItem> {
    return this.firstWindow();
  }

  #items(from: number, to: number): TItem[] {
    const out: TItem[] = [];
    for (const entry of this.orderIndex().entries(from, to)) out.push(this.#itemOf(entry));
    return out;
  }

  #itemOf(entry: OrderEntry<TKey>): TItem {
    return (this.slot(entry.key) as ItemSlot<TItem>).item;
  }

  #rankOrThrow(key: TKey, where: string): number {
    const rank = this.indexOf(key);
    if (rank < 0) {
      throw new StateError(
        'INVALID_COLLECTION_OP',
        `Cannot read items ${where} key ${JSON.stringify(key)} of collection "${this.label}": no item has that key; check has(key) first.`,
      );
    }
    return rank;
  }
}
