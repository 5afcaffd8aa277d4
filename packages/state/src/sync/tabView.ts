import type { Hydration, PublicState } from '../protocol.js';
import { docKeyFor, publicValues, sourceOf, type TokenDoc } from '../scopes/index.js';
import type { StepRuntime } from '../step/index.js';
import { loadCurrentDoc } from '../step/index.js';
import { currentSharedKeys, enterRooms, linksMatter, type PageRooms, sameKeys, sharedKeys } from './pageRooms.js';

/**
 * What one tab shows: its own document's states, and for each state it is linked to elsewhere
 * (its session's, the rooms it joined, the app's) that document's copy. `session` is the browser
 * session of the page asking, when it knows it (a page's cookie), else the one the tab stored.
 * With `preview`, documents never stored are previewed from their defaults, not created. With
 * `rooms`, a page enters the rooms of the shared documents (see `readTabDocuments`).
 */
export async function readTabView(
  runtime: StepRuntime,
  token: string,
  options: TabReadOptions = {},
): Promise<Hydration & { readonly keys: readonly string[] }> {
  const { tab, placed, keys } = await readTabDocuments(runtime, token, options);
  const state: PublicState = {};
  const shared: Record<string, { seq: number; epoch: string; states: string[] }> = {};
  let floats = false;
  for (const { name, key, doc } of placed) {
    state[name] = publicValues(doc.states[name] ?? {});
    if (doc.floats) floats = true;
    if (key === token) continue;
    const source = sourceOf(key) as string;
    shared[source] ??= { seq: doc.seq, epoch: doc.epoch ?? '', states: [] };
    shared[source].states.push(name);
  }
  const base = { seq: tab.seq, epoch: tab.epoch ?? '', state, keys, ...(floats ? { floats: true as const } : {}) };
  return keys.length > 0 ? { ...base, shared } : base;
}

/** Where each of the app's states comes from for a tab: the document (key) that holds it. */
export interface PlacedState {
  readonly name: string;
  readonly key: string;
  readonly doc: TokenDoc;
}

/** How a tab's documents are read: see {@link readTabDocuments}. */
export interface TabReadOptions {
  /** The browser session of the page asking, over the one the tab stored. */
  readonly session?: string;
  /** Documents never stored are previewed from their defaults, not created. */
  readonly preview?: boolean;
  /** The rooms of the page that will be sent what is read: it enters them first. */
  readonly rooms?: PageRooms;
}

/** How often a read for a page starts over because the tab's links moved while it read (then it goes on). */
const LINK_READS = 3;

/**
 * Loads a tab's document and the shared documents it links to (`session` overrides the stored
 * session link), and places each state in the document that holds it for this tab. With `rooms`,
 * the page enters the rooms of the shared documents the tab's stored links lead to before they are
 * read (no update between the read and the join is missed), and the links are read again after:
 * when a step moved them meanwhile, the read starts over.
 */
export async function readTabDocuments(
  runtime: StepRuntime,
  token: string,
  options: TabReadOptions = {},
): Promise<{ tab: TokenDoc; placed: PlacedState[]; keys: string[] }> {
  for (let read = 1; ; read++) {
    const tab = await loadCurrentDoc(runtime, token, options.preview);
    const links = options.session === undefined ? (tab.links ?? {}) : { ...tab.links, session: options.session };
    const keys = sharedKeys(runtime.registry, token, links);
    if (options.rooms) await enterRooms(options.rooms, keys);
    const docs = new Map<string, TokenDoc>([[token, tab]]);
    const placed: PlacedState[] = [];
    for (const internals of runtime.registry.all()) {
      const key = docKeyFor(internals.scope, internals.name, token, links) ?? token;
      let doc = docs.get(key);
      if (!doc) {
        doc = await loadCurrentDoc(runtime, key, true);
        docs.set(key, doc);
      }
      placed.push({ name: internals.name, key, doc });
    }
    if (!options.rooms || read === LINK_READS || !linksMatter(runtime.registry)) return { tab, placed, keys };
    const at = { epoch: tab.epoch ?? '', seq: tab.seq };
    if (sameKeys(await currentSharedKeys(runtime, token, at, options.session), keys)) return { tab, placed, keys };
  }
}
