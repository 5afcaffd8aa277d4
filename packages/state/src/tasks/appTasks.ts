import type { AppHandle, HandlerContext } from '../definition/index.js';
import { StateError } from '../errors.js';
import type { Logger } from '../logger.js';
import { type AppTaskLeases, MemoryAppTaskLeases, type TaskRegistryMember } from '../managers/index.js';
import type { ScopeRef } from '../scopes/index.js';
import { type AppTaskEvent, type AppTaskInfo, AppTaskRunner, type AppTaskSpec } from './appTaskRunner.js';
import type { AppTaskDefinition } from './defineAppTask.js';

/** What the app's tasks need from the app. */
export interface AppTasksHost {
  readonly app: AppHandle;
  /** Joins the task registry (app tasks ride on this process's lease). */
  join(): Promise<TaskRegistryMember>;
  /** The member while joined. */
  member(): TaskRegistryMember | undefined;
  /** The state manager's leases, if it has them. */
  leases(): AppTaskLeases | undefined;
  logger(): Logger;
  modify<TResult>(target: string | ScopeRef, fn: (tx: HandlerContext) => TResult | Promise<TResult>): Promise<TResult>;
  /** `AppOptions.onStart`: run once at start, before the tasks. */
  readonly onStart?: (app: AppHandle) => void | Promise<void>;
}

/**
 * The app-lifetime work of an app: its `onStart`, run once when the app serves (its host resolved
 * it), then its tasks (`createApp({ tasks })`), run by an {@link AppTaskRunner} that ticks with the
 * task registry's renewal, listed for `app.appTasks`, the server's health endpoint and devtools,
 * restarted by a reload, stopped by `close`.
 */
export class AppTasks {
  readonly #host: AppTasksHost;
  readonly #runner: AppTaskRunner;
  readonly #fallback = new MemoryAppTaskLeases();
  #definitions: readonly AppTaskDefinition[];
  #timer: ReturnType<typeof setInterval> | undefined;
  /** `onStart`'s run, once started. */
  #startup: Promise<void> | undefined;
  /** The runner ticks (there were tasks once `onStart` had run). */
  #looping = false;
  #closed = false;

  constructor(definitions: readonly AppTaskDefinition[], host: AppTasksHost) {
    this.#definitions = checkNames(definitions);
    this.#host = host;
    this.#runner = new AppTaskRunner({
      member: () => host.member(),
      leases: () => host.leases() ?? this.#fallback,
      logger: () => host.logger(),
      report: (event) => this.#log(event),
    });
  }

  /** The declared tasks. */
  get definitions(): readonly AppTaskDefinition[] {
    return this.#definitions;
  }

  /**
   * Each task as this process sees it: running here, failed (waiting to start again), done, held
   * by another process, waiting for a holder, or stopped (the app closed); with its runs here.
   */
  list(): AppTaskInfo[] {
    const known = new Map(this.#runner.list().map((info) => [info.name, info]));
    return this.#definitions.map(
      (definition) =>
        known.get(definition.name) ?? {
          name: definition.name,
          schedule: definition.schedule?.description,
          state: this.#closed ? 'stopped' : 'waiting',
          holder: undefined,
          since: undefined,
          runs: 0,
          failures: 0,
          lastRun: undefined,
          lastError: undefined,
        },
    );
  }

  /**
   * Starts (once): runs `onStart`, then joins the task registry and takes the leases it can at
   * every tick. A failed `onStart` is logged and no task starts.
   */
  start(): void {
    if (!this.#startup) {
      const { onStart, app } = this.#host;
      this.#startup = Promise.resolve().then(() => onStart?.(app));
      this.#startup.catch((error: unknown) =>
        this.#host.logger().error("The app's onStart failed; its app tasks do not start", { error }),
      );
    }
    this.#startup.then(
      () => this.#loop(),
      () => {},
    );
  }

  /** Resolves once `onStart` has run (at once before `start`); rejects with what it threw. */
  started(): Promise<void> {
    return this.#startup ?? Promise.resolve();
  }

  /** Swaps in new definitions (a reload): every running task stops and the new ones start at the next tick. */
  async replace(definitions: readonly AppTaskDefinition[]): Promise<void> {
    this.#definitions = checkNames(definitions);
    if (!this.#looping) return this.start();
    await this.#runner.replace(this.#specs());
    await this.#runner.tick();
  }

  #loop(): void {
    if (this.#looping || this.#closed || this.#definitions.length === 0) return;
    this.#looping = true;
    void (async () => {
      await this.#runner.replace(this.#specs());
      const member = await this.#host.join();
      await this.#runner.tick();
      this.#timer = setInterval(() => void this.#runner.tick(), member.tickInterval);
      (this.#timer as { unref?: () => void }).unref?.();
    })().catch((error: unknown) => this.#host.logger().error('App tasks could not start', { error }));
  }

  /** Aborts every task, waits for them, and hands their leases to the other processes. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#runner.close();
  }

  #specs(): AppTaskSpec[] {
    const host = this.#host;
    return this.#definitions.map((definition) => ({
      name: definition.name,
      schedule: definition.schedule,
      run: async (signal, at) => {
        await definition.run({
          name: definition.name,
          signal,
          at,
          app: host.app,
          logger: host.logger(),
          modify: (target, fn) => host.modify(target, fn),
        });
      },
    }));
  }

  #log(event: AppTaskEvent): void {
    if (event.kind === 'run') return;
    this.#host.logger().info(`App task "${event.name}" ${event.kind}`, event.detail ? { detail: event.detail } : {});
  }
}

function checkNames(definitions: readonly AppTaskDefinition[]): readonly AppTaskDefinition[] {
  const seen = new Set<string>();
  for (const definition of definitions) {
    if (seen.has(definition.name)) {
      throw new StateError(
        'INVALID_DEFINITION',
        `Two app tasks are named "${definition.name}"; give each task of createApp({ tasks }) its own name.`,
      );
    }
    seen.add(definition.name);
  }
  return definitions;
}
