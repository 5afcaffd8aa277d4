import type { StateError } from '@core/state';
import type { WireErrorReport } from '@core/state/protocol';

/**
 * What a page is told about a failure. A `StateError` keeps its code; a handler's own message
 * goes out only in development (it may quote backend vars). Anything without a code — a store
 * error carrying a host and port, a bug — is an `INTERNAL_ERROR` with a generic message; its
 * details stay in the server's log.
 */
export function reportOf(error: unknown, dev: boolean): WireErrorReport {
  const stateError = error as Partial<StateError> | undefined;
  if (typeof stateError?.code === 'string') {
    const message =
      stateError.code === 'HANDLER_ERROR' && !dev ? 'The handler failed.' : String(stateError.message ?? 'Failed.');
    return { code: stateError.code, message } as WireErrorReport;
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
