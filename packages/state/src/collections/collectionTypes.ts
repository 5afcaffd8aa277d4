import type { CollectionWindowData } from './collectionWindow.js';
import type { CollectionKey } from './orderIndex.js';

export type { CollectionKey };

/**
 * An item of a collection: a JSON object whose key field is a string or a finite number (`object`
 * rather than a record type, so that interfaces qualify; the shape is checked when an item enters).
 */
export type CollectionItem = object;

/**
 * Where an insert or a move puts an item: at the start, at the end, or next to the item with a
 * given key.
 */
export type ItemPosition<TKey extends CollectionKey = CollectionKey> =
  | 'start'
  | 'end'
  | { readonly before: TKey }
  | { readonly after: TKey };

/** The fields an update sets (shallow merge); the key field may be given only unchanged. */
export type ItemFields<TItem> = Partial<TItem>;

/**
 * What every collection can read: the committed one (`task.state.feed`) and a step's (`s.feed`).
 * Items are frozen: change them with `update`, never in place. Reads by key are O(1), by position
 * O(log n); nothing reads the whole collection unless asked to (iteration, `slice()`).
 */
export interface ReadonlyCollection<TItem extends CollectionItem, TKey extends CollectionKey = CollectionKey> {
  /** How many items. */
  readonly size: number;
  /** The item with this key, or undefined. */
  get(key: TKey): TItem | undefined;
  /** True when an item has this key. */
  has(key: TKey): boolean;
  /** The item at `index` (negative: from the end), or undefined outside the collection. */
  at(index: number): TItem | undefined;
  /** The position of the item with this key, or -1. */
  indexOf(key: TKey): number;
  /** Items from `start` to `end` (exclusive), with `Array.prototype.slice`'s meaning of negatives. */
  slice(start?: number, end?: number): TItem[];
  /** Up to `count` items right after the item with key `key` (`null`: from the start), in order. */
  after(key: TKey | null, count: number): TItem[];
  /** Up to `count` items right before the item with key `key` (`null`: up to the end), in order. */
  before(key: TKey | null, count: number): TItem[];
  /** Every item, in order. */
  [Symbol.iterator](): Iterator<TItem>;
  /**
   * What `JSON.stringify` gives: the window a page sees first (its first items and the total),
   * never the whole collection — use `slice()` for items.
   */
  toJSON(): CollectionWindowData<TItem>;
}

/**
 * A collection as a handler sees it: keyed items in an order, where one change costs the same in
 * ten items or a million — in memory, in the update sent to pages and in Redis. A step's changes
 * are kept only when it commits (a handler that throws keeps none of them).
 */
export interface Collection<TItem extends CollectionItem, TKey extends CollectionKey = CollectionKey>
  extends ReadonlyCollection<TItem, TKey> {
  /**
   * Adds `item` (its key must be new) at `position` and returns it, frozen.
   * @default position 'end'
   * @example s.feed.insert({ id: 'm1', text: 'hello', likes: 0 }, 'start');
   */
  insert(item: TItem, position?: ItemPosition<TKey>): TItem;
  /**
   * Sets some fields of the item with key `key` (a shallow merge) and returns the new item.
   * `fields` may be a function of the current item. Throws when there is no such item.
   * @example s.feed.update(id, (m) => ({ likes: m.likes + 1 }));
   */
  update(key: TKey, fields: ItemFields<TItem> | ((item: TItem) => ItemFields<TItem>)): TItem;
  /** Removes the item with key `key`; false when there was none. */
  delete(key: TKey): boolean;
  /** Moves the item with key `key` to `position`. Throws when there is no such item. */
  move(key: TKey, position: ItemPosition<TKey>): void;
  /** Replaces every item with `items`, in their order (none: empties the collection). */
  reset(items?: Iterable<TItem>): void;
}
