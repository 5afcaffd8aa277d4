import type { ClientApi } from '../client/index.js';
import type { BackgroundTaskOptions, TaskEndInfo, TaskInfo } from '../scopes/index.js';
import type { EventSpec } from './eventSpec.js';
import type { AppHandle, HandlerContext } from './handlerContext.js';
import type { DeepReadonly } from './stateShape.js';

/** The first argument of a background task. */
export interface BackgroundTask<TState = Record<string, unknown>> {
  /** The token the task runs for. */
  readonly token: string;
  /** The app the task runs in. */
  readonly app: AppHandle;
  /** `state.handler`, e.g. `task.myTask`. */
  readonly name: string;
  /** This run's id, as listed in `tasks`. */
  readonly id: string;
  /** How many times this task was restarted after its process died (`resume: true`); 0 on its first run. */
  readonly resumed: number;
  /**
   * The token's running background tasks as of this task's last `modify` (or its start); it may
   * be stale. Inside `modify`, `tx.tasks` is current.
   */
  readonly tasks: readonly TaskInfo[];
  /**
   * Aborts (reason: a `TaskAbortedError`, name `'AbortError'`) when the task is cancelled, the app
   * closes, no page of the token was connected for the grace period, or the token's state expired.
   * Pass it to `sleep` and `fetch` so the task stops promptly; `modify` refuses to run once it aborted.
   */
  readonly signal: AbortSignal;
  /**
   * A read-only snapshot of the task's state as of its last `modify` (or its start); it may be
   * stale. Writing to it throws `ImmutableStateError`.
   */
  readonly state: DeepReadonly<TState>;
  /**
   * Takes the token's lock, refreshes the state from the state manager, runs `fn` on a writable
   * draft, commits and sends the changes, releases the lock and returns `fn`'s result. If `fn`
   * throws, nothing of the block is kept. A `modify` inside another `modify` of the same task throws
   * `ImmutableStateError`; concurrent `modify` calls from sibling branches take turns.
   */
  modify<TResult>(
    fn: (state: TState, tx: HandlerContext) => AsyncGenerator<unknown, TResult, unknown>,
  ): Promise<TResult>;
  /**
   * The same with an async generator block: each `yield` inside the block commits and sends an
   * intermediate update while the lock stays held.
   */
  modify<TResult>(fn: (state: TState, tx: HandlerContext) => TResult | Promise<TResult>): Promise<TResult>;
  /** Queues events on this task's token. */
  dispatch(event: EventSpec<any> | readonly EventSpec<any>[]): void;
  /**
   * Client actions and calls to every page of the token, sent at once (inside `modify`, use the
   * block's `tx.client` to send them after its commit).
   */
  readonly client: ClientApi;
}

/** A background task: an async function or an async generator whose yields are dispatched. */
export type BackgroundHandler<TState> = (task: BackgroundTask<TState>, payload: any) => unknown;

/**
 * A background task with options: `{ exclusive: 'skip', run(task, payload) { ... } }`.
 *
 * @example
 * background: {
 *   myTask: { exclusive: 'skip', async run(task) { ... } },
 * }
 */
export interface BackgroundTaskConfig<TState> extends BackgroundTaskOptions {
  /** The task itself, as a plain `background` entry would be. */
  run: BackgroundHandler<TState>;
}

/** A `background` entry: the task function, or {@link BackgroundTaskConfig} with options. */
export type BackgroundEntry<TState> = BackgroundHandler<TState> | BackgroundTaskConfig<TState>;

/**
 * Runs under the token's lock, like an event handler, each time one of the state's background
 * tasks ended (once per run): returned events are dispatched, a throw rolls back its changes.
 */
export type TaskEndHandler<TState> = (state: TState, info: TaskEndInfo, ctx: HandlerContext) => unknown;
