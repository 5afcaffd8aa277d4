import type { DefinitionInternals } from '../definition/index.js';
import { isEqual } from '../definition/index.js';
import { StateError } from '../errors.js';
import type { DocDraft } from './docDraft.js';

/**
 * `ctx.reset`: puts vars of one state back to their declared defaults (every var, or `names`), in
 * the step's draft of the document that holds it. A var already at its default is left alone, so
 * it makes no patch; a collection var is reset to its `initial` items.
 */
export function resetVars(draft: DocDraft, internals: DefinitionInternals, names?: readonly string[]): void {
  const keys = names ?? [...internals.varNames];
  for (const key of keys) {
    if (typeof key !== 'string' || !internals.varNames.has(key)) {
      throw new StateError(
        'UNKNOWN_VAR',
        `Cannot reset ${JSON.stringify(key)} of state "${internals.name}": it is not a declared var (computed vars follow their vars).`,
      );
    }
  }
  const current = draft.peekValues(internals.name);
  for (const key of keys) {
    const collection = internals.collections.get(key);
    if (collection) {
      // A collection is reset through the step's draft of it, to its `initial` items.
      const items = collection.options.initial?.() ?? [];
      (draft.readVar(internals.name, key) as { reset(items: Iterable<unknown>): void }).reset(items);
      continue;
    }
    const initial = internals.vars[key];
    if (isEqual(current[key], initial)) continue;
    draft.writeVar(internals.name, key, structuredClone(initial));
  }
}
