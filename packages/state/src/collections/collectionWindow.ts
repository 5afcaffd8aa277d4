import type { CollectionOp } from './collectionOp.js';
import type { CollectionItem, CollectionKey } from './collectionTypes.js';
import { boundsContain, boundsWith, type CollectionSlice, EMPTY_BOUNDS, type WindowBounds } from './windowBounds.js';

/**
 * A page's window onto a collection: the items within its bounds, in order, and the collection's
 * total. It starts from a slice (the hydrate's), applies the ops the server sends and grows with
 * the slices the page loads. Items keep their identity until they change, and every change makes a
 * new `items` array, so a list re-renders the rows whose item changed and nothing else.
 *
 * Costs are the window's, never the collection's: a change is a binary search and a splice of the
 * window's arrays. Pure (no DOM, no socket), so the server's property tests run it too.
 */
export class CollectionWindow<TItem extends CollectionItem = CollectionItem> {
  /** The item field that holds the key. */
  readonly keyField: string;
  #items: readonly TItem[] = [];
  #orders: readonly string[] = [];
  #total = 0;
  #bounds: WindowBounds = EMPTY_BOUNDS;
  #stale = false;

  constructor(keyField: string, slice: CollectionSlice<TItem>) {
    this.keyField = keyField;
    this.replace(slice);
  }

  /** The items in the window, in order (a new array after each change). */
  get items(): readonly TItem[] {
    return this.#items;
  }

  /** Their order keys, parallel to `items`. */
  get orders(): readonly string[] {
    return this.#orders;
  }

  /** How many items the whole collection has. */
  get total(): number {
    return this.#total;
  }

  /** The window's bounds (see `WindowBounds`). */
  get bounds(): WindowBounds {
    return this.#bounds;
  }

  /**
   * True after a reset too big to be sent: the window is empty until the page loads a fresh one
   * (`replace`).
   */
  get stale(): boolean {
    return this.#stale;
  }

  /** Starts over from a fresh slice (what a hydrate or a reload sends). */
  replace(slice: CollectionSlice<TItem>): void {
    this.#items = slice.items.slice();
    this.#orders = slice.orders.slice();
    this.#total = slice.total;
    this.#bounds = { lo: slice.lo, hi: slice.hi };
    this.#stale = false;
  }

  /**
   * Adds a slice the page loaded next to its window (or a fresh one). False when it no longer
   * continues the window (the window changed since it was asked for): it is dropped.
   */
  extend(slice: CollectionSlice<TItem>): boolean {
    const bounds = boundsWith(this.#bounds, slice);
    if (!bounds) return false;
    if (slice.extends === undefined) {
      this.replace(slice);
      return true;
    }
    const after = slice.extends === 'after';
    this.#items = after ? [...this.#items, ...slice.items] : [...slice.items, ...this.#items];
    this.#orders = after ? [...this.#orders, ...slice.orders] : [...slice.orders, ...this.#orders];
    this.#total = slice.total;
    this.#bounds = bounds;
    return true;
  }

  /** Applies one commit's ops (as the server filtered them for this window); true when anything changed. */
  apply(ops: readonly CollectionOp<TItem>[]): boolean {
    if (ops.length === 0) return false;
    if (ops.every((op) => op[0] === '#')) {
      for (const op of ops) this.#total += op[1] as number;
      return true;
    }
    const items = this.#items.slice();
    const orders = this.#orders.slice();
    for (const op of ops) {
      switch (op[0]) {
        case '+':
          this.#total += 1;
          this.#place(items, orders, op[1], op[2]);
          break;
        case '~': {
          const at = this.#find(orders, op[2], items, op[1]);
          if (at >= 0) items[at] = { ...items[at], ...op[3] };
          break;
        }
        case '-': {
          this.#total -= 1;
          const at = this.#find(orders, op[2], items, op[1]);
          if (at >= 0) {
            items.splice(at, 1);
            orders.splice(at, 1);
          }
          break;
        }
        case '>': {
          const at = this.#find(
            orders,
            op[1],
            items,
            (op[3] as Record<string, unknown>)[this.keyField] as CollectionKey,
          );
          if (at >= 0) {
            items.splice(at, 1);
            orders.splice(at, 1);
          }
          this.#place(items, orders, op[2], op[3]);
          break;
        }
        case '!':
          this.#total = op[1];
          items.length = 0;
          orders.length = 0;
          if (op[2] && op[2].length === op[1]) {
            for (const [order, item] of op[2]) {
              orders.push(order);
              items.push(item);
            }
            this.#bounds = { lo: null, hi: null };
            this.#stale = false;
          } else {
            this.#bounds = EMPTY_BOUNDS;
            this.#stale = true;
          }
          break;
        case '#':
          this.#total += op[1];
          break;
      }
    }
    this.#items = items;
    this.#orders = orders;
    return true;
  }

  /** Inserts `item` at `order` when the window covers it. */
  #place(items: TItem[], orders: string[], order: string, item: TItem): void {
    if (!boundsContain(this.#bounds, order)) return;
    const at = lowerBound(orders, order);
    if (orders[at] === order) return; // already there (an op seen twice)
    items.splice(at, 0, item);
    orders.splice(at, 0, order);
  }

  /** Where the item `key` at `order` is in the window, or -1. */
  #find(orders: readonly string[], order: string, items: readonly TItem[], key: CollectionKey): number {
    if (!boundsContain(this.#bounds, order)) return -1;
    const at = lowerBound(orders, order);
    return orders[at] === order && (items[at] as Record<string, unknown>)[this.keyField] === key ? at : -1;
  }
}

/** The first index whose order key is not below `order`. */
function lowerBound(orders: readonly string[], order: string): number {
  let lo = 0;
  let hi = orders.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (orders[mid] < order) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
