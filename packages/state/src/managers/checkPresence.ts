import { StateError } from '../errors.js';
import type { PresenceMeta } from './presenceRegistry.js';

/** Bounds of what one presence entry may hold. */
export const PRESENCE_LIMITS = {
  /** Characters of a scope key. */
  key: 512,
  /** Characters of a page id. */
  id: 128,
  /** Characters of the metadata as JSON. */
  meta: 1_024,
} as const;

/**
 * Checks a presence key, page id and metadata against {@link PRESENCE_LIMITS} and returns the
 * metadata as JSON; throws `StateError` (`INVALID_PRESENCE`) saying what is wrong. Every registry
 * calls it before writing, so a page's claim is bounded wherever it lands.
 */
export function checkPresence(key: string, id: string, meta: PresenceMeta): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > PRESENCE_LIMITS.key) {
    throw invalid(`Presence key ${preview(key)} is not a string of 1 to ${PRESENCE_LIMITS.key} characters`);
  }
  if (typeof id !== 'string' || id.length === 0 || id.length > PRESENCE_LIMITS.id) {
    throw invalid(`Presence id ${preview(id)} is not a string of 1 to ${PRESENCE_LIMITS.id} characters`);
  }
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
    throw invalid(`Presence metadata ${preview(meta)} is not a plain object; pass an object such as { name: 'Ada' }`);
  }
  const json = toJson(meta);
  if (json.length > PRESENCE_LIMITS.meta) {
    throw invalid(
      `Presence metadata is ${json.length} characters of JSON, over the limit of ${PRESENCE_LIMITS.meta}; keep it to a name and a few flags`,
    );
  }
  return json;
}

/** The metadata as JSON, refusing what JSON would change or drop (dates, class objects, undefined, NaN, cycles). */
function toJson(meta: PresenceMeta): string {
  try {
    return JSON.stringify(meta, function (this: Record<string, unknown>, key, value: unknown) {
      const original = key === '' ? meta : this[key];
      const kind = typeof original;
      if (kind === 'number' && !Number.isFinite(original)) throw new Error(`"${key}" is ${original}`);
      if (kind === 'object' && original !== null && !Array.isArray(original)) {
        const proto = Object.getPrototypeOf(original);
        if (proto !== Object.prototype && proto !== null) throw new Error(`"${key}" is a class object`);
      }
      if (kind !== 'string' && kind !== 'number' && kind !== 'boolean' && kind !== 'object') {
        throw new Error(`"${key}" is ${kind === 'undefined' ? 'undefined (use null)' : `a ${kind}`}`);
      }
      return value;
    });
  } catch (error) {
    throw invalid(`Presence metadata is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function invalid(message: string): StateError {
  return new StateError('INVALID_PRESENCE', `${message}.`);
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
