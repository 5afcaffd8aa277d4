/**
 * What `app.inspect()` listeners receive: plain, serialisable records of a token's events and
 * background tasks. Records are built only while someone listens to the token (see `Inspector`).
 * Times are milliseconds: `at` since the epoch, durations measured with `performance.now()`.
 */

/** Where an event came from: a page, a chain (returned, yielded or dispatched by a handler), a background task, or server code. */
export type EventOrigin = 'page' | 'chain' | 'task' | 'server';

/** A failure as devtools show it: the developer's own server, so message and stack are kept. */
export interface InspectedError {
  /** The `StateError` code when there is one. */
  readonly code?: string;
  readonly message: string;
  readonly stack?: string;
}

/** What every record carries. */
interface RecordBase {
  /** The event's (or task's) id, unique per app; the records of one event share it. */
  readonly id: number;
  readonly token: string;
  /** When it happened (`Date.now()`). */
  readonly at: number;
}

/** What one locked step cost: the lock wait, the hold, and what it sent to the page. */
export interface StepCost {
  /** Time waited for the token's lock. */
  readonly lockWait: number;
  /** Time the lock was held (from taken to released). */
  readonly held: number;
  /** Public patches sent. */
  readonly patches: number;
  /** Size of those patches as JSON, in characters. */
  readonly bytes: number;
}

/** An event joined its token's queue (a background task's start joins it too when chained). */
export interface EventQueuedRecord extends RecordBase {
  readonly type: 'event-queued';
  /** `state.handler`. */
  readonly handler: string;
  readonly payload: unknown;
  readonly origin: EventOrigin;
  /** The event or task that chained it (origins `chain` and `task`), when it was inspected too. */
  readonly parent?: number;
  /** True for a background task's start (its `task-started` record has the same id). */
  readonly background: boolean;
}

/** An event's handler starts (its turn in the queue came); the lock is requested now. */
export interface EventStartedRecord extends RecordBase {
  readonly type: 'event-started';
}

/** An event's handler has finished (or failed: `error`). */
export interface EventEndedRecord extends RecordBase, StepCost {
  readonly type: 'event-ended';
  readonly error?: InspectedError;
}

/** A background task started. */
export interface TaskStartedRecord extends RecordBase {
  readonly type: 'task-started';
  readonly handler: string;
  readonly payload: unknown;
  readonly origin: EventOrigin;
  readonly parent?: number;
}

/** One `task.modify` block of a running task ended (a tick on its bar). */
export interface TaskModifyRecord extends RecordBase, StepCost {
  readonly type: 'task-modify';
}

/** A background task ended (or failed: `error`). */
export interface TaskEndedRecord extends RecordBase {
  readonly type: 'task-ended';
  readonly error?: InspectedError;
}

/** Everything `app.inspect()` reports. */
export type InspectorRecord =
  | EventQueuedRecord
  | EventStartedRecord
  | EventEndedRecord
  | TaskStartedRecord
  | TaskModifyRecord
  | TaskEndedRecord;

/** Receives records; see `App.inspect`. */
export type InspectorListener = (record: InspectorRecord) => void;

/** Options of `App.inspect`. */
export interface InspectOptions {
  /** Only this token's records (none are built for the others). @default every token */
  token?: string;
}
