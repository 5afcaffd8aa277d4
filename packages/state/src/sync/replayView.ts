import type { StateUpdate } from '../protocol.js';
import { type DocLinks, docKindOf, sourceOf } from '../scopes/index.js';
import type { StepRuntime } from '../step/index.js';
import { currentSharedKeys, enterRooms, linksMatter, type PageRooms, sameKeys, sharedKeys } from './pageRooms.js';

/** Where a page stands in one document: the last update it applied, of the document with this epoch. */
export interface DocPosition {
  readonly seq: number;
  readonly epoch: string;
}

/** Where a page stands in every document it shows: its tab's, and the shared ones' by source. */
export interface ReplayPosition extends DocPosition {
  /** Per shared document (`@session`, `@app`, `@room:<key>`), as the page's hydrate listed them. */
  readonly shared?: Readonly<Record<string, DocPosition>>;
}

/** An update as a page receives it: a shared document's carries its source and epoch. */
export type ReplayedUpdate = StateUpdate & { readonly source?: string; readonly epoch?: string };

/** What a page missed in every document it shows, and the shared documents' keys (rooms to join). */
export interface TabReplay {
  readonly updates: readonly ReplayedUpdate[];
  readonly keys: readonly string[];
}

/**
 * The updates a page at `since` missed in its tab's document and in each shared document it
 * shows, from the state manager's replay logs; undefined when any of them is not covered, when the
 * tab now shows other shared documents than the page has (it must learn their state), when its
 * browser session changed, or when a document's shape changed (a hot reload). A shared document
 * the page saw as never stored (epoch '') counts as covered while it still does not exist, and
 * once it does, while its log still starts at its creation.
 *
 * Which shared documents the tab shows comes from its stored links, never from the page: the
 * positions it sends are hints for the replay. With `rooms`, the page enters the rooms of those
 * documents after the links are read and before the documents' logs are; the links are read again
 * after the logs, and if they moved meanwhile the page leaves what it no longer shows and gets a
 * hydrate (undefined).
 */
export async function readReplay(
  runtime: StepRuntime,
  token: string,
  since: ReplayPosition,
  options: { session?: string; rooms?: PageRooms } = {},
): Promise<TabReplay | undefined> {
  const { manager, registry } = runtime;
  if (!manager.updatesSince || !isPosition(since) || since.epoch === '') return undefined;
  const tab = await manager.updatesSince(token, since.epoch, since.seq);
  if (!tab || tab.shape !== registry.layout('tab').shape) return undefined;
  const links: DocLinks = tab.links ?? {};
  if (options.session !== undefined && links.session !== options.session) return undefined;
  const keys = sharedKeys(registry, token, links);
  const shared = since.shared ?? {};
  if (Object.keys(shared).length !== keys.length) return undefined;
  if (!keys.every((key) => isPosition(shared[sourceOf(key) as string]))) return undefined;
  if (options.rooms) await enterRooms(options.rooms, keys);
  const updates: ReplayedUpdate[] = [...tab.updates];
  for (const key of keys) {
    const source = sourceOf(key) as string;
    const position = shared[source];
    if (position.epoch === '') {
      // The page saw the document's defaults (it did not exist yet). Created since (a page that
      // connected wrote it): its log from the start, while it still holds it, turns the defaults
      // into the document, so the rest of the page's state need not come again in a hydrate.
      const doc = await manager.get(key);
      if (doc === undefined) continue;
      const created = doc.epoch ? await manager.updatesSince(key, doc.epoch, 0) : undefined;
      if (!created || created.shape !== registry.layout(docKindOf(key)).shape) return undefined;
      for (const update of created.updates) updates.push({ ...update, source, epoch: doc.epoch });
      continue;
    }
    const found = await manager.updatesSince(key, position.epoch, position.seq);
    if (!found || found.shape !== registry.layout(docKindOf(key)).shape) return undefined;
    for (const update of found.updates) updates.push({ ...update, source, epoch: position.epoch });
  }
  if (options.rooms && linksMatter(registry)) {
    const at = { epoch: since.epoch, seq: since.seq + tab.updates.length };
    const now = await currentSharedKeys(runtime, token, at);
    if (!sameKeys(now, keys)) {
      options.rooms.keepOnly(now);
      return undefined;
    }
  }
  return { updates, keys };
}

function isPosition(value: unknown): value is DocPosition {
  const { seq, epoch } = (value ?? {}) as { seq?: unknown; epoch?: unknown };
  return typeof epoch === 'string' && typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0;
}
