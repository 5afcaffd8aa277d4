import type { TokenDoc } from '@core/state';

/** The hash field holding the id of the last write (what the per-process cache compares). */
export const VERSION_FIELD = 'v';
const META_FIELD = 'meta';
const STATE_PREFIX = 's:';

/** The hash fields a save writes and deletes. */
export interface DocChanges {
  /** Field, value, field, value, … */
  readonly set: string[];
  readonly del: string[];
}

/**
 * What a save must write, given the document Redis holds (`base`) and the new one: the metadata,
 * and each state whose object changed. Documents are immutable, so an unchanged state is the very
 * same object and costs nothing — a commit serialises what changed, not the whole token.
 */
export function encodeChanges(base: TokenDoc | undefined, next: TokenDoc): DocChanges {
  // Everything but the states is metadata (seq, epoch, shape, recent event ids), one field.
  const { states: _states, ...meta } = next;
  const set = [META_FIELD, JSON.stringify(meta)];
  for (const [name, values] of Object.entries(next.states)) {
    if (base?.states[name] !== values) set.push(`${STATE_PREFIX}${name}`, JSON.stringify(values));
  }
  const del: string[] = [];
  if (base) for (const name of Object.keys(base.states)) if (!(name in next.states)) del.push(`${STATE_PREFIX}${name}`);
  return { set, del };
}

/**
 * Rebuilds a document from its hash (HGETALL as a flat field, value list or an object); undefined
 * when there is none. Throws a `SyntaxError` for a value that is not JSON.
 */
export function decodeDoc(fields: readonly string[] | Readonly<Record<string, string>>): TokenDoc | undefined {
  const entries: [string, string][] = [];
  if (Array.isArray(fields)) {
    for (let i = 0; i + 1 < fields.length; i += 2) entries.push([String(fields[i]), String(fields[i + 1])]);
  } else {
    entries.push(...Object.entries(fields as Record<string, string>));
  }
  let meta: Omit<TokenDoc, 'states'> | undefined;
  const states: Record<string, Record<string, unknown>> = {};
  for (const [field, value] of entries) {
    if (field === META_FIELD) meta = JSON.parse(value);
    else if (field.startsWith(STATE_PREFIX)) states[field.slice(STATE_PREFIX.length)] = JSON.parse(value);
  }
  if (!meta) return undefined;
  return { ...meta, states };
}
