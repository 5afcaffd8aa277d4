import type { CollectionItem } from './collectionTypes.js';

/**
 * The part of a collection a page holds: every item whose order key is within `[lo, hi]`
 * (inclusive; `null` leaves that end open, so `{ lo: null, hi: null }` is the whole collection).
 * The page and the server both keep a page's bounds and change them by the same rules (this file),
 * so the server knows which changes a page can see without asking it.
 */
export interface WindowBounds {
  readonly lo: string | null;
  readonly hi: string | null;
}

/** Bounds that hold nothing (after a reset too big to send): `''` is below every order key. */
export const EMPTY_BOUNDS: WindowBounds = { lo: null, hi: '' };

/**
 * A part of a collection the server sends: `items` (and their `orders`) are every item of the range
 * it covers, `total` is the collection's size. A fresh window (`extends` absent) covers `[lo, hi]`;
 * one that continues a window covers `(lo, hi]` (`extends: 'after'`, `lo` is that window's `hi`)
 * or `[lo, hi)` (`extends: 'before'`, `hi` is that window's `lo`).
 */
export interface CollectionSlice<TItem extends CollectionItem = CollectionItem> {
  readonly lo: string | null;
  readonly hi: string | null;
  readonly orders: readonly string[];
  readonly items: readonly TItem[];
  readonly total: number;
  readonly extends?: 'after' | 'before';
}

/** What a page asks for: a fresh window of the first or last `count` items, or `count` more next to its own. */
export type SliceRequest =
  | { readonly from: 'start' | 'end'; readonly count: number }
  | { readonly after: string; readonly count: number }
  | { readonly before: string; readonly count: number };

/** True when the item at `order` is inside `bounds`. */
export function boundsContain(bounds: WindowBounds, order: string): boolean {
  return (bounds.lo === null || order >= bounds.lo) && (bounds.hi === null || order <= bounds.hi);
}

/**
 * The bounds after `slice` arrives: its own for a fresh window, the union when it continues these
 * bounds, undefined when it continues other bounds (it was asked for before they changed: drop it).
 */
export function boundsWith(bounds: WindowBounds, slice: CollectionSlice): WindowBounds | undefined {
  if (slice.extends === undefined) return { lo: slice.lo, hi: slice.hi };
  if (slice.extends === 'after') {
    return bounds.hi !== null && bounds.hi === slice.lo ? { lo: bounds.lo, hi: slice.hi } : undefined;
  }
  return bounds.lo !== null && bounds.lo === slice.hi ? { lo: slice.lo, hi: bounds.hi } : undefined;
}
