import type { CollectionReader } from './collectionReader.js';
import type { CollectionItem, CollectionKey } from './collectionTypes.js';
import type { CollectionSlice, SliceRequest } from './windowBounds.js';

/**
 * Reads what a page asked for (at least one item is asked for; the caller caps `count`): O(log n)
 * to find the place plus the items sent. A cursor the page names is only a bound: any string works,
 * an order key that no longer exists included.
 */
export function readSlice<TItem extends CollectionItem, TKey extends CollectionKey>(
  collection: CollectionReader<TItem, TKey>,
  request: SliceRequest,
): CollectionSlice<TItem> {
  const index = collection.orderIndex();
  const size = index.size;
  const count = Math.max(1, Math.floor(request.count));
  let start: number;
  let end: number;
  if ('from' in request) {
    start = request.from === 'start' ? 0 : Math.max(0, size - count);
    end = request.from === 'start' ? Math.min(size, count) : size;
  } else if ('after' in request) {
    const rank = index.rankOf(request.after);
    start = index.at(rank)?.order === request.after ? rank + 1 : rank;
    end = Math.min(size, start + count);
  } else {
    end = index.rankOf(request.before);
    start = Math.max(0, end - count);
  }
  const orders: string[] = [];
  const items: TItem[] = [];
  for (const entry of index.entries(start, end)) {
    orders.push(entry.order);
    items.push((collection.slot(entry.key) as { item: TItem }).item);
  }
  const first = start === 0 ? null : (orders[0] ?? null);
  const last = end === size ? null : (orders[orders.length - 1] ?? null);
  if ('after' in request) return { lo: request.after, hi: last, orders, items, total: size, extends: 'after' };
  if ('before' in request) return { lo: first, hi: request.before, orders, items, total: size, extends: 'before' };
  return { lo: first, hi: last, orders, items, total: size };
}
