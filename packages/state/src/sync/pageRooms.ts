import type { StateRegistry } from '../definition/index.js';
import { type DocLinks, docKeyFor } from '../scopes/index.js';
import type { StepRuntime } from '../step/index.js';

/**
 * The rooms a transport keeps a page in: one per shared document the page shows. A page is put in
 * a room only for a document its tab's stored links lead to (see {@link enterRooms}); the rooms
 * and positions a page names are never a reason to join one.
 */
export interface PageRooms {
  /** Joins the room of shared document `key`. */
  join(key: string): void | Promise<void>;
  /** Leaves the rooms of shared documents other than `keys`. */
  keepOnly(keys: readonly string[]): void;
}

/** The keys of the shared documents a tab with these links shows (its session's, rooms', the app's). */
export function sharedKeys(registry: StateRegistry, token: string, links: DocLinks): string[] {
  const keys = new Set<string>();
  for (const internals of registry.all()) {
    const key = docKeyFor(internals.scope, internals.name, token, links);
    if (key !== undefined && key !== token) keys.add(key);
  }
  return [...keys];
}

/**
 * Puts a page in the rooms of exactly `keys`, which the caller read from the tab's stored links,
 * before it reads those documents or their logs: an update committed meanwhile reaches the page
 * live as well, and the page applies each `seq` once.
 */
export async function enterRooms(rooms: PageRooms, keys: readonly string[]): Promise<void> {
  rooms.keepOnly(keys);
  for (const key of keys) await rooms.join(key);
}

/**
 * The shared documents the tab shows as its links are stored now, read again after the page
 * entered the rooms of the links read before: the links are written under the tab's lock, so when
 * both reads agree, no step moved the tab out of a room in between — and a step that moves it
 * later also moves its pages (they are in the tab's room by then). `at` is where the first read
 * left the tab's document: its links come with the replay log's metadata, no state decoded.
 */
export async function currentSharedKeys(
  runtime: StepRuntime,
  token: string,
  at: { readonly epoch: string; readonly seq: number },
  session?: string,
): Promise<string[]> {
  const { manager, registry } = runtime;
  const meta = at.epoch && manager.updatesSince ? await manager.updatesSince(token, at.epoch, at.seq) : undefined;
  const links = meta ? (meta.links ?? {}) : ((await manager.get(token))?.links ?? {});
  return sharedKeys(registry, token, session === undefined ? links : { ...links, session });
}

/** True when the tab's links decide where some state lives (a session or room state): only then can they move. */
export function linksMatter(registry: StateRegistry): boolean {
  for (const internals of registry.all()) if (internals.scope === 'session' || internals.scope === 'room') return true;
  return false;
}

/** True when both lists hold the same keys. */
export function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key) => b.includes(key));
}
