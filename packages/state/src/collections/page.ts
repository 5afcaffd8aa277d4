// What a page needs of collections (`@core/state/collections/page`): applying a commit's ops and a
// loaded slice to its window. Apart from the rest of collections/, so that a page bundles none of
// the server's side.
export type { CollectionOp } from './collectionOp.js';
export { type CollectionPatch, isCollectionPatch, type WindowRequest } from './collectionPatch.js';
export type { CollectionItem, CollectionKey } from './collectionTypes.js';
export {
  applyWindowOps,
  type CollectionWindowData,
  extendWindow,
  isCollectionWindow,
  windowFromSlice,
} from './collectionWindow.js';
export type { CollectionSlice, SliceRequest, WindowBounds } from './windowBounds.js';
