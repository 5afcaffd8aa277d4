import type { TokenDoc } from '@core/state/internal';

/** A document as this process last read or wrote it, with the id of the write that made it. */
export interface CachedDoc {
  readonly version: string;
  readonly doc: TokenDoc;
}

/**
 * The documents of recently used tokens, so that taking a lock this process released last needs no
 * load: the lock script compares the stored version and sends the document only when another
 * process wrote since. Least recently used entries go first once `capacity` is reached.
 */
export class DocCache {
  readonly #entries = new Map<string, CachedDoc>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(token: string): CachedDoc | undefined {
    const entry = this.#entries.get(token);
    if (entry) {
      this.#entries.delete(token);
      this.#entries.set(token, entry);
    }
    return entry;
  }

  set(token: string, entry: CachedDoc): void {
    if (this.#capacity <= 0) return;
    this.#entries.delete(token);
    this.#entries.set(token, entry);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  delete(token: string): void {
    this.#entries.delete(token);
  }
}
