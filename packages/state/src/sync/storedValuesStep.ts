import type { StepRuntime } from '../step/index.js';
import { ENDED_BLOCK, loadCurrentDoc, runLockedStep } from '../step/index.js';
import { applyStoredValues, checkStoredValues, type StoredValuesOutcome } from './applyStoredValues.js';

/**
 * Applies the values a page read from its storage to `token` (see `app.applyStoredValues`): in one
 * locked step when any changes something, with each refused value logged.
 */
export async function storedValuesStep(
  runtime: StepRuntime,
  token: string,
  values: Readonly<Record<string, unknown>>,
): Promise<StoredValuesOutcome> {
  const checked = await checkStoredValues(runtime.registry, values);
  // A dry run on the current document first: values that change nothing take no lock and store
  // nothing (a page that only connects must not create its token's document).
  const current = await loadCurrentDoc(runtime, token, true);
  let result = applyStoredValues(runtime.registry, checked, (internals) => ({ ...current.states[internals.name] }));
  if (result.applied.length > 0) {
    const step = await runLockedStep<StoredValuesOutcome>(runtime, token, { ended: ENDED_BLOCK }, (s) =>
      applyStoredValues(runtime.registry, checked, s.view),
    );
    result = step.result;
  }
  for (const rejected of result.rejected) {
    runtime.logger.warn('A stored value from the page was refused', { token, ...rejected });
  }
  return result;
}
