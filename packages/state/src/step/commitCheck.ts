import type { Patch } from 'immer';
import { describeNonJson } from '../definition/index.js';
import { StateError } from '../errors.js';
import { isBackendName } from '../scopes/index.js';

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

/** Refuses a commit that would store a value JSON cannot carry (it would fail to send or save). */
export function checkJsonPatches(patches: readonly Patch[]): void {
  for (const patch of patches) {
    const value = patch.value;
    if (patch.op === 'remove' || typeof value === 'string' || typeof value === 'boolean' || value === null) continue;
    if (typeof value === 'number' && Number.isFinite(value)) continue;
    const problem = describeNonJson(value, patch.path);
    if (problem) {
      throw new StateError(
        'HANDLER_ERROR',
        `Cannot store ${problem}; state must be JSON data (null, boolean, finite number, string, array, plain object). Nothing of this step was kept.`,
      );
    }
  }
}

function stripBackend(values: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) if (!isBackendName(key)) result[key] = value;
  return result;
}
