import { TaskAbortedError, type TaskAbortReason } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AppTaskLeaseHolder, AppTaskLeases, TaskRegistryMember } from '../managers/index.js';
import { type Schedule, waitForNext } from './schedule.js';
import { sleep } from './sleep.js';

/** One app-lifetime task as the runner sees it. */
export interface AppTaskSpec {
  readonly name: string;
  /** When given, `run` is called once per slot; otherwise once, for as long as the task lives. */
  readonly schedule?: Schedule;
  /** Runs the task (a scheduled one: one slot, `at` its time). It should stop when `signal` aborts. */
  run(signal: AbortSignal, at: number | undefined): Promise<void>;
}

/** Where an app task stands, as this process sees it. */
export type AppTaskState =
  /** Running on this process. */
  | 'running'
  /** Failed on this process and waits to be started again. */
  | 'restarting'
  /** Returned on this process, which keeps it (it is not started again until it moves). */
  | 'done'
  /** Held by another process, or by none yet. */
  | 'elsewhere';

/** One line of the app's task listing. */
export interface AppTaskInfo {
  readonly name: string;
  /** `every 1s`, `cron 0 * * * *`, or undefined for a task that runs as long as it lives. */
  readonly schedule: string | undefined;
  readonly state: AppTaskState;
  /** When it started on this process (ms since the epoch), while it is here. */
  readonly since: number | undefined;
  /** Slots run on this process since it started here. */
  readonly runs: number;
  /** The message of its last failure on this process. */
  readonly lastError: string | undefined;
}

/** A change in an app task's life on this process, for devtools and logs. */
export interface AppTaskEvent {
  readonly name: string;
  readonly kind: 'started' | 'stopped' | 'failed' | 'done' | 'run';
  readonly at: number;
  /** Why it stopped (`taken over`, `closed`, `reloaded`), or the failure's message. */
  readonly detail?: string;
}

/** What the runner needs from the app. */
export interface AppTaskRunnerHost {
  /** This process's task-registry member, undefined while it (re)joins. */
  member(): TaskRegistryMember | undefined;
  /** The leases of the app's state manager (or of this process alone). */
  leases(): AppTaskLeases;
  logger(): Logger;
  /** Told each {@link AppTaskEvent}. */
  report(event: AppTaskEvent): void;
}

interface Local {
  readonly spec: AppTaskSpec;
  readonly controller: AbortController;
  readonly since: number;
  state: 'running' | 'restarting' | 'done';
  runs: number;
  lastError: string | undefined;
  settled: Promise<void>;
}

/** The signal's reason for each way a runner stops a task. */
const ABORT_REASONS: Readonly<Record<string, TaskAbortReason>> = {
  closed: 'app closed',
  'taken over': 'process died',
  reloaded: 'cancelled',
};

/** The longest wait before a failed task is started again. */
const MAX_BACKOFF = 30_000;

/**
 * Runs the app's app-lifetime tasks on this process while it holds their leases: at each tick it
 * asks for every task, starts those it got, and stops (aborts) those it lost — its process was
 * declared dead, so another took them over. A task that returns is done here; one that throws is
 * started again after a backoff (1 s, doubling to 30 s); a scheduled one runs once per slot, never
 * two slots at once, and a failed slot is logged and the next one runs as usual.
 */
export class AppTaskRunner {
  readonly #host: AppTaskRunnerHost;
  #specs: readonly AppTaskSpec[] = [];
  readonly #local = new Map<string, Local>();
  #holder: AppTaskLeaseHolder | undefined;
  #ticking: Promise<void> | undefined;
  #closed = false;

  constructor(host: AppTaskRunnerHost) {
    this.#host = host;
  }

  /** The tasks, in the order declared. */
  get specs(): readonly AppTaskSpec[] {
    return this.#specs;
  }

  /**
   * Sets the tasks (the app's, or those of a hot reload): the running ones stop (`reloaded`), and
   * the next tick starts the new set, keeping the leases of names that stay.
   */
  async replace(specs: readonly AppTaskSpec[]): Promise<void> {
    const gone = this.#specs.map((spec) => spec.name).filter((name) => !specs.some((spec) => spec.name === name));
    this.#specs = specs;
    await this.#stopAll('reloaded');
    if (gone.length > 0) await this.#holder?.release(gone).catch(() => {});
  }

