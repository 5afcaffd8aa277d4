import type { CollectionKey } from './collectionTypes.js';
import type { OrderEntry, OrderIndex, OrderView } from './orderIndex.js';

/**
 * A step's view of an order: the committed index, minus the entries the step removed, plus those
 * it added, without touching the index until the step commits (readers outside the step never see
 * a change that may still be dropped). `added` and `removed` are small indexes of their own, so a
 * step that inserts 100,000 items one by one stays O(log n) per insert. A removed entry may come
 * back under the same order key with another item (a key is regenerated between the same
 * neighbours); it then sits in both.
 *
 * Ranks merge the three: `rank(o) = base.rank(o) − removed.rank(o) + added.rank(o)`.
 */
export class DraftOrder<K extends CollectionKey> implements OrderView<K> {
  readonly #base: OrderIndex<K>;
  readonly #added: OrderIndex<K>;
  /** Base entries the step removed (by order key; the key is the base's). */
  readonly #removed: OrderIndex<K>;

  constructor(base: OrderIndex<K>) {
    this.#base = base;
    this.#added = base.emptyLike();
    this.#removed = base.emptyLike();
  }

  /** True when the step changed the order. */
  get changed(): boolean {
    return this.#added.size > 0 || this.#removed.size > 0;
  }

  get size(): number {
    return this.#base.size - this.#removed.size + this.#added.size;
  }

  rankOf(order: string): number {
    return this.#base.rankOf(order) - this.#removed.rankOf(order) + this.#added.rankOf(order);
  }

  find(order: string): K | undefined {
    const added = this.#added.find(order);
    if (added !== undefined) return added;
    return this.#removed.find(order) === undefined ? this.#base.find(order) : undefined;
  }

  /** Adds an entry. Throws a `RangeError` when `order` is taken. */
  insert(order: string, key: K): void {
    if (this.find(order) !== undefined) throw new RangeError(`Order key "${order}" is already taken.`);
    this.#added.insert(order, key);
  }

  /** Removes the entry at `order`; returns its key, or undefined when there is none. */
  remove(order: string): K | undefined {
    const added = this.#added.remove(order);
    if (added !== undefined) return added;
    if (this.#removed.find(order) !== undefined) return undefined;
    const key = this.#base.find(order);
    if (key !== undefined) this.#removed.insert(order, key);
    return key;
  }

  at(rank: number): OrderEntry<K> | undefined {
    if (!Number.isInteger(rank) || rank < 0 || rank >= this.size) return undefined;
    if (!this.changed) return this.#base.at(rank);
    // The last added entry at or before `rank` (binary search: their merged ranks increase).
    let lo = 0;
    let hi = this.#added.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.rankOf((this.#added.at(mid) as OrderEntry<K>).order) <= rank) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) {
      const candidate = this.#added.at(lo - 1) as OrderEntry<K>;
      if (this.rankOf(candidate.order) === rank) return candidate;
    }
    // Otherwise a base entry with `lo` added entries below it: the (rank − lo)-th one still there.
    return this.#base.at(this.#baseRankOfKept(rank - lo));
  }

  *entries(start = 0, end = this.size): Generator<OrderEntry<K>> {
    const last = Math.min(end, this.size);
    if (start >= last) return;
    const first = this.at(Math.max(0, start)) as OrderEntry<K>;
    const base = this.#base.entries(this.#base.rankOf(first.order));
    const added = this.#added.entries(this.#added.rankOf(first.order));
    let b = this.#nextKept(base);
    let a = added.next().value;
    for (let n = Math.max(0, start); n < last; n++) {
      if (a && (!b || a.order < b.order)) {
        yield a;
        a = added.next().value;
      } else {
        yield b as OrderEntry<K>;
        b = this.#nextKept(base);
      }
    }
  }

  /**
   * Makes the step's changes the base's (removals first, so that an order key the step reused
   * goes to its new item).
   */
  applyTo(base: OrderIndex<K>): void {
    for (const { order } of this.#removed.entries()) base.remove(order);
    for (const { order, key } of this.#added.entries()) base.insert(order, key);
  }

  /** The next base entry the step did not remove. */
  #nextKept(base: Generator<OrderEntry<K>>): OrderEntry<K> | undefined {
    for (let next = base.next(); !next.done; next = base.next()) {
      if (this.#removed.find(next.value.order) === undefined) return next.value;
    }
    return undefined;
  }

  /** The base rank of the `kept`-th (0-based) base entry that the step did not remove. */
  #baseRankOfKept(kept: number): number {
    // Kept entries in base ranks [0, x] = x + 1 − removed entries at or below base rank x.
    let lo = kept;
    let hi = Math.min(this.#base.size - 1, kept + this.#removed.size);
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const order = (this.#base.at(mid) as OrderEntry<K>).order;
      const removedUpTo = this.#removed.rankOf(order) + (this.#removed.find(order) === undefined ? 0 : 1);
      if (mid + 1 - removedUpTo >= kept + 1) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
