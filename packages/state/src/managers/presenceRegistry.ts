import type { TaskRegistryMember } from './taskRegistry.js';

/** A presence entry's metadata: a JSON object the page or a handler sets (`{ name, typing }`). */
export type PresenceMeta = { readonly [key: string]: unknown };

/** One connected page in a presence list. */
export interface PresenceEntry {
  /** The page's id, unique in the cluster (its socket id). */
  readonly id: string;
  /** The process the page is connected to (`TaskRegistryMember.id`): the entry lives as long as it. */
  readonly process: string;
  /** What the page or a handler set. */
  readonly meta: PresenceMeta;
}

/** One change of a presence list, reported once in the cluster (see {@link PresenceMember}). */
export interface PresenceChange {
  /** The scope key: `@app`, `@room:<key>` or `@session:<id>`. */
  readonly key: string;
  readonly kind: 'join' | 'update' | 'leave';
  /** The entry after the change (for a leave: as it was). */
  readonly entry: PresenceEntry;
  /**
   * The key's version after the change: it grows by one per change, so a reader that applies
   * changes to a list it read can tell a missed one (a gap) from one it already has.
   */
  readonly version: number;
  /**
   * How many entries the key holds after the change, entries of a process that died but was not
   * reaped yet included (they count for at most one lease and one tick).
   */
  readonly size: number;
}

/** A key's presence list as read at one version. */
export interface PresenceList {
  readonly version: number;
  /** The entries whose process is alive, oldest join first. */
  readonly entries: readonly PresenceEntry[];
}

/**
 * Who is here, per scope key, across every process: one entry per connected page, with JSON
 * metadata. An entry belongs to the process its page is connected to and lives as long as that
 * process renews its lease in the task registry — the registry's process lease is the heartbeat,
 * one per process rather than one per entry. When a process dies, lists stop showing its entries
 * as soon as its lease lapses, and the survivor that claims it in the task registry
 * (`TickReport.dead`) reaps them, which reports each as a leave exactly once.
 *
 * The registry reports changes to whoever made them (or reaped them); it does not broadcast:
 * delivering them (to pages, to handlers) is the transport's job.
 */
export interface PresenceRegistry {
  /** False when entries are only seen by apps of this process. */
  readonly shared: boolean;
  /**
   * This process's side of the registry, for a member of the task registry it shares its store
   * with (the member's id owns the entries; its liveness decides who is listed).
   */
  attach(member: TaskRegistryMember): PresenceMember;
}

/** One process's side of a {@link PresenceRegistry}. */
export interface PresenceMember {
  /** The process id that owns the entries this member adds. */
  readonly process: string;
  /**
   * Adds page `id` to `key` with `meta` (or replaces its metadata if it is there: reported as an
   * update). Refuses a key or metadata that `checkPresence` refuses.
   */
  join(key: string, id: string, meta: PresenceMeta): Promise<PresenceChange>;
  /**
   * Replaces the metadata of page `id` in `key`, from any process (a handler may run elsewhere);
   * the entry stays with the process of its page. Undefined when it is not there.
   */
  update(key: string, id: string, meta: PresenceMeta): Promise<PresenceChange | undefined>;
  /** Removes page `id` from `key`; undefined when it was not there. */
  leave(key: string, id: string): Promise<PresenceChange | undefined>;
  /** The live entries of `key` (entries of a process whose lease lapsed are left out). */
  list(key: string): Promise<PresenceList>;
  /**
   * How many entries `key` holds, in O(1): like {@link PresenceChange.size}, a dead process's
   * entries count until they are reaped. Read after a change (under a lock, say), it is at least
   * as new as that change.
   */
  count(key: string): Promise<number>;
  /**
   * Removes every entry of `processId`, a process this member claimed as dead in the task registry
   * (`TickReport.dead`), and returns them as leaves. Each dead process is claimed once, so each of
   * its entries leaves once.
   */
  reap(processId: string): Promise<PresenceChange[]>;
  /** Removes every entry of this process (a graceful stop) and returns them as leaves. */
  leaveAll(): Promise<PresenceChange[]>;
}
