import type { DefinitionInternals } from '../definition/index.js';
import type { TokenDoc } from '../scopes/index.js';
import { createEmptyDoc, docKeyFor, docKindOf } from '../scopes/index.js';
import { DocDraft } from './docDraft.js';
import { runLockedStep } from './lockedStep.js';
import type { StepRuntime } from './stepRuntime.js';

/**
 * The token's document: created, or reconciled when outdated, under the lock. With `preview`, a
 * token with no stored document gets its defaults (epoch `''`) and nothing is stored — a page that
 * only connects costs no write; its first event creates the document.
 */
export async function loadCurrentDoc(runtime: StepRuntime, key: string, preview = false): Promise<TokenDoc> {
  const doc = await runtime.manager.get(key);
  const kind = docKindOf(key);
  if (doc && doc.shape === runtime.registry.layout(kind).shape) return doc;
  if (!doc && preview) {
    const draft = new DocDraft(createEmptyDoc(''), runtime.registry, runtime.computed, kind, key);
    draft.reconcile(true);
    return draft.base;
  }
  return (await runLockedStep(runtime, key, { ended: 'the document was only being read.' }, () => undefined)).doc;
}

/**
 * The stored values of one state as a tab sees them (its own copy or the shared document it is
 * linked to), read without the lock: possibly stale, as `task.state` is.
 */
export async function readStateValues(
  runtime: StepRuntime,
  token: string,
  internals: DefinitionInternals,
): Promise<Record<string, unknown>> {
  const tab = await loadCurrentDoc(runtime, token, true);
  const key = docKeyFor(internals.scope, internals.name, token, tab.links ?? {}) ?? token;
  const doc = key === token ? tab : await loadCurrentDoc(runtime, key, true);
  return doc.states[internals.name] ?? {};
}
