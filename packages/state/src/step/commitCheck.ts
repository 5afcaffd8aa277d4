import type { Patch } from 'immer';
import { describeNonJson } from '../definition/index.js';
import { StateError } from '../errors.js';
import { isBackendName, type TokenDoc } from '../scopes/index.js';
import type { ComputedFailure } from './computedMarks.js';

/** What one commit produced: the new document and the patches the page gets (no `_` paths). */
export interface Commit {
  readonly doc: TokenDoc;
  readonly patches: Patch[];
  /** The changes hold special floats (`NaN`, `Infinity`, `-Infinity`). */
  readonly floats?: true;
  /** Computed vars that failed (each kept its last value), to report. */
  readonly failures?: readonly ComputedFailure[];
}

/** The patches a page may see: none under a `_` var; whole states (reconcile) without their `_` vars. */
export function publicPatches(patches: readonly Patch[]): Patch[] {
  const visible: Patch[] = [];
  for (const patch of patches) {
    if (patch.path.length === 1) {
      visible.push(
        patch.op === 'remove' ? patch : { ...patch, value: stripBackend(patch.value as Record<string, unknown>) },
      );
    } else if (!isBackendName(patch.path[1])) {
      visible.push(patch);
    }
  }
  return visible;
}

/**
 * Refuses a commit that would store a value the wire and the store cannot carry (it would fail to
 * send or save), naming it. Returns true when the values hold special floats (`NaN`, `Infinity`,
 * `-Infinity`: allowed, they travel as reserved strings).
 */
export function checkJsonPatches(patches: readonly Patch[]): boolean {
  const seen = { floats: false };
  for (const patch of patches) {
    const value = patch.value;
    if (patch.op === 'remove' || typeof value === 'boolean' || value === null) continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) seen.floats = true;
      continue;
    }
    if (typeof value === 'string' && value.charCodeAt(0) !== 0) continue;
    const problem = describeNonJson(value, patch.path, seen);
    if (problem) {
      throw new StateError(
        'HANDLER_ERROR',
        `The change cannot be stored: ${problem}. State must be data (null, boolean, number, string, array, plain object); nothing of this step was kept.`,
      );
    }
  }
  return seen.floats;
}

function stripBackend(values: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) if (!isBackendName(key)) result[key] = value;
  return result;
}
