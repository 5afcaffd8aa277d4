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
  /** Running on this process (a scheduled task: between its slots too). */
  | 'running'
  /** Failed on this process (`lastError`) and waits to be started again. */
  | 'failed'
  /** Returned on this process, which keeps it (it is not started again until it moves). */
  | 'done'
  /** Held by another live process (`holder`). */
  | 'elsewhere'
  /** Held by no live process: before the first tick, or between its holder's death and the takeover. */
  | 'waiting'
  /** Stopped on this process for good: the app is closing or closed. */
  | 'stopped';

/** One line of the app's task listing (`app.appTasks.list()`, `/healthz`, devtools). */
export interface AppTaskInfo {
  readonly name: string;
  /** `every 1s`, `cron 0 * * * *`, or undefined for a task that runs as long as it lives. */
  readonly schedule: string | undefined;
  readonly state: AppTaskState;
  /** The process holding it (its task-registry id), when known: this process's own while it runs here. */
  readonly holder: string | undefined;
  /** When it started on this process (ms since the epoch), while it is here. */
  readonly since: number | undefined;
  /** Runs begun on this process: one per slot for a scheduled task, one per (re)start for one without. */
  readonly runs: number;
  /** Of those runs, how many threw. */
  readonly failures: number;
  /** When the latest run on this process began (ms since the epoch). */
  readonly lastRun: number | undefined;
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

/** What this process saw of a task's runs, kept while the task moves away and back. */
interface RunStats {
  runs: number;
  failures: number;
  lastRun: number | undefined;
  lastError: string | undefined;
}

interface Local {
  readonly spec: AppTaskSpec;
  readonly controller: AbortController;
  readonly since: number;
  state: 'running' | 'failed' | 'done';
  readonly stats: RunStats;
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
  readonly #stats = new Map<string, RunStats>();
  /** Who held each task at the last tick that did not get them all (name → process id). */
  #holders: ReadonlyMap<string, string> = new Map();
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
    for (const name of gone) this.#stats.delete(name);
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
    const here = this.#holder?.process;
    return this.#specs.map((spec) => {
      const local = this.#local.get(spec.name);
      const holder = local ? here : this.#holders.get(spec.name);
      const away: AppTaskState = holder !== undefined && holder !== here ? 'elsewhere' : 'waiting';
      const stats = this.#stats.get(spec.name);
      return {
        name: spec.name,
        schedule: spec.schedule?.description,
        state: local?.state ?? (this.#closed ? 'stopped' : away),
        holder: this.#closed ? undefined : holder,
        since: local?.since,
        runs: stats?.runs ?? 0,
        failures: stats?.failures ?? 0,
        lastRun: stats?.lastRun,
        lastError: stats?.lastError,
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
    if (held.length < this.#specs.length) {
      // For the listing: which process runs the others (kept as it was when the read fails).
      this.#holders = await this.#holder.holders().catch(() => this.#holders);
    }
    for (const [name, local] of this.#local) {
      if (!held.includes(name)) await this.#stop(name, local, 'taken over');
    }
    for (const spec of this.#specs) {
      if (held.includes(spec.name) && !this.#local.has(spec.name)) this.#launch(spec);
    }
  }

  #launch(spec: AppTaskSpec): void {
    const controller = new AbortController();
    let stats = this.#stats.get(spec.name);
    if (!stats) {
      stats = { runs: 0, failures: 0, lastRun: undefined, lastError: undefined };
      this.#stats.set(spec.name, stats);
    }
    const local: Local = { spec, controller, since: Date.now(), state: 'running', stats, settled: Promise.resolve() };
    this.#local.set(spec.name, local);
    this.#report(spec.name, 'started');
    local.settled = this.#run(local).catch(() => {});
  }

  async #run(local: Local): Promise<void> {
    const { spec, controller, stats } = local;
    const signal = controller.signal;
    let failures = 0;
    const begin = () => {
      local.state = 'running';
      stats.runs += 1;
      stats.lastRun = Date.now();
    };
    while (!signal.aborted) {
      try {
        if (spec.schedule) {
          const at = await waitForNext(spec.schedule, signal);
          begin();
          await spec.run(signal, at);
          this.#report(spec.name, 'run');
          continue;
        }
        begin();
        await spec.run(signal, undefined);
        if (signal.aborted) return;
        local.state = 'done';
        this.#report(spec.name, 'done');
        return;
      } catch (error) {
        if (signal.aborted) return;
        failures += 1;
        stats.failures += 1;
        stats.lastError = error instanceof Error ? error.message : String(error);
        this.#host.logger().error('An app task failed', { task: spec.name, error });
        this.#report(spec.name, 'failed', stats.lastError);
        if (spec.schedule) continue;
        local.state = 'failed';
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
