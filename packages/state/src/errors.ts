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
  | 'LOCK_ORDER'
  /** A background task was aborted (`task.signal`): cancelled, the app closed, its page left, ... */
  | 'TASK_ABORTED'

  /** A computed var threw, or returned what a state cannot hold; it kept its last value. */
  | 'COMPUTED_VAR'
  /** A client action with a bad argument (a `javascript:` URL, an empty toast, …). */
  | 'INVALID_ACTION'
  /** `ctx.client.call()` got no answer: no page, no such function, it threw, or it timed out. */
  | 'CLIENT_CALL'
  /** A handler refused fields of its form (`FieldError`); `fields` has a message per field. */
  | 'INVALID_FIELDS';

/** The one error class of `@core/state`; `code` tells the failures apart. */
export class StateError extends Error {
  override name = 'StateError';
  readonly code: StateErrorCode;
  /** Messages for the fields of a form's payload that were refused (schema or `FieldError`). */
  readonly fields?: Readonly<Record<string, string>>;

  constructor(
    code: StateErrorCode,
    message: string,
    options?: { cause?: unknown; fields?: Readonly<Record<string, string>> },
  ) {
    super(`[core/state] ${message}`, options);
    this.code = code;
    if (options?.fields) this.fields = options.fields;
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

/**
 * Why a background task's `signal` aborted: `ctx.cancel` or an `exclusive: 'restart'` start
 * (`cancelled`), `app.close()` (`app closed`), no page of the token for the grace period
 * (`page gone`), the token's state expired (`token expired`), or this process was declared dead
 * after stalling past its lease (`process died`).
 */
export type TaskAbortReason = 'cancelled' | 'app closed' | 'page gone' | 'token expired' | 'process died';

/**
 * The reason of an aborted `task.signal`: `sleep(ms, task.signal)` and a waiting `task.modify`
 * reject with it. Its `name` is `'AbortError'`, as for `fetch` aborted by a signal.
 */
export class TaskAbortedError extends StateError {
  override name = 'AbortError';
  /** Why the task was aborted. */
  readonly reason: TaskAbortReason;

  constructor(task: string, reason: TaskAbortReason) {
    super('TASK_ABORTED', `The background task ${task} was aborted (${reason}); let it end, onTaskEnd cleans up.`);
    this.reason = reason;
  }
}

/** True when `error` is a {@link StateError}, optionally with the given code. */
export function isStateError(error: unknown, code?: StateErrorCode): error is StateError {
  return error instanceof StateError && (code === undefined || error.code === code);
}
