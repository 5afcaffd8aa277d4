import { StateError } from '../errors.js';
import type { StateUpdate } from '../protocol.js';
import type { DocLinks, TokenDoc } from '../scopes/index.js';
import { encodeUpdate } from './encodedUpdate.js';

/**
 * Bounds of the log of recent updates a state manager keeps beside each token's document, so
 * that a page that missed a few updates (a reconnect, a gap) gets those patches instead of a
 * full hydrate. The oldest updates go first once either bound is passed.
 */
export interface ReplayLogOptions {
  /** Most updates kept per token; `0` keeps none (every catch-up is a hydrate). @default 256 */
  updates?: number;
  /**
   * Most bytes of JSON kept per token (UTF-16 code units of each update's JSON, the text the
   * socket sends).
   * @default 262_144 (256 KiB)
   */
  bytes?: number;
}

/** {@link ReplayLogOptions} with every default filled in. */
export interface ResolvedReplayLogOptions {
  readonly updates: number;
  readonly bytes: number;
}

/** Fills in the defaults of {@link ReplayLogOptions}; `false` keeps no log. Throws on a negative bound. */
export function resolveReplayLogOptions(options: ReplayLogOptions | false | undefined): ResolvedReplayLogOptions {
  if (options === false) return { updates: 0, bytes: 0 };
  const updates = options?.updates ?? 256;
  const bytes = options?.bytes ?? 262_144;
  for (const [name, value] of [
    ['updates', updates],
    ['bytes', bytes],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) {
      throw new StateError(
        'INVALID_CONFIG',
        `replayLog.${name} must be a whole number ≥ 0, got ${String(value)}; pass 0 to keep no log.`,
      );
    }
  }
  return { updates, bytes };
}

/** What `StateManager.updatesSince` finds: the document's shape and the updates after the page's `seq`. */
export interface ReplayedUpdates {
  /** The stored document's shape: a page of an older shape needs a hydrate anyway. */
  readonly shape: string;
  /** The document's links to shared documents (its session, its rooms). */
  readonly links?: DocLinks;
  /** In `seq` order, the first one `seq + 1`; empty when the page missed nothing. */
  readonly updates: readonly StateUpdate[];
}

interface Entry {
  readonly update: StateUpdate;
  readonly size: number;
}

/**
 * One token's recent updates, contiguous in `seq` and all of one epoch, ending at the stored
 * document's `seq`. A write that does not continue the log (another epoch, a `seq` jump, a copy)
 * starts it over, so the log never has a hole: what it cannot cover it reports as not covered.
 */
export class ReplayLog {
  #epoch = '';
  /** The `seq` of the document the log ends at; -1 before the first write. */
  #seq = -1;
  #entries: Entry[] = [];
  /** Entries before this index were dropped (see `record`). */
  #head = 0;
  #bytes = 0;
  readonly #limits: ResolvedReplayLogOptions;

  constructor(limits: ResolvedReplayLogOptions) {
    this.#limits = limits;
  }

  /** Records a stored document and the updates that led to it from the previous one. */
  record(doc: TokenDoc, updates: readonly StateUpdate[] | undefined): void {
    const epoch = doc.epoch ?? '';
    const first = updates?.[0];
    if (epoch !== this.#epoch || (first ? first.seq !== this.#seq + 1 : doc.seq !== this.#seq)) this.#clear();
    this.#epoch = epoch;
    if (updates) {
      for (const update of updates) {
        if (update.seq !== this.#seq + 1) this.#clear();
        const size = encodeUpdate(update).length;
        this.#entries.push({ update, size });
        this.#bytes += size;
        this.#seq = update.seq;
      }
    }
    if (doc.seq !== this.#seq) this.#clear();
    this.#seq = doc.seq;
    const { updates: maxUpdates, bytes: maxBytes } = this.#limits;
    const entries = this.#entries;
    while (this.#head < entries.length && (entries.length - this.#head > maxUpdates || this.#bytes > maxBytes)) {
      this.#bytes -= entries[this.#head].size;
      this.#head += 1;
    }
    // Dropped entries are compacted away in bulk, not one shift per update (a full log would
    // otherwise copy itself on every update).
    if (this.#head > 32 && this.#head * 2 > entries.length) {
      this.#entries = entries.slice(this.#head);
      this.#head = 0;
    }
  }

  /** The updates after `seq` of the document with this epoch; undefined when the log does not cover them. */
  since(epoch: string, seq: number): StateUpdate[] | undefined {
    if (epoch === '' || epoch !== this.#epoch || seq > this.#seq) return undefined;
    if (seq === this.#seq) return [];
    const first = this.#entries[this.#head];
    if (!first || first.update.seq > seq + 1) return undefined;
    const result: StateUpdate[] = [];
    for (let i = this.#head + seq + 1 - first.update.seq; i < this.#entries.length; i++) {
      result.push(this.#entries[i].update);
    }
    return result;
  }

  #clear(): void {
    this.#entries = [];
    this.#head = 0;
    this.#bytes = 0;
  }
}
