import { isStandardSchema, type StandardSchemaV1, validateWithSchema } from '../client/standardSchema.js';
import { StateError } from '../errors.js';
import type { CookieVarOptions, LocalStorageVarOptions, StorageBinding, StorageVar } from './storageVar.js';

const COOKIE_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,200}$/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A storage binding as the runtime keeps it: what the page gets plus the size limit and schema. */
export interface ResolvedStorageBinding extends StorageBinding {
  readonly maxLength: number;
  /** The `schema` option; not enumerable, so it stays out of the bindings sent to the page. */
  readonly schema?: StandardSchemaV1;
}

/**
 * Checks a storage var of `stateName.varName` and returns its binding. Throws
 * `INVALID_DEFINITION` for a backend var, a default that has no JSON type, or bad options.
 */
export function resolveStorageBinding(
  stateName: string,
  varName: string,
  wrapper: StorageVar<unknown>,
): ResolvedStorageBinding {
  const fail = (why: string) => {
    throw new StateError('INVALID_DEFINITION', `State "${stateName}": storage var "${varName}" ${why}.`);
  };
  if (varName.startsWith('_')) fail('cannot be backend-only (its name starts with "_"): the page stores it');
  const value = wrapper.value;
  if (value === null || value === undefined)
    fail('needs a default with a type (string, number, boolean, array or object)');
  const options = wrapper.options as CookieVarOptions & LocalStorageVarOptions;
  const name = options.name ?? `${stateName}.${varName}`;
  if (typeof name !== 'string' || name.length === 0 || name.length > 200) fail('needs a name of 1 to 200 characters');
  if (wrapper.kind === 'cookie' && !COOKIE_NAME.test(name))
    fail(`has a cookie name ${JSON.stringify(name)} with characters a cookie name cannot hold`);
  const maxLength = options.maxLength ?? (wrapper.kind === 'cookie' ? 4_096 : 65_536);
  if (!(Number.isInteger(maxLength) && maxLength > 0)) fail('needs maxLength to be a positive integer');
  const binding: Record<string, unknown> = {
    key: `${wrapper.kind}:${name}`,
    state: stateName,
    var: varName,
    kind: wrapper.kind,
    name,
    json: typeof value !== 'string',
    default: typeof value === 'string' ? value : JSON.stringify(value),
    maxLength,
  };
  if (options.schema !== undefined) {
    if (!isStandardSchema(options.schema)) fail('needs a Standard Schema as its schema option (zod, valibot, ...)');
    Object.defineProperty(binding, 'schema', { value: options.schema, enumerable: false });
  }
  if (wrapper.kind === 'local' && options.sync) binding.sync = true;
  if (wrapper.kind === 'cookie') {
    const path = options.path ?? '/';
    if (typeof path !== 'string' || !path.startsWith('/') || /[;\s]/.test(path))
      fail('needs a cookie path starting with "/"');
    binding.path = path;
    if (options.maxAge !== undefined) {
      if (!(Number.isInteger(options.maxAge) && options.maxAge >= 0)) fail('needs maxAge in whole seconds');
      binding.maxAge = options.maxAge;
    }
    const sameSite = options.sameSite ?? 'lax';
    if (!['lax', 'strict', 'none'].includes(sameSite)) fail('needs sameSite "lax", "strict" or "none"');
    binding.sameSite = sameSite;
    if (options.secure || sameSite === 'none') binding.secure = true;
    if (options.domain !== undefined) {
      if (typeof options.domain !== 'string' || !/^[A-Za-z0-9.-]{1,253}$/.test(options.domain))
        fail('needs a valid domain');
      binding.domain = options.domain;
    }
  }
  return binding as unknown as ResolvedStorageBinding;
}

/** The outcome of decoding one stored value from the page. */
export type DecodedValue =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: string };

/**
 * Decodes a stored value sent by the page (untrusted) for a var whose default is `defaultValue`:
 * null when the browser has no value (the var goes back to its default), else a string of at
 * most `maxLength` characters, raw for string vars and JSON otherwise, of the default's type
 * (number, boolean, array or plain object), which the binding's schema (if any) accepts.
 */
export async function decodeStoredValue(
  binding: ResolvedStorageBinding,
  defaultValue: unknown,
  raw: unknown,
): Promise<DecodedValue> {
  if (raw === null) return { ok: true, value: copyJson(defaultValue) };
  if (typeof raw !== 'string') return { ok: false, reason: `not a string but ${typeof raw}` };
  if (raw.length > binding.maxLength)
    return { ok: false, reason: `${raw.length} characters, over the ${binding.maxLength} allowed` };
  let value: unknown = raw;
  if (binding.json) {
    try {
      value = JSON.parse(raw, (key, item) => (FORBIDDEN_KEYS.has(key) ? undefined : item));
    } catch {
      return { ok: false, reason: 'not valid JSON' };
    }
    const expected = typeOf(defaultValue);
    const actual = typeOf(value);
    if (expected !== actual) return { ok: false, reason: `a ${actual}, not a ${expected} like the default` };
  }
  if (!binding.schema) return { ok: true, value };
  const checked = await validateWithSchema(binding.schema, value);
  return checked.ok ? checked : { ok: false, reason: `refused by its schema${checked.reason}` };
}

/** A fresh copy of a default (a JSON value), so that no document shares the definition's object. */
function copyJson(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? JSON.parse(JSON.stringify(value)) : value;
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return 'object';
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : 'non-finite number';
  return typeof value;
}
