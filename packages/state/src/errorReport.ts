import { isStateError, StateError } from './errors.js';
import type { ErrorReport, WireErrorReport } from './protocol.js';

/** A failure as the runtime hands it on: the error to reject with, and what a page is told. */
export interface Failure {
  readonly wrapped: StateError;
  readonly report: ErrorReport;
}

/**
 * The one redaction of failures for pages. What a handler threw becomes the error `dispatch`
 * rejects with (a `StateError`; anything else is wrapped as `HANDLER_ERROR`) and the report its
 * page gets. Outside development only the framework's own messages go out: a handler's message
 * could carry anything, backend vars included. A store failure never says more than its code: its
 * message names the store's host and port (the log has it).
 */
export function describeFailure(error: unknown, handler: string, dev: boolean): Failure {
  const wrapped =
    error instanceof StateError
      ? error
      : new StateError('HANDLER_ERROR', `Handler "${handler}" failed: ${messageOf(error)}`, { cause: error });
  return { wrapped, report: redact(wrapped, error, handler, dev) };
}

/**
 * What a page is told about a failure of the server's own work (a hydrate, a resync, stored
 * values): a `StateError` keeps its code, redacted as above; anything without a code — a bug, a
 * store error carrying a host and port — is an `INTERNAL_ERROR` whose details stay in the log.
 */
export function reportFailure(error: unknown, dev: boolean): WireErrorReport {
  if (!isStateError(error)) return { code: 'INTERNAL_ERROR', message: INTERNAL_ERROR_MESSAGE };
  return redact(error, error, undefined, dev);
}

function redact(wrapped: StateError, thrown: unknown, handler: string | undefined, dev: boolean): ErrorReport {
  // Refused form fields are written for the person at the form: they go out in production too.
  const named = {
    ...(handler === undefined ? {} : { handler }),
    ...(wrapped.fields ? { fields: wrapped.fields } : {}),
  };
  if (wrapped.code === 'STORE_UNAVAILABLE') return { code: wrapped.code, ...named, message: STORE_UNAVAILABLE_MESSAGE };
  if (dev) return { code: wrapped.code, ...named, message: wrapped.message, stack: stackOf(thrown) };
  // A framework error keeps its message (it says how to fix); a handler's own words stay in the log.
  const own = thrown === wrapped && !(handler === undefined && wrapped.code === 'HANDLER_ERROR');
  const hidden = handler === undefined ? 'The handler failed.' : `Handler "${handler}" failed.`;
  return { code: wrapped.code, ...named, message: own ? wrapped.message : hidden };
}

/** What a page is told when the state store failed (the details stay in the server's log). */
const STORE_UNAVAILABLE_MESSAGE = 'The state store is unavailable; try again in a moment.';

const INTERNAL_ERROR_MESSAGE = 'The server could not process the request.';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function stackOf(error: unknown): string | undefined {
  return error instanceof Error ? error.stack : undefined;
}
