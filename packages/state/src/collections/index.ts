// The collection var kind: keyed items whose change costs the same in ten items or a million.

export { CollectionDraft } from './collectionDraft.js';
export type { CollectionOp } from './collectionOp.js';
export {
  type CollectionPatch,
  isCollectionPatch,
  MAX_WINDOW_REQUEST,
  type WindowRequest,
} from './collectionPatch.js';
export { CollectionReader, type ItemSlot } from './collectionReader.js';
export { CollectionStore, type CollectionStoreOptions } from './collectionStore.js';
export type {
  Collection,
  CollectionItem,
  CollectionKey,
  ItemFields,
  ItemPosition,
  ReadonlyCollection,
} from './collectionTypes.js';
export {
  applyWindowOps,
  type CollectionWindowData,
  extendWindow,
  isCollectionWindow,
  windowFromSlice,
} from './collectionWindow.js';
export { opsForWindow, RESET_INLINE_LIMIT, type WindowOps } from './opsForWindow.js';
export { type OrderEntry, OrderIndex } from './orderIndex.js';
export { integerOrderKey, isOrderKey, orderKeyBetween, orderKeysFor } from './orderKey.js';
export { PageWindows } from './pageWindows.js';
export { readSlice } from './readSlice.js';
export {
  boundsContain,
  boundsWith,
  type CollectionSlice,
  EMPTY_BOUNDS,
  type SliceRequest,
  type WindowBounds,
} from './windowBounds.js';
