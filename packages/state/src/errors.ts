/**
 * Every failure `@core/state` reports. The set is closed so that callers (the server, the
 * page) can switch on it; the message says what failed and how to fix it.
 */
export type StateErrorCode =
  /** A write to a read-only view: `task.state` outside `task.modify`, or a nested `modify`. */
  | 'IMMUTABLE_STATE'
  /** An event names a state the app does not know. */
  | 'UNKNOWN_STATE'
  /** An event names a handler the state does not declare. */
  | 'UNKNOWN_HANDLER'
  /** The page tried to call a backend-only (`_`-prefixed) handler. */
  | 'FORBIDDEN_HANDLER'
  /** An event is not `{ state, name, payload }`. */
  | 'INVALID_EVENT'
  /** A handler or background task threw; `cause` holds what it threw. */
  | 'HANDLER_ERROR'
  /** A handler or background task was called as a plain function instead of dispatched. */
  | 'DIRECT_CALL'
  /** A write to a var the state does not declare, or to a computed var. */
  | 'UNKNOWN_VAR'
  /** A state definition is malformed (bad name, clash between a var and a handler, ...). */
  | 'INVALID_DEFINITION'
  /** The app's environment (state manager, logger, mode) was set twice, or after it started serving. */
  | 'INVALID_CONFIG'
  /** The lock was lost (lease expired) before the write; the write was refused. */
  | 'LOCK_EXPIRED'
  /** The state store could not be reached or refused the operation. */
  | 'STORE_UNAVAILABLE'
  /** Taking the token's lock again while this async context already holds it. */
  | 'REENTRANT_LOCK'
  /** The app was closed. */
  | 'APP_CLOSED'
  /** A token already runs as many background tasks as `maxTasksPerToken` allows. */
  | 'TOO_MANY_TASKS'
  /** A state reached from a step of a document whose scope cannot hold or lock it. */
  | 'WRONG_SCOPE'
  /** Shared states reached out of lock order after a `yield` (the step could not start over). */
  | 'LOCK_ORDER';

/** The one error class of `@core/state`; `code` tells the failures apart. */
export class StateError extends Error {
  override name = 'StateError';
  readonly code: StateErrorCode;

  constructor(code: StateErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[core/state] ${message}`, options);
    this.code = code;
  }
}

/** Thrown on a write outside `task.modify()` and on a `modify` nested in another of the same task. */
export class ImmutableStateError extends StateError {
  override name = 'ImmutableStateError';
  constructor(message: string) {
    super('IMMUTABLE_STATE', message);
  }
}

/** Thrown by a state manager when a holder's lease expired and its write was fenced off. */
export class LockExpiredError extends StateError {
  override name = 'LockExpiredError';
  constructor(token: string, options?: { cause?: unknown }) {
    super(
      'LOCK_EXPIRED',
      `The lock on token "${token}" expired before the write; the newer state stands. Keep long waits out of handlers (use a background task) or raise the lease.`,
      options,
    );
  }
}

/** True when `error` is a {@link StateError}, optionally with the given code. */
export function isStateError(error: unknown, code?: StateErrorCode): error is StateError {
  return error instanceof StateError && (code === undefined || error.code === code);
}
