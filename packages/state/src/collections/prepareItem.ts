import { StateError } from '../errors.js';
import { describeNonJson } from '../jsonValue.js';
import type { CollectionItem, CollectionKey } from './collectionTypes.js';

/** The error of a refused collection operation: `Cannot <action> … collection "<label>": <why>`. */
export function collectionError(label: string, action: string, why: string): StateError {
  return new StateError('INVALID_COLLECTION_OP', `Cannot ${action} collection "${label}": ${why}.`);
}

/** True for a value that may be an item's key. */
export function isCollectionKey(value: unknown): value is CollectionKey {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/**
 * Checks that `item` can go into a collection (a JSON object with a string or finite-number key in
 * `keyField`), freezes it deeply and returns its key. Items are frozen so that a change made in
 * place, which no op would record, fails at once instead of being lost.
 */
export function prepareItem(item: unknown, keyField: string, label: string, action: string): CollectionKey {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw collectionError(label, action, `an item must be an object, got ${describe(item)}`);
  }
  const key = (item as Record<string, unknown>)[keyField];
  if (!isCollectionKey(key)) {
    throw collectionError(label, action, `the item's "${keyField}" is ${describe(key)}; give it a string or a number`);
  }
  const problem = describeNonJson(item, 'item');
  if (problem) throw collectionError(label, action, `${problem}; items must be JSON`);
  freezeDeep(item);
  return key;
}

/**
 * Checks the fields of an update to the item `key` (a JSON object that leaves the key as it is)
 * and freezes them.
 */
export function prepareFields(
  fields: unknown,
  key: CollectionKey,
  keyField: string,
  label: string,
): Readonly<Record<string, unknown>> {
  const action = `update item ${JSON.stringify(key)} of`;
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
    throw collectionError(label, action, `fields must be an object, got ${describe(fields)}`);
  }
  const record = fields as Record<string, unknown>;
  if (keyField in record && record[keyField] !== key) {
    throw collectionError(
      label,
      action,
      `an update cannot change the key field "${keyField}"; delete and insert instead`,
    );
  }
  const problem = describeNonJson(fields, 'fields');
  if (problem) throw collectionError(label, action, `${problem}; items must be JSON`);
  freezeDeep(fields);
  return record;
}

/** The fields of `fields` whose value differs from `item`'s, or undefined when none does. */
export function changedFields(
  item: CollectionItem,
  fields: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> | undefined {
  let changed: Record<string, unknown> | undefined;
  for (const name in fields) {
    if ((item as Record<string, unknown>)[name] !== fields[name]) (changed ??= {})[name] = fields[name];
  }
  return changed;
}

function freezeDeep(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) freezeDeep(child);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return 'an object';
  return typeof value === 'string' ? JSON.stringify(value).slice(0, 40) : String(value);
}
