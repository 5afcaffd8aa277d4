/**
 * One background task in its token's registry: stored in the token's document (`TokenDoc.tasks`),
 * so every process reads and changes it under the token's lock, like the state.
 */
export interface TaskEntry {
  /** Unique per start. */
  readonly id: string;
  /** The state that declares the task. */
  readonly state: string;
  /** The task's name in `background`. */
  readonly name: string;
  /** The payload it was started with. */
  readonly payload: unknown;
  /** When it started (or was queued), in milliseconds since the epoch. */
  readonly startedAt: number;
  /** The process running it (`TaskRegistryMember.id`); empty while it waits in a queue. */
  readonly process: string;
  /** Waiting behind a running task of the same name (`exclusive: 'queue'` or `'restart'`). */
  readonly queued?: true;
  /** A cancel was asked for; the task is winding down. */
  readonly cancelled?: true;
  /** How many times it was restarted after its process died (`resume: true`). */
  readonly resumed?: number;
}

/** A running background task of a token, as `ctx.tasks` and `task.tasks` list it. */
export interface TaskInfo {
  /** Unique per start. */
  readonly id: string;
  /** The state that declares the task. */
  readonly state: string;
  /** The task's name in `background` (`'myTask'`). */
  readonly name: string;
  /** The payload it was started with. */
  readonly payload: unknown;
  /** When it started, in milliseconds since the epoch. */
  readonly startedAt: number;
  /** The id of the process running it. */
  readonly process: string;
  /** True once a cancel was asked for and the task has not ended yet. */
  readonly cancelled: boolean;
}

/**
 * Why a task ended, as `onTaskEnd` is told: it returned (`done`), threw (`error`), was aborted
 * (`cancelled`: `ctx.cancel`, a restart, the app closing, no page for the grace period, a
 * duplicated tab that does not inherit it), or its process stopped renewing its entry (`process died`).
 */
export type TaskEndReason = 'done' | 'error' | 'cancelled' | 'process died';

/** The second argument of `onTaskEnd`. */
export interface TaskEndInfo {
  /** The task's name in `background` (`'myTask'`). */
  readonly name: string;
  /** Why it ended. */
  readonly reason: TaskEndReason;
  /** The payload it was started with. */
  readonly payload: unknown;
  /** The task's id (as in `ctx.tasks`). */
  readonly id: string;
}

/**
 * How starts of one task relate on one token (across processes when the registry is shared):
 * `'skip'` ignores a start while one runs, `'restart'` cancels the running one and starts the new
 * one once it has ended (only the latest waiting start is kept), `'queue'` runs them one after
 * another in start order.
 */
export type ExclusiveMode = 'skip' | 'restart' | 'queue';

/** What `background` may declare besides the task function. */
export interface BackgroundTaskOptions {
  /** One task of this name per token at a time; see {@link ExclusiveMode}. @default none (any number run at once) */
  readonly exclusive?: ExclusiveMode;
  /**
   * Restart the task (same payload) on another process when its process died. At-least-once: the
   * part of the run before the death may run again, so make it idempotent. `onTaskEnd` is not
   * called for the death. Needs a shared registry (Redis): in memory mode there is no other process.
   * @default false
   */
  readonly resume?: boolean;
}

/** The public view of an entry. */
export function toTaskInfo(entry: TaskEntry): TaskInfo {
  return {
    id: entry.id,
    state: entry.state,
    name: entry.name,
    payload: entry.payload,
    startedAt: entry.startedAt,
    process: entry.process,
    cancelled: entry.cancelled === true,
  };
}

let counter = 0;

/** A new task id: unique per process start and counter. */
export function newTaskId(processId: string): string {
  counter += 1;
  return `${processId}.${counter.toString(36)}`;
}
