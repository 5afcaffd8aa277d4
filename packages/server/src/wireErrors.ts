import type { StateError } from '@core/state';
import type { WireErrorReport } from '@core/state/protocol';

/**
 * What a page is told about a failure. A `StateError` keeps its code; a handler's own message
 * goes out only in development (it may quote backend vars), and a store failure only its code (its
 * message names the store's host and port). Anything without a code — a store
 * error carrying a host and port, a bug — is an `INTERNAL_ERROR` with a generic message; its
 * details stay in the server's log.
 */
export function reportOf(error: unknown, dev: boolean): WireErrorReport {
  const stateError = error as Partial<StateError> | undefined;
  if (stateError?.code === 'STORE_UNAVAILABLE') {
    // Its message names the store's host and port: the log has it, the page gets the code.
    return {
      code: 'STORE_UNAVAILABLE',
      message: '[core/server] The state store is unavailable; try again in a moment.',
    };
  }
  if (typeof stateError?.code === 'string') {
    const message =
      stateError.code === 'HANDLER_ERROR' && !dev ? 'The handler failed.' : String(stateError.message ?? 'Failed.');
    const fields = stateError.fields ? { fields: stateError.fields } : undefined;
    return { code: stateError.code, message, ...fields } as WireErrorReport;
  }
  return { code: 'INTERNAL_ERROR', message: '[core/server] The server could not process the request.' };
}

/** The refusal of an event beyond the page's in-flight limit. */
export function overloaded(limit: number): WireErrorReport {
  return {
    code: 'OVERLOADED',
    message: `[core/server] This page has ${limit} events waiting or running already; wait for some to finish before sending more.`,
  };
}
