import type { Draft } from 'immer';
import { CollectionStore } from '../collections/index.js';
import { type DefinitionInternals, defaultVars, defaultVarValue } from '../definition/index.js';

type States = Record<string, Record<string, unknown>>;

/**
 * Brings a document's draft to the states of its layout: a missing state gets its defaults, a var
 * not declared any more goes and a new one (or one that changed kind: a collection) gets its
 * default, a state not declared any more goes.
 * Computed values stay (they are recomputed by the commit that follows).
 */
export function fitToLayout(draft: Draft<States>, layout: readonly DefinitionInternals[]): void {
  const declared = new Set<string>();
  for (const internals of layout) {
    declared.add(internals.name);
    const existing = draft[internals.name];
    if (!existing) {
      draft[internals.name] = defaultVars(internals) as Draft<Record<string, unknown>>;
      continue;
    }
    for (const key of Object.keys(existing)) {
      if (!internals.varNames.has(key) && !internals.computed.has(key)) delete existing[key];
    }
    for (const key of Object.keys(internals.vars)) {
      // A var that became a collection (or stopped being one) starts over from its default.
      const kindChanged = internals.collections.has(key) !== existing[key] instanceof CollectionStore;
      if (!Object.hasOwn(existing, key) || kindChanged) existing[key] = defaultVarValue(internals, key);
    }
  }
  for (const name of Object.keys(draft)) if (!declared.has(name)) delete draft[name];
}
