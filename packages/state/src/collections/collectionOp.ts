import type { CollectionItem, CollectionKey } from './collectionTypes.js';

/**
 * One change of a collection as it travels: to the page, into the replay log, to other processes'
 * caches and (translated) into Redis. A tuple, so a like is `["~",7,"a5",{"likes":3}]`: one item's
 * change, never the list. Each op names the order key where it happens, so whoever holds only a
 * window of the collection can tell whether it falls inside without looking anything up.
 *
 * - `['+', order, item]`: insert `item` at `order`.
 * - `['~', key, order, fields]`: merge `fields` into the item `key` (at `order`).
 * - `['-', key, order]`: delete the item `key` (at `order`).
 * - `['>', from, to, item]`: move `item` from `from` to `to`; it carries the item so that a window
 *   it enters can show it.
 * - `['!', total, entries]`: replace everything; `entries` are `[order, item]` pairs in order. A
 *   page whose window is narrower gets `['!', total]` and reloads its window.
 * - `['#', delta]`: (to a page only) the count changed by `delta` outside the page's window.
 */
export type CollectionOp<TItem extends CollectionItem = CollectionItem> =
  | readonly ['+', order: string, item: TItem]
  | readonly ['~', key: CollectionKey, order: string, fields: Partial<TItem>]
  | readonly ['-', key: CollectionKey, order: string]
  | readonly ['>', from: string, to: string, item: TItem]
  | readonly ['!', total: number, entries?: readonly (readonly [order: string, item: TItem])[]]
  | readonly ['#', delta: number];
