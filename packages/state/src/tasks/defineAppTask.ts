import type { AppHandle, HandlerContext } from '../definition/index.js';
import { StateError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ScopeRef } from '../scopes/index.js';
import { resolveSchedule, type Schedule, type ScheduleOptions } from './schedule.js';

/** What an app-lifetime task gets each time it runs. */
export interface AppTaskContext {
  /** The task's name. */
  readonly name: string;
  /**
   * Aborts when the task must stop here: the app closes, a state-module reload restarts it, or this
   * process lost the task's lease (it was declared dead after stalling). Pass it to `sleep` and
   * `fetch`.
   */
  readonly signal: AbortSignal;
  /** For a scheduled task, the time of the slot being run (ms since the epoch). */
  readonly at: number | undefined;
  /** The app: dispatch events, read snapshots. */
  readonly app: AppHandle;
  /** Where the app reports. */
  readonly logger: Logger;
  /**
   * Writes any scope's state, exactly as `app.modifyState`: `target` is a tab's token or a shared
   * document (`{ scope: 'app' }`, `{ scope: 'room', key }`, `{ scope: 'session', key }`); `fn`
   * runs under its lock with `await tx.get(TheState)`, and its changes are committed and sent.
   */
  modify<TResult>(target: string | ScopeRef, fn: (tx: HandlerContext) => TResult | Promise<TResult>): Promise<TResult>;
}

/** An app-lifetime task: declared once with `defineAppTask`, given to `createApp({ tasks })`. */
export interface AppTaskDefinition {
  readonly name: string;
  /** The resolved `every`/`cron` option; undefined for a task that runs as long as it lives. */
  readonly schedule: Schedule | undefined;
  readonly run: (task: AppTaskContext) => Promise<void> | void;
}

/**
 * Declares an app-lifetime task: work that runs with the server, not with a page — a feed that
 * polls an API and writes app-wide state, a clock, a cleanup job. It starts when the server starts,
 * runs on exactly one process of the cluster (a lease that moves when its process dies), gets a
 * signal that aborts on shutdown, and restarts when `core dev` reloads a state module. Without a
 * schedule `run` is called once and should loop until `task.signal` aborts; with `every` or `cron`
 * it is called once per slot. Names must be unique in the app.
 *
 * @example
 * export const clock = defineAppTask('clock', { every: '1s' }, (task) =>
 *   task.modify({ scope: 'app' }, async (tx) => {
 *     (await tx.get(ClockState)).ticks += 1;
 *   }),
 * );
 */
export function defineAppTask(name: string, run: AppTaskDefinition['run']): AppTaskDefinition;
export function defineAppTask(
  name: string,
  schedule: ScheduleOptions,
  run: AppTaskDefinition['run'],
): AppTaskDefinition;
export function defineAppTask(
  name: string,
  scheduleOrRun: ScheduleOptions | AppTaskDefinition['run'],
  run?: AppTaskDefinition['run'],
): AppTaskDefinition {
  const body = typeof scheduleOrRun === 'function' ? scheduleOrRun : run;
  if (typeof name !== 'string' || !/^[\w.:-]{1,100}$/.test(name) || typeof body !== 'function') {
    throw new StateError(
      'INVALID_DEFINITION',
      `defineAppTask(${JSON.stringify(name)}, ...) needs a name of 1 to 100 letters, digits, '_', '.', ':' or '-', and a function.`,
    );
  }
  const schedule = typeof scheduleOrRun === 'function' ? undefined : resolveSchedule(scheduleOrRun);
  return Object.freeze({ name, schedule, run: body });
}
