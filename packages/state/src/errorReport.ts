import type { ErrorReport } from './appTypes.js';
import { StateError } from './errors.js';

/**
 * Turns what a handler threw into the error `dispatch` rejects with and the report its page gets.
 * Outside development only the framework's own messages go out: a handler's message could carry
 * anything, backend vars included. A store failure never says more than its code to the page: its
 * message names the store's host and port (the log has it).
 */
export function describeFailure(
  error: unknown,
  handler: string,
  dev: boolean,
): { wrapped: StateError; report: ErrorReport } {
  const wrapped =
    error instanceof StateError
      ? error
      : new StateError('HANDLER_ERROR', `Handler "${handler}" failed: ${messageOf(error)}`, { cause: error });
  const fields = wrapped.fields ? { fields: wrapped.fields } : undefined;
  const report: ErrorReport =
    wrapped.code === 'STORE_UNAVAILABLE'
      ? { code: wrapped.code, handler, message: STORE_UNAVAILABLE_MESSAGE }
      : dev
        ? { code: wrapped.code, handler, message: wrapped.message, stack: stackOf(error), ...fields }
        : {
            code: wrapped.code,
            handler,
            message: error === wrapped ? wrapped.message : `Handler "${handler}" failed.`,
            ...fields,
          };
  return { wrapped, report };
}

/** What a page is told when the state store failed (the details stay in the server's log). */
const STORE_UNAVAILABLE_MESSAGE = 'The state store is unavailable; try again in a moment.';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function stackOf(error: unknown): string | undefined {
  return error instanceof Error ? error.stack : undefined;
}
