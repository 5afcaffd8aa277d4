import type { Hydration } from './appTypes.js';
import { docKeyFor, sourceOf } from './docKey.js';
import { loadCurrentDoc, type StepRuntime } from './lockedStep.js';
import { isBackendName, type PublicState, type TokenDoc } from './tokenDoc.js';

/**
 * What one tab shows: its own document's states, and for each state it is linked to elsewhere
 * (its session's, the rooms it joined, the app's) that document's copy. `session` is the browser
 * session of the page asking, when it knows it (a page's cookie), else the one the tab stored.
 * With `preview`, documents never stored are previewed from their defaults, not created.
 */
export async function readTabView(
  runtime: StepRuntime,
  token: string,
  options: { session?: string; preview?: boolean } = {},
): Promise<Hydration & { readonly keys: readonly string[] }> {
  const tab = await loadCurrentDoc(runtime, token, options.preview);
  const links = options.session === undefined ? (tab.links ?? {}) : { ...tab.links, session: options.session };
  const docs = new Map<string, TokenDoc>([[token, tab]]);
  const state: PublicState = {};
  const shared: Record<string, { seq: number; epoch: string; states: string[] }> = {};
  for (const internals of runtime.registry.all()) {
    const key = docKeyFor(internals.scope, internals.name, token, links) ?? token;
    let doc = docs.get(key);
    if (!doc) {
      doc = await loadCurrentDoc(runtime, key, true);
      docs.set(key, doc);
    }
    state[internals.name] = publicValues(doc.states[internals.name] ?? {});
    if (key !== token) {
      const source = sourceOf(key) as string;
      shared[source] ??= { seq: doc.seq, epoch: doc.epoch ?? '', states: [] };
      shared[source].states.push(internals.name);
    }
  }
  const keys = [...docs.keys()].filter((key) => key !== token);
  const base = { seq: tab.seq, epoch: tab.epoch ?? '', state, keys };
  return keys.length > 0 ? { ...base, shared } : base;
}

function publicValues(values: Record<string, unknown>): Record<string, unknown> {
  const visible: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) if (!isBackendName(key)) visible[key] = structuredClone(value);
  return visible;
}
