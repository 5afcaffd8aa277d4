/**
 * Vars bound to the browser's storage: a cookie, `localStorage` or `sessionStorage`. The page
 * sends the stored values when it connects and writes the var back when a handler changes it.
 * The browser's copy is the source of truth: a value it no longer has (an expired cookie, cleared
 * storage) puts the var back to its default, and a server that lost the tab's state takes the
 * stored values again.
 */

import type { Collection, CollectionVar } from '../collections/index.js';
import type { StandardSchemaV1 } from './payloadSchema.js';

/** Where a storage var lives in the browser. */
export type StorageKind = 'cookie' | 'local' | 'session';

/** Options shared by every storage var. */
export interface StorageVarOptions {
  /** The cookie or storage key. @default '<state>.<var>' */
  name?: string;
  /**
   * The longest stored value accepted from the page, in characters; longer ones are ignored
   * (the var keeps its value).
   * @default 4_096 for cookies, 65_536 for localStorage and sessionStorage
   */
  maxLength?: number;
  /**
   * Any Standard Schema (zod, valibot, arktype, ...) the value read from the browser must pass,
   * on connect and on every later store; a value it refuses is logged and the var keeps its
   * previous value. The var gets the schema's output. Values a handler assigns are not checked.
   *
   * @example
   * theme: localStorage('light', { name: 'theme', schema: z.enum(['light', 'dark']) })
   */
  schema?: StandardSchemaV1;
}

/** Options of {@link cookie}. */
export interface CookieVarOptions extends StorageVarOptions {
  /** @default '/' */
  path?: string;
  /** Seconds the cookie lives; a session cookie when omitted. */
  maxAge?: number;
  /** @default 'lax' */
  sameSite?: 'lax' | 'strict' | 'none';
  /** Sent over https only. @default false (true when `sameSite` is `'none'`) */
  secure?: boolean;
  /** The cookie's domain; the page's host when omitted. */
  domain?: string;
}

/** Options of {@link localStorage}. */
export interface LocalStorageVarOptions extends StorageVarOptions {
  /** Follow changes made by other tabs of the same browser (the `storage` event). @default false */
  sync?: boolean;
}

/** A var default wrapped with where the page stores it; `defineState` unwraps it. */
export interface StorageVar<TValue> {
  readonly [STORAGE_VAR]: true;
  readonly value: TValue;
  readonly kind: StorageKind;
  readonly options: Readonly<CookieVarOptions & LocalStorageVarOptions>;
}

/** What the page learns of one storage var (in the hydrate), to read and write it. */
export interface StorageBinding {
  /** `<kind>:<name>`: the key of the value the page sends back. */
  readonly key: string;
  readonly state: string;
  readonly var: string;
  readonly kind: StorageKind;
  readonly name: string;
  /** Strings are stored as they are; other values as JSON. */
  readonly json: boolean;
  /**
   * The var's default as the page would store it: a var at its default while the browser holds
   * nothing needs no message (and a missing value is sent as null only when the var is elsewhere).
   */
  readonly default?: string;
  readonly sync?: boolean;
  readonly path?: string;
  readonly maxAge?: number;
  readonly sameSite?: 'lax' | 'strict' | 'none';
  readonly secure?: boolean;
  readonly domain?: string;
}

/**
 * Replaces var declarations by what handlers see: a storage var by its value type, a collection
 * var by its `Collection`.
 */
export type UnwrapVars<TVars> = {
  [K in keyof TVars]: TVars[K] extends StorageVar<infer TValue>
    ? TValue
    : TVars[K] extends CollectionVar<infer TItem, infer TKey>
      ? Collection<TItem, TKey>
      : TVars[K];
};

/** Brand of storage-var wrappers. */
export const STORAGE_VAR: unique symbol = Symbol.for('core.storageVar') as never;

/** Widens literal defaults (`'light'` → `string`), as a plain var default would be. */
type Widen<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : T;

/**
 * A var stored in a cookie. The default is the var's value until the page sends a stored one.
 *
 * @example
 * vars: { session: cookie('', { name: 'session', maxAge: 3600, sameSite: 'strict' }) }
 */
export function cookie<const TValue>(value: TValue, options: CookieVarOptions = {}): StorageVar<Widen<TValue>> {
  return createStorageVar('cookie', value, options);
}

/**
 * A var stored in the browser's `localStorage`; with `sync: true` it follows changes made by other
 * tabs. (Imported from `@core/state` in a state module, it shadows the global of the same name.)
 *
 * @example
 * vars: { theme: localStorage('light', { name: 'theme', sync: true }) }
 */
export function localStorage<const TValue>(
  value: TValue,
  options: LocalStorageVarOptions = {},
): StorageVar<Widen<TValue>> {
  return createStorageVar('local', value, options);
}

/**
 * A var stored in the tab's `sessionStorage`.
 *
 * @example
 * vars: { draft: sessionStorage('') }
 */
export function sessionStorage<const TValue>(
  value: TValue,
  options: StorageVarOptions = {},
): StorageVar<Widen<TValue>> {
  return createStorageVar('session', value, options);
}

/** True for a storage-var wrapper made by {@link cookie}, {@link localStorage} or {@link sessionStorage}. */
export function isStorageVar(value: unknown): value is StorageVar<unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[STORAGE_VAR] === true;
}

function createStorageVar<TValue>(
  kind: StorageKind,
  value: unknown,
  options: CookieVarOptions & LocalStorageVarOptions,
): StorageVar<TValue> {
  return Object.freeze({ [STORAGE_VAR]: true as const, value: value as TValue, kind, options: { ...options } });
}
