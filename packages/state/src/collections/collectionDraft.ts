import { ImmutableStateError } from '../errors.js';
import type { CollectionOp } from './collectionOp.js';
import { CollectionReader, type ItemSlot } from './collectionReader.js';
import type { CollectionStore } from './collectionStore.js';
import type { Collection, CollectionItem, CollectionKey, ItemFields, ItemPosition } from './collectionTypes.js';
import { DraftOrder } from './draftOrder.js';
import { OrderIndex, type OrderView } from './orderIndex.js';
import { orderKeyBetween, orderKeysFor } from './orderKey.js';
import { changedFields, collectionError, prepareFields, prepareItem } from './prepareItem.js';

/**
 * A step's view of a collection: reads see the step's own changes, writes stay here until
 * `commit()` and vanish on `rollback()`. Nothing is copied: changed items sit in a small map over
 * the store's, and order changes in a `DraftOrder` over the store's index. Every write records one
 * {@link CollectionOp}; `commit()` hands them over (the update a page gets) and makes the changes
 * the store's, in one synchronous call. After a commit or a rollback the same draft goes
 * on from the store's new version, so a generator's state object stays usable after a `yield`.
 */
export class CollectionDraft<TItem extends CollectionItem = CollectionItem, TKey extends CollectionKey = CollectionKey>
  extends CollectionReader<TItem, TKey>
  implements Collection<TItem, TKey>
{
  readonly #store: CollectionStore<TItem, TKey>;
  /** The step's order changes, from its first one. */
  #order: DraftOrder<TKey> | undefined;
  /** After a reset: the new index the step's order sits on instead of the store's. */
  #fresh: OrderIndex<TKey> | undefined;
  /** Changed slots by key; null for a deleted item. */
  #changed = new Map<TKey, ItemSlot<TItem> | null>();
  #ops: CollectionOp<TItem>[] = [];
  /** Why writes are refused now, once the step that owned this draft has ended. */
  #closed: string | undefined;

  constructor(store: CollectionStore<TItem, TKey>) {
    super(store.options);
    this.#store = store;
  }

  orderIndex(): OrderView<TKey> {
    return this.#order ?? this.#store.orderIndex();
  }

  slot(key: TKey): ItemSlot<TItem> | undefined {
    const changed = this.#changed.get(key);
    if (changed !== undefined) return changed ?? undefined;
    return this.#fresh ? undefined : this.#store.slot(key);
  }

  /** The ops written since the last commit or rollback. */
  get ops(): readonly CollectionOp<TItem>[] {
    return this.#ops;
  }

  insert(item: TItem, position: ItemPosition<TKey> = 'end'): TItem {
    const action = 'insert into';
    this.#checkOpen(action);
    const key = prepareItem(item, this.keyField, this.label, action) as TKey;
    if (this.slot(key)) {
      throw collectionError(
        this.label,
        action,
        `an item with the key ${JSON.stringify(key)} is already there; update it instead`,
      );
    }
    this.#checkPosition(position, action);
    const order = this.#orderFor(position);
    this.#place(order, key, item);
    this.#ops.push(['+', order, item]);
    return item;
  }

  update(key: TKey, fields: ItemFields<TItem> | ((item: TItem) => ItemFields<TItem>)): TItem {
    const action = `update item ${JSON.stringify(key)} of`;
    this.#checkOpen(action);
    const slot = this.#slotOrThrow(key, action);
    const given = typeof fields === 'function' ? fields(slot.item) : fields;
    const changed = changedFields(slot.item, prepareFields(given, key, this.keyField, this.label));
    if (!changed) return slot.item;
    const item = Object.freeze({ ...slot.item, ...changed }) as TItem;
    this.#changed.set(key, { order: slot.order, item });
    this.#ops.push(['~', key, slot.order, changed as Partial<TItem>]);
    return item;
  }

  delete(key: TKey): boolean {
    this.#checkOpen('delete from');
    const slot = this.slot(key);
    if (!slot) return false;
    this.#writableIndex().remove(slot.order);
    this.#changed.set(key, null);
    this.#ops.push(['-', key, slot.order]);
    return true;
  }

  move(key: TKey, position: ItemPosition<TKey>): void {
    const action = `move item ${JSON.stringify(key)} of`;
    this.#checkOpen(action);
    const slot = this.#slotOrThrow(key, action);
    this.#checkPosition(position, action, key);
    this.#writableIndex().remove(slot.order);
    const order = this.#orderFor(position);
    this.#place(order, key, slot.item);
    this.#ops.push(['>', slot.order, order, slot.item]);
  }

  reset(items: Iterable<TItem> = []): void {
    const action = 'reset';
    this.#checkOpen(action);
    const list = [...items];
    const orders = orderKeysFor(list.length);
    const entries = list.map((item, i) => [orders[i], item] as const);
    this.#replaceAll(entries, action);
    this.#ops.push(['!', entries.length, entries]);
  }

  /**
   * Replays an op another process committed (trusted: it came from this collection's own log).
   * Throws a `RangeError` when it does not fit this version; the caller then reloads.
   */
  applyOp(op: CollectionOp<TItem>): void {
    switch (op[0]) {
      case '+': {
        const key = prepareItem(op[2], this.keyField, this.label, 'replay') as TKey;
        if (this.slot(key)) throw new RangeError(`Replayed insert of existing key ${JSON.stringify(key)}.`);
        this.#place(op[1], key, op[2]);
        break;
      }
      case '~': {
        const slot = this.#slotAt(op[1] as TKey, op[2]);
        this.#changed.set(op[1] as TKey, { order: slot.order, item: Object.freeze({ ...slot.item, ...op[3] }) });
        break;
      }
      case '-':
        this.#slotAt(op[1] as TKey, op[2]);
        this.#writableIndex().remove(op[2]);
        this.#changed.set(op[1] as TKey, null);
        break;
      case '>': {
        const key = prepareItem(op[3], this.keyField, this.label, 'replay') as TKey;
        this.#slotAt(key, op[1]);
        this.#writableIndex().remove(op[1]);
        this.#place(op[2], key, op[3]);
        break;
      }
      case '!':
        if (!op[2]) throw new RangeError('A replayed reset must carry its entries.');
        this.#replaceAll(op[2], 'replay');
        break;
      default:
        throw new RangeError(`Op "${op[0]}" is for pages; it cannot be replayed on a collection.`);
    }
    this.#ops.push(op);
  }

  /** Makes this step's changes the store's and returns their ops (none: nothing changed). */
  commit(): readonly CollectionOp<TItem>[] {
    const ops = this.#ops;
    if (ops.length > 0) this.#store.adopt(this.#order, this.#fresh, this.#changed);
    this.#restart();
    return ops;
  }

  /** Drops this step's changes. */
  rollback(): void {
    this.#restart();
  }

  /**
   * Ends the draft's step: uncommitted changes are dropped, reads show the committed collection
   * and writes throw `ImmutableStateError` with `reason`.
   */
  close(reason: string): void {
    this.#restart();
    this.#closed = reason;
  }

  #restart(): void {
    this.#order = undefined;
    this.#fresh = undefined;
    this.#changed = new Map();
    this.#ops = [];
  }

  #replaceAll(entries: readonly (readonly [string, TItem])[], action: string): void {
    const keys: TKey[] = [];
    const changed = new Map<TKey, ItemSlot<TItem> | null>();
    for (const [order, item] of entries) {
      const key = prepareItem(item, this.keyField, this.label, action) as TKey;
      if (changed.has(key)) throw collectionError(this.label, action, `two items have the key ${JSON.stringify(key)}`);
      changed.set(key, { order, item });
      keys.push(key);
    }
    const orders = entries.map(([order]) => order);
    this.#fresh = OrderIndex.fromSorted(orders, keys, this.#store.orderIndex().maxChunk);
    this.#order = new DraftOrder(this.#fresh);
    this.#changed = changed;
  }

  #place(order: string, key: TKey, item: TItem): void {
    this.#writableIndex().insert(order, key);
    this.#changed.set(key, { order, item });
  }

  #writableIndex(): DraftOrder<TKey> {
    this.#order ??= new DraftOrder(this.#store.orderIndex());
    return this.#order;
  }

  #orderFor(position: ItemPosition<TKey>): string {
    const index = this.orderIndex();
    if (position === 'start') return orderKeyBetween(null, index.at(0)?.order ?? null);
    if (position === 'end') return orderKeyBetween(index.at(index.size - 1)?.order ?? null, null);
    const before = 'before' in position;
    const target = this.slot(before ? position.before : (position as { after: TKey }).after) as ItemSlot<TItem>;
    const rank = index.rankOf(target.order);
    return before
      ? orderKeyBetween(index.at(rank - 1)?.order ?? null, target.order)
      : orderKeyBetween(target.order, index.at(rank + 1)?.order ?? null);
  }

  /** Refuses a position that is malformed, names a missing item, or names the item being moved. */
  #checkPosition(position: unknown, action: string, moving?: TKey): void {
    if (position === 'start' || position === 'end') return;
    const target =
      position !== null && typeof position === 'object'
        ? 'before' in position
          ? (position as { before: TKey }).before
          : 'after' in position
            ? (position as { after: TKey }).after
            : undefined
        : undefined;
    if (target === undefined) {
      throw collectionError(this.label, action, "a position is 'start', 'end', { before: key } or { after: key }");
    }
    if (target === moving) throw collectionError(this.label, action, 'an item cannot go next to itself');
    if (!this.slot(target)) throw collectionError(this.label, action, `no item has the key ${JSON.stringify(target)}`);
  }

  #slotOrThrow(key: TKey, action: string): ItemSlot<TItem> {
    const slot = this.slot(key);
    if (!slot) throw collectionError(this.label, action, 'no item has that key; check has(key) first');
    return slot;
  }

  /** The slot of a replayed op, which must be where the op says. */
  #slotAt(key: TKey, order: string): ItemSlot<TItem> {
    const slot = this.slot(key);
    if (!slot || slot.order !== order)
      throw new RangeError(`Replayed op on key ${JSON.stringify(key)} at "${order}" does not fit.`);
    return slot;
  }

  #checkOpen(action: string): void {
    if (this.#closed !== undefined) {
      throw new ImmutableStateError(`Cannot ${action} collection "${this.label}": ${this.#closed}`);
    }
  }
}
