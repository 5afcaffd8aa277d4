import { StateError } from '../errors.js';
import type { CollectionStoreOptions } from './collectionReader.js';
import { CollectionStore } from './collectionStore.js';
import type { CollectionItem, CollectionKey } from './collectionTypes.js';

/** The fields of `TItem` that can be its key: those holding a string or a number. */
export type KeyFieldOf<TItem> = {
  [K in keyof TItem]-?: TItem[K] extends string | number ? K : never;
}[keyof TItem] &
  string;

/** Options of {@link collection}. */
export interface CollectionOptions<TItem> {
  /** The item field that holds each item's key (a string or a number, unique in the collection). */
  readonly key: KeyFieldOf<TItem>;
  /**
   * How many items a page's first paint and hydrate carry; the page loads more on demand.
   * @default 50
   */
  readonly window?: number;
  /**
   * Which end that first window shows: the first items (`'start'`, e.g. a feed with the newest
   * first) or the last (`'end'`, e.g. a chat with the newest last).
   * @default 'start'
   */
  readonly from?: 'start' | 'end';
  /** The items a new document starts with (called once per document, e.g. to seed an app-wide feed). */
  readonly initial?: () => Iterable<TItem>;
}

/** Brand of collection var declarations. */
const COLLECTION_VAR: unique symbol = Symbol.for('core.collectionVar') as never;

/**
 * A collection var as declared in `vars`; `defineState` makes a collection of it for each document.
 * `TKey` is the type handlers pass as a key.
 */
export interface CollectionVar<TItem extends CollectionItem, TKey extends CollectionKey = CollectionKey> {
  readonly [COLLECTION_VAR]: true;
  readonly options: Readonly<CollectionOptions<TItem>>;
  /** Type-only. */
  readonly __key?: TKey;
}

/**
 * A var holding a collection: keyed items in an order, where one change costs the same in ten items
 * or a million (in memory, on the wire and in Redis), and a page sees a window of it, not all of
 * it. Handlers get a `Collection` (`insert`, `update`, `delete`, `move`, `reset`, reads by key and
 * by position); the page gets its window (`useCollection` in `@core/react/collection`).
 *
 * Pass the key's type as the second type argument to have keys typed (`collection<Msg, string>`);
 * otherwise a key is a `string | number`.
 *
 * @example
 * vars: { messages: collection<Msg>({ key: 'id', window: 50, from: 'end' }) }
 */
export function collection<TItem extends CollectionItem, TKey extends CollectionKey = CollectionKey>(
  options: CollectionOptions<TItem>,
): CollectionVar<TItem, TKey> {
  const { key, window = 50, from = 'start', initial } = options ?? ({} as CollectionOptions<TItem>);
  const fail = (why: string) => new StateError('INVALID_DEFINITION', `collection(): ${why}.`);
  if (typeof key !== 'string' || key === '')
    throw fail(`key must name the item field that holds the key, got ${String(key)}`);
  if (!Number.isInteger(window) || window < 1 || window > 1_000) {
    throw fail(`window must be an integer from 1 to 1,000, got ${String(window)}`);
  }
  if (from !== 'start' && from !== 'end') throw fail(`from must be 'start' or 'end', got ${String(from)}`);
  if (initial !== undefined && typeof initial !== 'function')
    throw fail('initial must be a function returning the items');
  return Object.freeze({ [COLLECTION_VAR]: true as const, options: Object.freeze({ key, window, from, initial }) });
}

/** True for a declaration made by {@link collection}. */
export function isCollectionVar(value: unknown): value is CollectionVar<CollectionItem> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[COLLECTION_VAR] === true;
}

/** The options of the collections a declaration makes for var `name` of state `state`. */
export function storeOptionsOf(declaration: CollectionVar<CollectionItem>, label: string): CollectionStoreOptions {
  const { key, window, from } = declaration.options;
  return { keyField: key, label, window, from };
}

/** A new document's collection for a declaration: its `initial` items, or none. */
export function createCollection(declaration: CollectionVar<CollectionItem>, label: string): CollectionStore {
  return CollectionStore.fromItems(storeOptionsOf(declaration, label), declaration.options.initial?.() ?? []);
}
