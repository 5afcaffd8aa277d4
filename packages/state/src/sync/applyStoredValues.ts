import type { DefinitionInternals, StateRegistry } from '../definition/index.js';
import { decodeStoredValue, isEqual } from '../definition/index.js';

/** What became of the values a page sent from its storage. */
export interface StoredValuesOutcome {
  /** `state.var` of every var set from a stored value (those already equal are left out). */
  readonly applied: readonly string[];
  /** Values refused, with the reason (logged by the app, never applied). */
  readonly rejected: readonly { readonly key: string; readonly reason: string }[];
}

/** The most keys one message may carry; more is not a page's honest storage. */
const MAX_KEYS = 64;

/**
 * Writes decoded stored values into the views of a locked step. Keys that name no storage var are
 * ignored (the page may know keys of an older deploy); invalid values are refused.
 */
export function applyStoredValues(
  registry: StateRegistry,
  values: Readonly<Record<string, unknown>>,
  view: (internals: DefinitionInternals) => Record<string, unknown>,
): StoredValuesOutcome {
  const applied: string[] = [];
  const rejected: { key: string; reason: string }[] = [];
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    return { applied, rejected: [{ key: '', reason: 'the stored values are not an object' }] };
  }
  const entries = Object.entries(values);
  if (entries.length > MAX_KEYS) {
    return { applied, rejected: [{ key: '', reason: `${entries.length} keys, over the ${MAX_KEYS} allowed` }] };
  }
  for (const [key, raw] of entries) {
    for (const binding of registry.storageByKey(key) ?? []) {
      const internals = registry.get(binding.state);
      if (!internals) continue;
      const decoded = decodeStoredValue(binding, internals.vars[binding.var], raw);
      if (!decoded.ok) {
        rejected.push({ key, reason: decoded.reason });
        continue;
      }
      const state = view(internals);
      if (isEqual(state[binding.var], decoded.value)) continue;
      state[binding.var] = decoded.value;
      applied.push(`${binding.state}.${binding.var}`);
    }
  }
  return { applied, rejected };
}
