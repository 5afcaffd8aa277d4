import type { ComputedFlight, ComputedResult } from './computedFlights.js';
import { computedFailure } from './computedMarks.js';
import { runLockedStep } from './lockedStep.js';
import type { StepRuntime } from './stepRuntime.js';

const ENDED = "an async computed var's step has ended.";

/**
 * Commits the result of an async computed var's run in a locked step of its document: the value
 * (other computed vars depending on it follow), or — the run failed — a `COMPUTED_VAR` report while
 * the var keeps its last value. A run that a change superseded while it ran (or whose document was
 * recreated since) commits nothing and runs again on the current values; a document that expired
 * meanwhile is not brought back.
 */
export async function settleComputedStep(
  runtime: StepRuntime,
  flight: ComputedFlight,
  result: ComputedResult,
): Promise<void> {
  const { key, epoch, internals, name } = flight;
  const full = `${internals.name}.${name}`;
  const flights = runtime.computed.flights;
  // A run started on a document not stored yet (a page that only hydrated) creates it; one whose
  // document is gone has nowhere to go.
  if (epoch !== '' && !(await runtime.manager.get(key))) return flights.end(flight);
  try {
    await runLockedStep(runtime, key, { ended: ENDED }, (scope) => {
      if (flights.get(key, full) !== flight) return;
      flights.end(flight);
      if (flight.superseded || (epoch !== '' && scope.epoch !== epoch)) {
        scope.draft.recompute(internals, name);
        return;
      }
      if (!result.ok) {
        runtime.report(key, computedFailure(internals.name, name, result.error).error, full);
        return;
      }
      try {
        scope.draft.writeComputed(internals, name, result.value);
      } catch (error) {
        runtime.report(key, computedFailure(internals.name, name, error).error, full);
      }
    });
  } catch (error) {
    runtime.logger.error(`Committing the async computed var "${full}" failed`, { token: key, error });
  }
}
