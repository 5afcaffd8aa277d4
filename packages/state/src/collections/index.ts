/**
 * collections/ — the collection var kind: keyed items in an order (order keys, a chunked index with
 * ranks), the committed collection and a step's draft of it with the ops it records, a page's window
 * and the filter that sends a page only what its window shows, and the forms a collection is stored
 * in.
 *
 * May import: the root's errors and JSON check only. Everything else in the runtime may import it.
 */

export { CollectionDraft } from './collectionDraft.js';
export { MAX_WINDOW_REQUEST } from './collectionPatch.js';
export { CollectionReader, type CollectionStoreOptions, type ItemSlot } from './collectionReader.js';
export { CollectionStore } from './collectionStore.js';
export type { Collection, ItemFields, ItemPosition, ReadonlyCollection } from './collectionTypes.js';
export {
  type CollectionOptions,
  type CollectionVar,
  collection,
  createCollection,
  isCollectionVar,
  type KeyFieldOf,
  storeOptionsOf,
} from './collectionVar.js';
export { opsForWindow, RESET_INLINE_LIMIT, type WindowOps } from './opsForWindow.js';
export { type OrderEntry, OrderIndex } from './orderIndex.js';
export { integerOrderKey, isOrderKey, orderKeyBetween, orderKeysFor } from './orderKey.js';
export * from './page.js';
export { PageWindows } from './pageWindows.js';
export { collectionError } from './prepareItem.js';
export { readSlice } from './readSlice.js';
export {
  fromStoredCollection,
  isCollectionStore,
  isStoredCollection,
  mapCollectionVars,
  publicVarValue,
  type StoredCollection,
  toStoredCollection,
} from './storedCollection.js';
export { boundsContain, boundsWith, EMPTY_BOUNDS } from './windowBounds.js';
