import type { CollectionOp } from './collectionOp.js';
import type { CollectionItem, CollectionKey } from './collectionTypes.js';
import { lowerBound } from './lowerBound.js';
import { boundsContain, boundsWith, type CollectionSlice, EMPTY_BOUNDS } from './windowBounds.js';

/**
 * A page's window onto a collection, as plain JSON: what a collection var is in a page's state
 * (the hydrate carries it; `useAppState` returns it). `items` are every item whose order key is in
 * `[lo, hi]` (`null`: open at that end), `orders` their order keys, `total` the whole collection's
 * size. `stale` after a reset too big to send: the window is empty until the page loads a fresh one.
 */
export interface CollectionWindowData<TItem extends CollectionItem = CollectionItem> {
  /** The item field that holds the key (it also marks the value as a window). */
  readonly $collection: string;
  readonly items: readonly TItem[];
  readonly orders: readonly string[];
  readonly total: number;
  readonly lo: string | null;
  readonly hi: string | null;
  readonly stale?: true;
}

/** True when `value` is a collection window (the marker field `$collection` holds the key field). */
export function isCollectionWindow(value: unknown): value is CollectionWindowData {
  return (
    value !== null && typeof value === 'object' && typeof (value as { $collection?: unknown }).$collection === 'string'
  );
}

/** A window holding exactly a fresh slice (what a hydrate carries). */
export function windowFromSlice<TItem extends CollectionItem>(
  keyField: string,
  slice: CollectionSlice<TItem>,
): CollectionWindowData<TItem> {
  return {
    $collection: keyField,
    items: slice.items,
    orders: slice.orders,
    total: slice.total,
    lo: slice.lo,
    hi: slice.hi,
  };
}

/**
 * The window with a loaded slice added (or replaced by a fresh one); undefined when the slice
 * continues other bounds (the window changed since it was asked for): drop it.
 */
export function extendWindow<TItem extends CollectionItem>(
  window: CollectionWindowData<TItem>,
  slice: CollectionSlice<TItem>,
): CollectionWindowData<TItem> | undefined {
  const bounds = boundsWith(window, slice);
  if (!bounds) return undefined;
  if (slice.extends === undefined) return windowFromSlice(window.$collection, slice);
  const after = slice.extends === 'after';
  return {
    $collection: window.$collection,
    items: after ? [...window.items, ...slice.items] : [...slice.items, ...window.items],
    orders: after ? [...window.orders, ...slice.orders] : [...slice.orders, ...window.orders],
    total: slice.total,
    ...bounds,
  };
}

/**
 * The window after one commit's ops (as the server filtered them for it). Costs are the window's,
 * never the collection's: a binary search and a splice per op. Items keep their identity until
 * they change, and the arrays are new only when an item changed, so a list re-renders the rows
 * whose item changed and nothing else. Ops outside the window change only `total`. `totalAfter`,
 * the collection's size after the commit when the server sent it, wins over the count of the ops.
 */
export function applyWindowOps<TItem extends CollectionItem>(
  window: CollectionWindowData<TItem>,
  ops: readonly CollectionOp<TItem>[],
  totalAfter?: number,
): CollectionWindowData<TItem> {
  if (ops.length === 0) {
    return totalAfter === undefined || totalAfter === window.total ? window : { ...window, total: totalAfter };
  }
  const keyField = window.$collection;
  let { total, lo, hi, stale } = window;
  let items: TItem[] | undefined;
  let orders: string[] | undefined;
  const writable = () => {
    items ??= window.items.slice();
    orders ??= window.orders.slice();
    return { items, orders };
  };
  const find = (order: string, key: CollectionKey): number => {
    const list = orders ?? window.orders;
    if (!boundsContain({ lo, hi }, order)) return -1;
    const at = lowerBound(list, order);
    return list[at] === order && ((items ?? window.items)[at] as Record<string, unknown>)[keyField] === key ? at : -1;
  };
  const remove = (at: number) => {
    if (at < 0) return;
    const w = writable();
    w.items.splice(at, 1);
    w.orders.splice(at, 1);
  };
  const place = (order: string, item: TItem) => {
    if (!boundsContain({ lo, hi }, order)) return;
    const w = writable();
    const at = lowerBound(w.orders, order);
    if (w.orders[at] === order) return; // already there (an op seen twice)
    w.items.splice(at, 0, item);
    w.orders.splice(at, 0, order);
  };
  for (const op of ops) {
    switch (op[0]) {
      case '+':
        total += 1;
        place(op[1], op[2]);
        break;
      case '~': {
        const at = find(op[2], op[1]);
        if (at >= 0) {
          const w = writable();
          w.items[at] = { ...w.items[at], ...op[3] };
        }
        break;
      }
      case '-':
        total -= 1;
        remove(find(op[2], op[1]));
        break;
      case '>':
        remove(find(op[1], (op[3] as Record<string, unknown>)[keyField] as CollectionKey));
        place(op[2], op[3]);
        break;
      case '!': {
        total = op[1];
        const whole = op[2] !== undefined && op[2].length === op[1];
        items = whole ? (op[2] as readonly (readonly [string, TItem])[]).map(([, item]) => item) : [];
        orders = whole ? (op[2] as readonly (readonly [string, TItem])[]).map(([order]) => order) : [];
        ({ lo, hi } = whole ? { lo: null, hi: null } : EMPTY_BOUNDS);
        stale = whole ? undefined : true;
        break;
      }
      case '#':
        total += op[1];
        break;
    }
  }
  const next: CollectionWindowData<TItem> = {
    $collection: keyField,
    items: items ?? window.items,
    orders: orders ?? window.orders,
    total: totalAfter ?? total,
    lo,
    hi,
  };
  return stale ? { ...next, stale } : next;
}
