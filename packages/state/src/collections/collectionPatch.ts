import type { CollectionOp } from './collectionOp.js';
import type { CollectionItem } from './collectionTypes.js';
import type { SliceRequest } from './windowBounds.js';

/**
 * How a collection's changes ride in an update, beside the immer patches of the other vars:
 * `path` is `[state, var]`, `value` the commit's ops for that collection, in order.
 */
export interface CollectionPatch<TItem extends CollectionItem = CollectionItem> {
  readonly op: 'collection';
  readonly path: readonly [state: string, name: string];
  readonly value: readonly CollectionOp<TItem>[];
  /**
   * The collection's size after the commit. A page sets its count from it rather than counting
   * ops, so an op it sees twice (a hydrate read while the commit was being stored already had it)
   * cannot throw the count off.
   */
  readonly total?: number;
}

/** True when `patch` carries a collection's ops. */
export function isCollectionPatch(patch: { readonly op: string }): patch is CollectionPatch {
  return patch.op === 'collection';
}

/**
 * `core:window`, page → server: more of a collection (or a fresh window of it). The server finds
 * the document itself (the one this tab shows the state from).
 */
export interface WindowRequest {
  readonly state: string;
  readonly name: string;
  readonly request: SliceRequest;
}

/** The most items one `core:window` request gets. */
export const MAX_WINDOW_REQUEST = 500;
