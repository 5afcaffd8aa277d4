/**
 * `@core/react/collection`: `useCollection`, a collection's window with loading on demand. A
 * subpath of its own so that pages without collections do not ship it.
 */
export type {
  CollectionItemOf,
  CollectionVarsOf,
  CollectionView,
  UseCollectionOptions,
} from './collection/useCollection.js';
export { useCollection } from './collection/useCollection.js';
