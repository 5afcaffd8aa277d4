import { isCollectionStore, mapCollectionVars, toStoredCollection } from '@core/state/collections';
import { encodeUpdate, type ReplayedUpdates, type ResolvedReplayLogOptions, type TokenDoc } from '@core/state/internal';
import { floatReplacer, reviveFloats } from '@core/state/protocol';
import type { StateUpdate } from '@core/state/types';
import type { CollectionWrite } from './collectionCodec.js';

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
  // A document that holds NaN or an infinity writes them as their reserved strings (`floats` in its meta).
  const replacer = next.floats ? floatReplacer : undefined;
  for (const [name, values] of Object.entries(next.states)) {
    if (base?.states[name] === values) continue;
    // A collection is written to keys of its own (`encodeCollectionWrites`); the state keeps its options.
    const stored = mapCollectionVars({ [name]: values }, isCollectionStore, (store) =>
      toStoredCollection(store, false),
    );
    set.push(`${STATE_PREFIX}${name}`, JSON.stringify(stored[name], replacer));
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
  if (meta.floats) for (const name in states) reviveFloats(states[name]);
  return { ...meta, states };
}

/**
 * The replay-log arguments of a write (see `WRITE` in lockScripts.ts): the updates that lead from
 * `base` (what Redis holds) to `next`, or a restart when they do not continue the log (a new
 * document or epoch, a `seq` jump). Undefined when the log is off.
 */
export function encodeLogAppend(
  base: TokenDoc | undefined,
  next: TokenDoc,
  updates: readonly StateUpdate[] | undefined,
  limits: ResolvedReplayLogOptions,
): string[] | undefined {
  if (limits.updates === 0) return undefined;
  const bounds = [String(limits.updates), String(limits.bytes)];
  const count = updates?.length ?? 0;
  const first = updates?.[0];
  if (count > 0 && updates?.[count - 1].seq !== next.seq) return ['1', ...bounds, String(next.seq + 1), '0'];
  const continues =
    base !== undefined &&
    (base.epoch ?? '') === (next.epoch ?? '') &&
    (first ? first.seq === base.seq + 1 : next.seq === base.seq);
  if (continues && count === 0) return undefined; // the log still ends at this document
  const args = [continues ? '0' : '1', ...bounds, String(first?.seq ?? next.seq + 1), String(count)];
  // The same text the page's message is made of (one encoding per update).
  for (let i = 0; i < count; i++) args.push(encodeUpdate((updates as readonly StateUpdate[])[i]));
  return args;
}

/**
 * What a page that applied `since` of the document with `epoch` missed, from the REPLAY script's
 * reply; undefined unless the log holds every update up to the document's `seq`, in order.
 */
export function decodeReplay(
  reply: readonly unknown[] | null,
  epoch: string,
  since: number,
): ReplayedUpdates | undefined {
  if (!reply) return undefined;
  const meta = JSON.parse(String(reply[0])) as Omit<TokenDoc, 'states'>;
  if ((meta.epoch ?? '') !== epoch || meta.seq < since) return undefined;
  if (meta.seq === since) return { shape: meta.shape, links: meta.links, updates: [] };
  const entries = reply[1] as readonly unknown[] | undefined;
  if (!entries || entries.length !== meta.seq - since) return undefined;
  const updates: StateUpdate[] = [];
  for (let i = 0; i < entries.length; i++) {
    const update = JSON.parse(String(entries[i])) as StateUpdate;
    if (update.seq !== since + 1 + i) return undefined;
    updates.push(update);
  }
  return { shape: meta.shape, links: meta.links, updates };
}

/** The changes as script arguments: a count and field, value pairs; a count and fields to delete. */
export function changeArgs(changes: DocChanges): string[] {
  return [String(changes.set.length / 2), ...changes.set, String(changes.del.length), ...changes.del];
}

/** One write of a document: its version, changed fields, replay log entries and collections. */
export interface DocWrite {
  readonly version: string;
  readonly changes: DocChanges;
  readonly log?: string[];
  readonly collections?: readonly CollectionWrite[];
}
