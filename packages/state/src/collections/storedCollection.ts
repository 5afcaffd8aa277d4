import type { CollectionStoreOptions } from './collectionReader.js';
import { CollectionStore } from './collectionStore.js';
import type { CollectionItem } from './collectionTypes.js';

/**
 * A collection as plain data, where a document leaves the process as JSON: with its entries (a
 * memory snapshot written on a graceful stop), or without them (Redis, which keeps the items in
 * keys of their own and fills them in when it loads the document).
 */
export interface StoredCollection {
  readonly $storedCollection: CollectionStoreOptions;
  /** `[order key, item]` in order; absent when the items are stored elsewhere. */
  readonly entries?: readonly (readonly [string, CollectionItem])[];
}

type States = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** `store` as plain data, with its entries or without them. */
export function toStoredCollection(store: CollectionStore, withEntries: boolean): StoredCollection {
  const { maxChunk: _maxChunk, ...options } = store.options;
  return withEntries
    ? { $storedCollection: options, entries: [...store.storedEntries()] }
    : { $storedCollection: options };
}

/** True for a collection stored as plain data. */
export function isStoredCollection(value: unknown): value is StoredCollection {
  return typeof value === 'object' && value !== null && '$storedCollection' in value;
}

/** The collection back from its stored form (`entries` given when the form has none). */
export function fromStoredCollection(
  stored: StoredCollection,
  entries: Iterable<readonly [string, CollectionItem]> = stored.entries ?? [],
): CollectionStore {
  return CollectionStore.fromEntries(stored.$storedCollection, entries);
}

/**
 * `states` with `convert` applied to every collection var (found by `test`); the same object when
 * there is none, so documents without collections cost one walk over their vars.
 */
export function mapCollectionVars<TFrom>(
  states: States,
  test: (value: unknown) => value is TFrom,
  convert: (value: TFrom, state: string, name: string) => unknown,
): States {
  let out: Record<string, Record<string, unknown>> | undefined;
  for (const [state, values] of Object.entries(states)) {
    for (const [name, value] of Object.entries(values)) {
      if (!test(value)) continue;
      out ??= { ...states };
      if (out[state] === values) out[state] = { ...values };
      out[state][name] = convert(value, state, name);
    }
  }
  return out ?? states;
}

/** True for a collection held in a document. */
export function isCollectionStore(value: unknown): value is CollectionStore {
  return value instanceof CollectionStore;
}

/** The value of a var as a page gets it: a collection's first window; anything else, a copy. */
export function publicVarValue(value: unknown): unknown {
  return value instanceof CollectionStore ? value.firstWindow() : structuredClone(value);
}
