/**
 * The order of a collection: (order key, item key) pairs sorted by order key, in chunks of at most
 * 256 (by default) with a Fenwick tree of chunk sizes for ranks. Finding a key, its rank or the
 * entry at a rank is O(log n); an insert or a delete splices one chunk (at most 256 pointers, no
 * allocation; V8's `splice` moves about 3 ns per element, so chunks stay small) and updates the
 * tree in O(log n); a split rebuilds the tree, O(n / 256) once per ~128 inserts. A sorted list of chunks rather than a
 * balanced tree: a few flat arrays, cheap to hold a million of and fast to scan for a window, in
 * the same order as the Redis sorted set that stores it.
 *
 * It changes in place: a committed collection's index changes only when a step commits (in one
 * synchronous call); a step's own changes sit in a `DraftOrder` over it until then.
 */
import { lowerBound } from './lowerBound.js';

/** The key of a collection's item: its `key` field. */
export type CollectionKey = string | number;

interface Chunk<K> {
  orders: string[];
  keys: K[];
}

/** A chunk is split in two past this size (unless the index was made with another). */
const MAX_CHUNK = 256;

/** One entry of the order: where an item is and which it is. */
export interface OrderEntry<K> {
  readonly order: string;
  readonly key: K;
}

/** The reads of an order: the committed index's, and a step's view of it with its own changes. */
export interface OrderView<K extends CollectionKey = CollectionKey> {
  /** How many entries. */
  readonly size: number;
  /** How many entries have an order key below `order` (where it is, or would be inserted). */
  rankOf(order: string): number;
  /** The entry at `rank` (0-based), or undefined outside `[0, size)`. */
  at(rank: number): OrderEntry<K> | undefined;
  /** The key at `order`, or undefined. */
  find(order: string): K | undefined;
  /** The entries from rank `start` (inclusive) to `end` (exclusive), in order. */
  entries(start?: number, end?: number): Generator<OrderEntry<K>>;
}

export class OrderIndex<K extends CollectionKey = CollectionKey> implements OrderView<K> {
  #chunks: Chunk<K>[];
  /** Fenwick tree over chunk sizes, 1-based: `#tree[i]` covers chunks `(i - (i & -i), i]`. */
  #tree: Int32Array;
  /** The last order key of each chunk: the chunk search reads one flat array. */
  #lasts: string[];
  #size: number;
  /** A chunk is split in two past this size; one an eighth of it after a delete merges into a neighbour. */
  readonly #maxChunk: number;

  private constructor(chunks: Chunk<K>[], tree: Int32Array, size: number, maxChunk: number) {
    this.#chunks = chunks;
    this.#tree = tree;
    this.#lasts = chunks.map((c) => c.orders[c.orders.length - 1]);
    this.#size = size;
    this.#maxChunk = maxChunk;
  }

  /**
   * An index of entries already sorted by order key (ascending, no duplicates: not checked).
   * `maxChunk` tunes the chunk size (tests use small chunks to split and merge often).
   * @default maxChunk 256
   */
  static fromSorted<K extends CollectionKey>(
    orders: readonly string[],
    keys: readonly K[],
    maxChunk = MAX_CHUNK,
  ): OrderIndex<K> {
    if (!Number.isInteger(maxChunk) || maxChunk < 8)
      throw new RangeError(`maxChunk ${maxChunk} must be an integer ≥ 8.`);
    const chunks: Chunk<K>[] = [];
    const step = maxChunk >> 1;
    for (let start = 0; start < orders.length; start += step) {
      chunks.push({ orders: orders.slice(start, start + step), keys: keys.slice(start, start + step) });
    }
    return new OrderIndex(chunks, buildTree(chunks), orders.length, maxChunk);
  }

