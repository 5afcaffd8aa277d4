import {
  type CollectionItem,
  type CollectionKey,
  type CollectionOp,
  CollectionStore,
  type CollectionStoreOptions,
  isCollectionPatch,
} from '@core/state/collections';
import type { TokenDoc } from '@core/state/internal';
import { floatReplacer, reviveFloats } from '@core/state/protocol';
import type { StateUpdate } from '@core/state/types';

/** A collection's changes for `COLLECTION_WRITE`: how many commands, and the string that holds them. */
export interface CollectionCommands {
  readonly count: number;
  readonly payload: string;
}

const RECORD = '\x1e';
const FIELD = '\x1f';

/** The sorted-set member of the item `key` at `order`: the order key first, so members sort as items do. */
export function positionMember(order: string, key: CollectionKey): string {
  return `${order} ${JSON.stringify(key)}`;
}

/**
 * The Redis commands for a commit's ops (see `COLLECTION_WRITE`). Items are written as they are
 * after the commit (`current`), so an update sends the item rather than asking Lua to merge JSON
 * (which would re-encode numbers); an item deleted later in the same commit is written as the op
 * had it and then deleted.
 */
export function encodeCollectionOps<TItem extends CollectionItem>(
  ops: readonly CollectionOp<TItem>[],
  keyField: string,
  current: (key: CollectionKey) => TItem | undefined,
): CollectionCommands {
  const records: string[] = [];
  const push = (...fields: string[]) => records.push(fields.join(FIELD));
  const keyOf = (item: TItem) => (item as Record<string, unknown>)[keyField] as CollectionKey;
  // NaN and the infinities are kept as their reserved strings, as in the document (see the protocol).
  const itemJson = (key: CollectionKey, fallback: TItem) => JSON.stringify(current(key) ?? fallback, floatReplacer);
  for (const op of ops) {
    switch (op[0]) {
      case '+': {
        const key = keyOf(op[2]);
        push('S', JSON.stringify(key), itemJson(key, op[2]), positionMember(op[1], key));
        break;
      }
      case '~': {
        const item = current(op[1]);
        if (!item) break; // deleted later in this commit: its 'D' follows
        push('H', JSON.stringify(op[1]), JSON.stringify(item, floatReplacer));
        break;
      }
      case '-':
        push('D', JSON.stringify(op[1]), positionMember(op[2], op[1]));
        break;
      case '>': {
        const key = keyOf(op[3]);
        push('M', JSON.stringify(key), itemJson(key, op[3]), positionMember(op[1], key), positionMember(op[2], key));
        break;
      }
      case '!':
        if (!op[2]) throw new RangeError('A reset written to Redis must carry its entries.');
        push('C');
        for (const [order, item] of op[2]) {
          const key = keyOf(item);
          push('S', JSON.stringify(key), itemJson(key, item), positionMember(order, key));
        }
        break;
      default:
        throw new RangeError(`Op "${op[0]}" is for pages; it is never stored.`);
    }
  }
  return { count: records.length, payload: records.join(RECORD) };
}

/**
 * Rebuilds a collection from its sorted set (members in order) and its items (values in the same
 * order, as HMGET returns them). Throws a `RangeError` when the two disagree.
 */
export function decodeCollection<TItem extends CollectionItem, TKey extends CollectionKey>(
  options: CollectionStoreOptions,
  members: readonly string[],
  items: readonly (string | null)[],
): CollectionStore<TItem, TKey> {
  const entries: (readonly [string, TItem])[] = [];
  for (let i = 0; i < members.length; i++) {
    const space = members[i].indexOf(' ');
    const value = items[i];
    if (space < 0 || value === null) {
      throw new RangeError(`Collection "${options.label}" has a position without an item ("${members[i]}").`);
    }
    entries.push([members[i].slice(0, space), reviveFloats(JSON.parse(value)) as TItem]);
  }
  return CollectionStore.fromEntries<TItem, TKey>(options, entries);
}

/** The hash fields of the items at `members` (the key part of each member). */
export function itemFields(members: readonly string[]): string[] {
  return members.map((member) => member.slice(member.indexOf(' ') + 1));
}

/** One collection's part of a document write: its name (`state.var`) and its changes. */
export interface CollectionWrite {
  readonly name: string;
  readonly payload: string;
}

/**
 * What a write of `next` must do to its collections, given the document Redis holds (`base`) and
 * the updates between the two: a collection `base` already had (the very same object: collections
 * change in place) gets the ops of those updates; one that is new to Redis (a new document, a new
 * var, a copied tab) is written whole.
 */
export function encodeCollectionWrites(
  base: TokenDoc | undefined,
  next: TokenDoc,
  updates: readonly StateUpdate[] | undefined,
): CollectionWrite[] {
  const writes: CollectionWrite[] = [];
  for (const [state, values] of Object.entries(next.states)) {
    for (const [name, value] of Object.entries(values)) {
      if (!(value instanceof CollectionStore)) continue;
      const current = (key: CollectionKey) => value.get(key);
      const known = base?.states[state]?.[name] === value;
      const ops: CollectionOp[] = known ? opsOf(updates, state, name) : [['!', value.size, [...value.storedEntries()]]];
      if (ops.length === 0) continue;
      writes.push({ name: `${state}.${name}`, payload: encodeCollectionOps(ops, value.keyField, current).payload });
    }
  }
  return writes;
}

/** The ops of collection `state.name` in `updates`, in order. */
export function opsOf(updates: readonly StateUpdate[] | undefined, state: string, name: string): CollectionOp[] {
  const ops: CollectionOp[] = [];
  for (const update of updates ?? []) {
    for (const patch of update.patches) {
      if (isCollectionPatch(patch) && patch.path[0] === state && patch.path[1] === name) ops.push(...patch.value);
    }
  }
  return ops;
}
