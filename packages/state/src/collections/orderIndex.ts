/**
 * The order of a collection: (order key, item key) pairs sorted by order key, in chunks of at most
 * 2,048 (by default) with a Fenwick tree of chunk sizes for ranks. Finding a key, its rank or the
 * item at a rank is O(log n); an insert or a delete splices one chunk (a memmove of at most 2,048
 * pointers) and updates the tree in O(log n). A sorted list of chunks rather than a balanced tree:
 * it is a few flat arrays (cheap to hold a million of, fast to scan for a window), and it has the
 * same order as the Redis sorted set that stores it.
 *
 * Versions share structure. A committed index is read-only; `fork()` gives a writable copy that
 * shares every chunk and copies one only when it first changes it (and the chunk list and tree on
 * its first change), so a step that inserts one item into a million copies about 2,000 + 1,000
 * pointers, not the order. The fork becomes the next committed version when the step commits and
 * is dropped when it throws.
 */

/** The key of a collection's item: its `key` field. */
export type CollectionKey = string | number;

interface Chunk<K> {
  orders: string[];
  keys: K[];
}

/** A chunk is split in two past this size (unless the index was made with another). */
const MAX_CHUNK = 2048;

/** One entry of the order: where an item is and which it is. */
export interface OrderEntry<K> {
  readonly order: string;
  readonly key: K;
}

export class OrderIndex<K extends CollectionKey = CollectionKey> {
  #chunks: Chunk<K>[];
  /** Fenwick tree over chunk sizes, 1-based: `#tree[i]` covers chunks `(i - (i & -i), i]`. */
  #tree: Int32Array;
  #size: number;
  /** Chunks this fork made and may change in place; undefined for a read-only (committed) version. */
  #own: Set<Chunk<K>> | undefined;
  /** The chunk list and tree are still the parent's: copy them before the first change. */
  #sharedLists = false;
  /** A chunk is split in two past this size; one an eighth of it after a delete merges into a neighbour. */
  readonly #maxChunk: number;

  private constructor(chunks: Chunk<K>[], tree: Int32Array, size: number, maxChunk: number) {
    this.#chunks = chunks;
    this.#tree = tree;
    this.#size = size;
    this.#maxChunk = maxChunk;
  }

  /**
   * An index of entries already sorted by order key (ascending, no duplicates: not checked).
   * `maxChunk` tunes the chunk size (tests use small chunks to split and merge often).
   * @default maxChunk 2048
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

  /** The chunk size this index splits at (forks keep it). */
  get maxChunk(): number {
    return this.#maxChunk;
  }

  /** How many entries. */
  get size(): number {
    return this.#size;
  }

  /** A writable copy that shares this version's chunks until it changes them. */
  fork(): OrderIndex<K> {
    const fork = new OrderIndex(this.#chunks, this.#tree, this.#size, this.#maxChunk);
    fork.#own = new Set();
    fork.#sharedLists = true;
    return fork;
  }

  /** Makes this (forked) index read-only: it is a committed version from now on. */
  seal(): void {
    this.#own = undefined;
  }

  /** How many entries have an order key below `order` (where it is, or would be inserted). */
  rankOf(order: string): number {
    const { chunk, index } = this.#locate(order);
    return prefix(this.#tree, chunk) + index;
  }

  /** The entry at `rank` (0-based), or undefined outside `[0, size)`. */
  at(rank: number): OrderEntry<K> | undefined {
    if (!Number.isInteger(rank) || rank < 0 || rank >= this.#size) return undefined;
    const { chunk, offset } = findRank(this.#tree, rank);
    const c = this.#chunks[chunk];
    return { order: c.orders[offset], key: c.keys[offset] };
  }

  /** The entries from rank `start` (inclusive) to `end` (exclusive), in order. */
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

  /** Adds an entry. Throws a `RangeError` when `order` is already taken or the index is read-only. */
  insert(order: string, key: K): void {
    const own = this.#writable();
    if (this.#chunks.length === 0) {
      const chunk = { orders: [order], keys: [key] };
      own.add(chunk);
      this.#chunks.push(chunk);
      this.#tree = buildTree(this.#chunks);
      this.#size = 1;
      return;
    }
    const { chunk, index, found } = this.#locate(order);
    if (found) throw new RangeError(`Order key "${order}" is already taken.`);
    const c = this.#ownChunk(chunk);
    c.orders.splice(index, 0, order);
    c.keys.splice(index, 0, key);
    this.#size++;
    if (c.orders.length > this.#maxChunk) {
      const half = c.orders.length >> 1;
      const tail = { orders: c.orders.splice(half), keys: c.keys.splice(half) };
      own.add(tail);
      this.#chunks.splice(chunk + 1, 0, tail);
      this.#tree = buildTree(this.#chunks);
    } else add(this.#tree, chunk, 1);
  }

  /** Removes the entry at `order`; returns its key, or undefined when there is none. */
  remove(order: string): K | undefined {
    this.#writable();
    const { chunk, index, found } = this.#locate(order);
    if (!found) return undefined;
    const c = this.#ownChunk(chunk);
    c.orders.splice(index, 1);
    const [key] = c.keys.splice(index, 1);
    this.#size--;
    if (c.orders.length === 0) {
      this.#chunks.splice(chunk, 1);
      this.#tree = buildTree(this.#chunks);
    } else if (c.orders.length < this.#maxChunk / 8 && this.#mergeSmall(chunk)) {
      this.#tree = buildTree(this.#chunks);
    } else add(this.#tree, chunk, -1);
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
      const merged = this.#ownChunk(index - 1);
      merged.orders.push(...c.orders);
      merged.keys.push(...c.keys);
      this.#chunks.splice(index, 1);
      return true;
    }
    return false;
  }

  #writable(): Set<Chunk<K>> {
    if (!this.#own) throw new RangeError('A committed order index is read-only; fork() it first.');
    if (this.#sharedLists) {
      this.#chunks = this.#chunks.slice();
      this.#tree = this.#tree.slice();
      this.#sharedLists = false;
    }
    return this.#own;
  }

  /** Chunk `index`, copied first unless this fork made it. */
  #ownChunk(index: number): Chunk<K> {
    const own = this.#own as Set<Chunk<K>>;
    const chunk = this.#chunks[index];
    if (own.has(chunk)) return chunk;
    const copy = { orders: chunk.orders.slice(), keys: chunk.keys.slice() };
    own.add(copy);
    this.#chunks[index] = copy;
    return copy;
  }

  /** The chunk holding `order` (or where it would go) and its position there. */
  #locate(order: string): { chunk: number; index: number; found: boolean } {
    const chunks = this.#chunks;
    if (chunks.length === 0) return { chunk: 0, index: 0, found: false };
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const orders = chunks[mid].orders;
      if (orders[orders.length - 1] < order) lo = mid + 1;
      else hi = mid;
    }
    const orders = chunks[lo].orders;
    let a = 0;
    let b = orders.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (orders[mid] < order) a = mid + 1;
      else b = mid;
    }
    return { chunk: lo, index: a, found: orders[a] === order };
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
