import type { PresenceChangeMessage, PresenceListMessage } from '@core/state/protocol';

/** One page in a presence list, as a page sees it. */
export interface PresencePeer {
  /** The page's presence id: stable while it stays connected, unrelated to its token or socket. */
  readonly id: string;
  /** True for this very page. */
  readonly self: boolean;
  /** What the page or a handler set (`name`, `typing`, ...). */
  readonly meta: Readonly<Record<string, unknown>>;
}

/**
 * The page's copy of one presence list: starts from a list, then applies each change whose
 * version is the next one. An older change is one the list already has; a newer one means a change
 * was missed (two processes' messages crossed, or the connection dropped), and the caller asks for
 * the list again. The snapshot keeps its identity until something changes (`useSyncExternalStore`).
 */
export class PresenceReplica {
  #version = -1;
  #self: string | undefined;
  #entries = new Map<string, PresenceChangeMessage['entry']>();
  #snapshot: readonly PresencePeer[] = [];

  /** The list, oldest join first. */
  get peers(): readonly PresencePeer[] {
    return this.#snapshot;
  }

  /** False until a list arrived (and again after {@link forget}). */
  get ready(): boolean {
    return this.#version >= 0;
  }

  /** Starts over from a full list. */
  reset(list: PresenceListMessage): void {
    this.#version = list.version;
    this.#self = list.self;
    this.#entries = new Map(list.entries.map((entry) => [entry.id, entry]));
    this.#publish();
  }

  /**
   * Applies a change: `applied`, `stale` (the list has it already: ignored) or `gap` (one was
   * missed: nothing applied; ask for the list again). Before the first list every change is a gap.
   */
  apply(change: PresenceChangeMessage): 'applied' | 'stale' | 'gap' {
    if (this.#version < 0 || change.version > this.#version + 1) return 'gap';
    if (change.version <= this.#version) return 'stale';
    this.#version = change.version;
    if (change.kind === 'leave') this.#entries.delete(change.entry.id);
    else this.#entries.set(change.entry.id, change.entry);
    this.#publish();
    return 'applied';
  }

  /** Drops the list (the connection closed: the next one sends it again). */
  forget(): void {
    this.#version = -1;
  }

  #publish(): void {
    this.#snapshot = [...this.#entries.values()].map((entry) => ({
      id: entry.id,
      self: entry.id === this.#self,
      meta: entry.meta,
    }));
  }
}
