import type { Draft } from 'immer';
import type { DefinitionInternals } from '../definition/index.js';

type States = Record<string, Record<string, unknown>>;

/**
 * Brings a document's draft to the states of its layout: a missing state gets its defaults, a var
 * not declared any more goes and a new one gets its default, a state not declared any more goes.
 * Computed values stay (they are recomputed by the commit that follows).
 */
export function fitToLayout(draft: Draft<States>, layout: readonly DefinitionInternals[]): void {
  const declared = new Set<string>();
  for (const internals of layout) {
    declared.add(internals.name);
    const existing = draft[internals.name];
    if (!existing) {
      draft[internals.name] = structuredClone(internals.vars) as Draft<Record<string, unknown>>;
      continue;
    }
    for (const key of Object.keys(existing)) {
      if (!internals.varNames.has(key) && !internals.computed.has(key)) delete existing[key];
    }
    for (const [key, value] of Object.entries(internals.vars)) {
      if (!Object.hasOwn(existing, key)) existing[key] = structuredClone(value);
    }
  }
  for (const name of Object.keys(draft)) if (!declared.has(name)) delete draft[name];
}
