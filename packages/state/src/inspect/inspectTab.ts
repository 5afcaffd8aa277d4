import { sourceOf } from '../scopes/index.js';
import type { StepRuntime } from '../step/index.js';
import { readTabDocuments } from '../sync/index.js';

/** Everything a tab's states hold, as devtools show it (see `App.inspectTab`). */
export interface InspectedTab {
  /** The tab document's `seq` and epoch. */
  readonly seq: number;
  readonly epoch: string;
  /** Every state the tab sees, backend (`_`) vars and cached computed values included. */
  readonly states: Readonly<Record<string, Record<string, unknown>>>;
  /** For a state kept in a shared document, where: `@session`, `@room:<key>`, `@app`. */
  readonly sources: Readonly<Record<string, string>>;
}

/**
 * Reads what the tab sees, as `readTabView` does for a hydrate, but whole: backend vars included
 * and each shared state's document named. Documents never stored are previewed from their defaults.
 */
export async function inspectTab(runtime: StepRuntime, token: string): Promise<InspectedTab> {
  const { tab, placed } = await readTabDocuments(runtime, token, { preview: true });
  const states: Record<string, Record<string, unknown>> = {};
  const sources: Record<string, string> = {};
  for (const { name, key, doc } of placed) {
    states[name] = doc.states[name] ?? {};
    const source = sourceOf(key);
    if (key !== token && source !== undefined) sources[name] = source;
  }
  return { seq: tab.seq, epoch: tab.epoch ?? '', states, sources };
}
