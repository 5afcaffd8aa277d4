import type { DefinitionInternals, ResolvedStorageBinding, StateRegistry } from '../definition/index.js';
import { decodeStoredValue, isEqual } from '../definition/index.js';

/** What became of the values a page sent from its storage. */
export interface StoredValuesOutcome {
  /** `state.var` of every var set from a stored value (those already equal are left out). */
  readonly applied: readonly string[];
  /** Values refused, with the reason (logged by the app, never applied). */
  readonly rejected: readonly { readonly key: string; readonly reason: string }[];
}

/** Stored values checked before any lock is taken: each with the var it goes to. */
export interface CheckedStoredValues {
  readonly accepted: readonly { readonly binding: ResolvedStorageBinding; readonly value: unknown }[];
  readonly rejected: StoredValuesOutcome['rejected'];
}

/** The most keys one message may carry; more is not a page's honest storage. */
const MAX_KEYS = 64;

/**
 * Decodes the values a page sent from its storage (untrusted): keys that name no storage var are
 * ignored (the page may know keys of an older deploy), invalid values and values a binding's
 * schema refuses are rejected, null stands for the var's default. Async (schemas may be), so it
 * runs before the step's lock.
 */
export async function checkStoredValues(
  registry: StateRegistry,
  values: Readonly<Record<string, unknown>>,
): Promise<CheckedStoredValues> {
  const accepted: { binding: ResolvedStorageBinding; value: unknown }[] = [];
  const rejected: { key: string; reason: string }[] = [];
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    return { accepted, rejected: [{ key: '', reason: 'the stored values are not an object' }] };
  }
  const entries = Object.entries(values);
  if (entries.length > MAX_KEYS) {
    return { accepted, rejected: [{ key: '', reason: `${entries.length} keys, over the ${MAX_KEYS} allowed` }] };
  }
  for (const [key, raw] of entries) {
    for (const binding of registry.storageByKey(key) ?? []) {
      const internals = registry.get(binding.state);
      if (!internals) continue;
      const decoded = await decodeStoredValue(binding, internals.vars[binding.var], raw);
      if (decoded.ok) accepted.push({ binding, value: decoded.value });
      else rejected.push({ key, reason: decoded.reason });
    }
  }
  return { accepted, rejected };
}

/** Writes checked stored values into the views of a locked step (or of a dry run). */
export function applyStoredValues(
  registry: StateRegistry,
  checked: CheckedStoredValues,
  view: (internals: DefinitionInternals) => Record<string, unknown>,
): StoredValuesOutcome {
  const applied: string[] = [];
  for (const { binding, value } of checked.accepted) {
    const internals = registry.get(binding.state);
    if (!internals) continue;
    const state = view(internals);
    if (isEqual(state[binding.var], value)) continue;
    state[binding.var] = value;
    applied.push(`${binding.state}.${binding.var}`);
  }
  return { applied, rejected: checked.rejected };
}