  /** An empty index with the same chunk size. */
  emptyLike(): OrderIndex<K> {
    return OrderIndex.fromSorted<K>([], [], this.#maxChunk);
  }

  /** The chunk size this index splits at. */
  get maxChunk(): number {
    return this.#maxChunk;
  }

  get size(): number {
    return this.#size;
  }

  rankOf(order: string): number {
    const { chunk, index } = this.#locate(order);
    return prefix(this.#tree, chunk) + index;
  }

  find(order: string): K | undefined {
    const { chunk, index, found } = this.#locate(order);
    return found ? this.#chunks[chunk].keys[index] : undefined;
  }

  at(rank: number): OrderEntry<K> | undefined {
    if (!Number.isInteger(rank) || rank < 0 || rank >= this.#size) return undefined;
    const { chunk, offset } = findRank(this.#tree, rank);
    const c = this.#chunks[chunk];
    return { order: c.orders[offset], key: c.keys[offset] };
  }

  *entries(start = 0, end = this.#size): Generator<OrderEntry<K>> {
    const last = Math.min(end, this.#size);
    if (start >= last) return;
    let { chunk, offset } = findRank(this.#tree, Math.max(0, start));
    for (let rank = Math.max(0, start); rank < last; rank++) {
      let c = this.#chunks[chunk];
      if (offset === c.orders.length) {
        c = this.#chunks[++chunk];
        offset = 0;
      }
      yield { order: c.orders[offset], key: c.keys[offset] };
      offset++;
    }
  }

  /** Adds an entry. Throws a `RangeError` when `order` is already taken. */
  insert(order: string, key: K): void {
    if (this.#chunks.length === 0) {
      this.#chunks.push({ orders: [order], keys: [key] });
      this.#restructured();
      this.#size = 1;
      return;
    }
    const { chunk, index, found } = this.#locate(order);
    if (found) throw new RangeError(`Order key "${order}" is already taken.`);
    const c = this.#chunks[chunk];
    c.orders.splice(index, 0, order);
    c.keys.splice(index, 0, key);
    this.#size++;
    if (c.orders.length > this.#maxChunk) {
      const half = c.orders.length >> 1;
      this.#chunks.splice(chunk + 1, 0, { orders: c.orders.splice(half), keys: c.keys.splice(half) });
      this.#restructured();
    } else {
      add(this.#tree, chunk, 1);
      if (index === c.orders.length - 1) this.#lasts[chunk] = order;
    }
  }

  /** Removes the entry at `order`; returns its key, or undefined when there is none. */
  remove(order: string): K | undefined {
    const { chunk, index, found } = this.#locate(order);
    if (!found) return undefined;
    const c = this.#chunks[chunk];
    c.orders.splice(index, 1);
    const [key] = c.keys.splice(index, 1);
    this.#size--;
    if (c.orders.length === 0) {
      this.#chunks.splice(chunk, 1);
      this.#restructured();
    } else if (c.orders.length < this.#maxChunk / 8 && this.#mergeSmall(chunk)) {
      this.#restructured();
    } else {
      add(this.#tree, chunk, -1);
      if (index === c.orders.length) this.#lasts[chunk] = c.orders[index - 1];
    }
    return key;
  }

  /** Merges small chunk `index` into a neighbour when they fit in one; true when it did. */
  #mergeSmall(index: number): boolean {
    const c = this.#chunks[index];
    const next = this.#chunks[index + 1];
    const prev = this.#chunks[index - 1];
    if (next && next.orders.length + c.orders.length <= this.#maxChunk) {
      c.orders.push(...next.orders);
      c.keys.push(...next.keys);
      this.#chunks.splice(index + 1, 1);
      return true;
    }
    if (prev && prev.orders.length + c.orders.length <= this.#maxChunk) {
      prev.orders.push(...c.orders);
      prev.keys.push(...c.keys);
      this.#chunks.splice(index, 1);
      return true;
    }
    return false;
  }

  /** Rebuilds the tree and the last keys after chunks were added, removed or merged: O(chunks). */
  #restructured(): void {
    this.#tree = buildTree(this.#chunks);
    this.#lasts = this.#chunks.map((c) => c.orders[c.orders.length - 1]);
  }

  /** The chunk holding `order` (or where it would go) and its position there. */
  #locate(order: string): { chunk: number; index: number; found: boolean } {
    const chunks = this.#chunks;
    if (chunks.length === 0) return { chunk: 0, index: 0, found: false };
    const lasts = this.#lasts;
    // The first chunk whose last key is not below `order` (the last chunk when none is).
    const chunk = lowerBound(lasts, order, 0, chunks.length - 1);
    const orders = chunks[chunk].orders;
    const index = lowerBound(orders, order);
    return { chunk, index, found: orders[index] === order };
  }
}

function buildTree<K>(chunks: readonly Chunk<K>[]): Int32Array {
  const n = chunks.length;
  const tree = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) tree[i] = chunks[i - 1].orders.length;
  for (let i = 1; i <= n; i++) {
    const parent = i + (i & -i);
    if (parent <= n) tree[parent] += tree[i];
  }
  return tree;
}

/** Entries in chunks `[0, chunk)`. */
function prefix(tree: Int32Array, chunk: number): number {
  let sum = 0;
  for (let i = chunk; i > 0; i -= i & -i) sum += tree[i];
  return sum;
}

function add(tree: Int32Array, chunk: number, delta: number): void {
  for (let i = chunk + 1; i < tree.length; i += i & -i) tree[i] += delta;
}

/** The chunk holding entry `rank` (which must be below the size) and the offset in it. */
function findRank(tree: Int32Array, rank: number): { chunk: number; offset: number } {
  const n = tree.length - 1;
  let pos = 0;
  let rest = rank;
  let step = 1;
  while (step * 2 <= n) step *= 2;
  for (; step > 0; step >>= 1) {
    if (pos + step <= n && tree[pos + step] <= rest) {
      pos += step;
      rest -= tree[pos];
    }
  }
  return { chunk: pos, offset: rest };
}