  /** One round: takes the leases it can and starts or stops tasks to match. Call it at every tick. */
  tick(): Promise<void> {
    this.#ticking ??= this.#round().finally(() => {
      this.#ticking = undefined;
    });
    return this.#ticking;
  }

  /** The app's tasks as this process sees them. */
  list(): AppTaskInfo[] {
    return this.#specs.map((spec) => {
      const local = this.#local.get(spec.name);
      return {
        name: spec.name,
        schedule: spec.schedule?.description,
        state: local?.state ?? 'elsewhere',
        since: local?.since,
        runs: local?.runs ?? 0,
        lastError: local?.lastError,
      };
    });
  }

  /** Aborts every task, waits for them to settle, then gives up the leases so another process takes over at once. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#ticking;
    await this.#stopAll('closed');
    await this.#holder?.release(this.#specs.map((spec) => spec.name)).catch((error: unknown) => {
      this.#host.logger().warn('Releasing the app task leases failed; other processes take over after the lease', {
        error,
      });
    });
  }

  async #round(): Promise<void> {
    if (this.#closed) return;
    const member = this.#host.member();
    if (!member || (this.#holder && this.#holder.process !== member.id)) {
      // A new membership means the old one was declared dead: what ran under it was taken over.
      this.#holder = undefined;
      await this.#stopAll('taken over');
    }
    if (!member || this.#specs.length === 0) return;
    this.#holder ??= this.#host.leases().attach(member);
    let held: readonly string[];
    try {
      held = await this.#holder.acquire(this.#specs.map((spec) => spec.name));
    } catch (error) {
      // Without an answer, keep what runs: the lease outlives a missed tick.
      this.#host.logger().warn('Taking the app task leases failed; retrying at the next tick', { error });
      return;
    }
    if (this.#closed) return;
    for (const [name, local] of this.#local) {
      if (!held.includes(name)) await this.#stop(name, local, 'taken over');
    }
    for (const spec of this.#specs) {
      if (held.includes(spec.name) && !this.#local.has(spec.name)) this.#launch(spec);
    }
  }

  #launch(spec: AppTaskSpec): void {
    const controller = new AbortController();
    const local: Local = {
      spec,
      controller,
      since: Date.now(),
      state: 'running',
      runs: 0,
      lastError: undefined,
      settled: Promise.resolve(),
    };
    this.#local.set(spec.name, local);
    this.#report(spec.name, 'started');
    local.settled = this.#run(local).catch(() => {});
  }

  async #run(local: Local): Promise<void> {
    const { spec, controller } = local;
    const signal = controller.signal;
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (spec.schedule) {
          const at = await waitForNext(spec.schedule, signal);
          local.state = 'running';
          await spec.run(signal, at);
          local.runs += 1;
          this.#report(spec.name, 'run');
          continue;
        }
        local.state = 'running';
        await spec.run(signal, undefined);
        if (signal.aborted) return;
        local.state = 'done';
        this.#report(spec.name, 'done');
        return;
      } catch (error) {
        if (signal.aborted) return;
        failures += 1;
        local.lastError = error instanceof Error ? error.message : String(error);
        this.#host.logger().error('An app task failed', { task: spec.name, error });
        this.#report(spec.name, 'failed', local.lastError);
        if (spec.schedule) continue;
        local.state = 'restarting';
        await sleep(Math.min(1_000 * 2 ** (failures - 1), MAX_BACKOFF), signal);
      }
    }
  }

  async #stop(name: string, local: Local, why: string): Promise<void> {
    this.#local.delete(name);
    local.controller.abort(new TaskAbortedError(`app task "${name}"`, ABORT_REASONS[why] ?? 'cancelled'));
    await local.settled;
    this.#report(name, 'stopped', why);
  }

  async #stopAll(why: string): Promise<void> {
    await Promise.all([...this.#local].map(([name, local]) => this.#stop(name, local, why)));
  }

  #report(name: string, kind: AppTaskEvent['kind'], detail?: string): void {
    try {
      this.#host.report({ name, kind, at: Date.now(), ...(detail === undefined ? {} : { detail }) });
    } catch (error) {
      this.#host.logger().warn('An app task listener failed', { error });
    }
  }
}
