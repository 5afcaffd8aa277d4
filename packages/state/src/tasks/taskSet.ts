import type { AppHandle, BackgroundTask, DefinitionInternals, DispatchOptions } from '../definition/index.js';
import { createEventSpec, type EventSpec } from '../definition/index.js';
import { isStateError, StateError, type TaskAbortReason } from '../errors.js';
import type { EventTrace, Inspector } from '../inspect/index.js';
import type { Logger } from '../logger.js';
import type { TaskRegistry, TaskRegistryMember } from '../managers/index.js';
import type { TokenDoc } from '../scopes/index.js';
import { type TaskEndReason, type TaskEntry, type TaskInfo, toTaskInfo } from '../scopes/index.js';
import type { StepRuntime } from '../step/index.js';
import { lockContext, readStateValues } from '../step/index.js';
import { checkTaskTokens } from './checkTaskTokens.js';
import { RunningTask } from './runningTask.js';
import { cancelAllStep, runTaskEndStep, type TaskEndHost } from './taskEndStep.js';
import { TaskMembership } from './taskMembership.js';
import { startTask, type TaskStartContext, type TaskStarted } from './taskStart.js';

/** What the task set needs from its app. */
export interface TaskSetHost {
  readonly runtime: StepRuntime;
  readonly app: AppHandle;
  readonly logger: () => Logger;
  /** Reports a failure to the token's page and the log. */
  report(token: string, error: unknown, handler: string): void;
  readonly maxPerToken: number;
  /** How often a task that has not written for a while checks that its token still has its entry. */
  readonly tokenCheckInterval: number;
  /** The state manager's registry, if it has one. */
  registry(): TaskRegistry | undefined;
  /** Devtools: records of each task's run. */
  readonly inspector: Inspector;
  /** Queues events a task chained, with the trace of the task that chained them. */
  chain(token: string, events: readonly EventSpec[], from: EventTrace): void;
}

/**
 * The background tasks of an app and their lifecycle. Each start and each end is a locked step
 * (`runLockedStep`) that changes the token's task registry (`TokenDoc.tasks`) under the token's
 * lock, so exclusivity, `ctx.tasks` and `ctx.cancel` hold across processes; the registry member
 * (`TaskRegistry`) says which processes are alive, carries cancels between processes and hands
 * the tasks of a dead process to one survivor, which ends (`onTaskEnd`) or resumes them.
 */
export class TaskSet {
  /** The tasks running on this process (`app.backgroundTasks`). */
  readonly tasks = new Set<BackgroundTask>();
  readonly #host: TaskSetHost;
  readonly #byId = new Map<string, RunningTask>();
  /** Cancels that reached a task of this process before it was running. */
  readonly #pendingAborts = new Map<string, TaskAbortReason>();
  readonly #perToken = new Map<string, number>();
  /** Tokens whose tasks were left for another process (a graceful stop): they stay tracked. */
  readonly #handedOver = new Set<string>();
  readonly #work = new Set<Promise<unknown>>();
  readonly #membership: TaskMembership;
  readonly #endHost: TaskEndHost;
  readonly #startContext: TaskStartContext;
  #closed = false;

  constructor(host: TaskSetHost) {
    this.#host = host;
    this.#membership = new TaskMembership({
      registry: () => host.registry(),
      logger: () => host.logger(),
      closed: () => this.#closed,
      declaredDead: () => {
        for (const task of this.#byId.values()) task.abort('process died');
      },
      cancel: (taskId) => this.#byId.get(taskId)?.abort('cancelled'),
      reap: (token, processId) => this.#track(this.#reap(token, processId)),
      checkTokens: () => checkTaskTokens(this.#byId.values(), host.runtime, host.tokenCheckInterval),
    });
    this.#endHost = {
      runtime: host.runtime,
      report: (token, error, handler) => host.report(token, error, handler),
      closed: () => this.#closed,
    };
    this.#startContext = {
      runtime: host.runtime,
      logger: () => host.logger(),
      join: () => this.join(),
      isAlive: (processId) => this.isAlive(processId),
      checkOpen: () => this.#checkOpen(),
      checkCapacity: (token, label) => this.#checkCapacity(token, label),
      launch: (token, entry, doc, registered, started) => this.#launch(token, entry, doc, registered, started),
      end: (token, entry, reason, expectProcess) => this.#end(token, entry, reason, expectProcess),
      cancelled: (token, entries) => this.cancelled(token, entries),
      track: (work) => this.#track(work),
    };
  }

  /** True while starts, ends or sweeps are in flight. */
  get busy(): boolean {
    return this.#work.size > 0;
  }

  /** Joins the task registry (once; again after this process was declared dead) and starts ticking. */
  join(): Promise<TaskRegistryMember> {
    return this.#membership.join();
  }

  /** Whether the process of an entry renews its lease (unknown before joining: assumed alive). */
  isAlive(processId: string): boolean {
    return this.#membership.isAlive(processId);
  }

  /** What `ctx.tasks` lists: running entries whose process is alive. */
  list(entries: readonly TaskEntry[]): TaskInfo[] {
    const listed: TaskInfo[] = [];
    for (const entry of entries) if (!entry.queued && this.isAlive(entry.process)) listed.push(toTaskInfo(entry));
    return listed;
  }

  /**
   * Starts `spec`'s task on `token`, or skips or queues it (its `exclusive` mode); resolves once
   * decided. Its async context is not the caller's: a task holds no lock it was started under. A
   * start from a page (`options.id`) is recorded like an event, so a resend starts nothing. Beyond
   * `maxTasksPerToken` tasks running here it rejects with `TOO_MANY_TASKS`.
   */
  start(
    token: string,
    internals: DefinitionInternals,
    spec: EventSpec,
    options: DispatchOptions = {},
    trace?: EventTrace,
  ): Promise<void> {
    return lockContext.exit(() => this.#track(startTask(this.#startContext, token, internals, spec, options, trace)));
  }

  /**
   * After a step cancelled `entries` (`ctx.cancel`, a restart, the grace period): aborts those
   * running here, asks the processes of the others.
   */
  cancelled(token: string, entries: readonly TaskEntry[], reason: TaskAbortReason = 'cancelled'): void {
    for (const entry of entries) {
      if (entry.queued) continue;
      const local = this.#byId.get(entry.id);
      if (local) {
        local.abort(reason);
        continue;
      }
      const member = this.#membership.member;
      if (member && entry.process === member.id) {
        // Being launched here (its state is being read): aborted as soon as it exists.
        this.#pendingAborts.set(entry.id, reason);
        continue;
      }
      if (!member || !this.isAlive(entry.process)) continue;
      this.#track(
        member.requestCancel(entry.process, token, entry.id).catch((error: unknown) => {
          this.#host.logger().warn('Asking another process to cancel a task failed', { token, error });
        }),
      );
    }
  }

  /** Cancels every task of `token` (no page was connected for the grace period). */
  cancelToken(token: string, reason: TaskAbortReason): Promise<void> {
    return this.#track(
      (async () => {
        // Tasks running here stop at once (a modify waiting for the lock rejects now); the
        // registry is marked under the lock for those of other processes.
        for (const task of this.#byId.values()) if (task.token === token) task.abort(reason);
        this.cancelled(token, await cancelAllStep(this.#host.runtime, token), reason);
      })(),
    );
  }

  /**
   * Copying a token (a duplicated tab): the copy gets no tasks. Its copied entries end with reason
   * `cancelled`, so `onTaskEnd` clears what they stood for (a `running` var) in the copy.
   */
  async endCopied(token: string, entries: readonly TaskEntry[]): Promise<void> {
    for (const entry of entries) if (!entry.queued) await this.#end(token, entry, 'cancelled');
  }

  /** Refuses new tasks and aborts every running task's `signal` (reason `app closed`). */
  abortAll(): void {
    this.#closed = true;
    for (const task of this.#byId.values()) task.abort('app closed');
  }

  /** Resolves when the tasks running now, and the starts and ends in flight, have finished. */
  async settled(): Promise<void> {
    await Promise.all([...[...this.tasks].map((task) => (task as RunningTask).done), ...this.#work]);
  }

  /** Stops ticking and leaves the registry (after `abortAll` and `settled`). */
  async leave(): Promise<void> {
    await this.#membership.leave();
  }

  /** Runs an entry's task here; when it ends, records the end (unless it was taken elsewhere). */
  async #launch(
    token: string,
    entry: TaskEntry,
    doc: TokenDoc | undefined,
    registered?: Promise<TokenDoc | undefined>,
    started: TaskStarted = { origin: 'server' },
  ): Promise<void> {
    const { runtime, app } = this.#host;
    const internals = runtime.registry.get(entry.state);
    const handler = internals?.background.get(entry.name);
    if (!internals || !handler) {
      // The state or task is gone (a hot reload): the entry ends at once.
      await registered?.catch(() => {});
      this.#track(this.#end(token, entry, 'error', entry.process));
      return;
    }
    const values = await readStateValues(runtime, token, internals).catch(() => ({}));
    const { trace, origin } = started;
    const spec = createEventSpec(entry.state, entry.name, entry.payload);
    const inspection =
      trace || this.#host.inspector.wants(token)
        ? this.#host.inspector.runTask(token, spec, trace, origin, runtime, (events, from) =>
            this.#host.chain(token, events, from),
          )
        : undefined;
    const task = new RunningTask(inspection?.runtime ?? runtime, app, token, internals, entry, values, doc, registered);
    this.tasks.add(task);
    this.#byId.set(entry.id, task);
    const pending = this.#pendingAborts.get(entry.id);
    if (pending) {
      this.#pendingAborts.delete(entry.id);
      task.abort(pending);
    }
    this.#perToken.set(token, (this.#perToken.get(token) ?? 0) + 1);
    task.registered.catch((error: unknown) => {
      if (!isStateError(error, 'TASK_ABORTED')) this.#host.report(token, error, task.name);
    });
    const resumable = internals.taskOptions.get(entry.name)?.resume === true;
    task.done = lockContext
      .exit(async () => {
        let failure: unknown;
        const outcome = await task.run(handler, entry.payload, (error) => {
          failure = error;
          this.#host.report(token, error, task.name);
        });
        inspection?.end(failure);
        await task.registered.catch(() => {});
        const why = task.abortReason;
        // Ended elsewhere already: its token expired, or this process was declared dead.
        if (why === 'process died' || why === 'token expired') return;
        if (why === 'app closed' && resumable && this.#host.registry()?.shared) {
          this.#handedOver.add(token); // a survivor resumes it
          return;
        }
        await this.#end(token, entry, why ? 'cancelled' : outcome, entry.process);
      })
      .finally(() => {
        this.tasks.delete(task);
        this.#byId.delete(entry.id);
        const left = (this.#perToken.get(token) ?? 1) - 1;
        if (left > 0) this.#perToken.set(token, left);
        else {
          this.#perToken.delete(token);
          if (!this.#handedOver.has(token)) void this.#membership.member?.untrack(token).catch(() => {});
        }
      });
  }

  /** Records that `entry` ended (`runTaskEndStep`), then runs here the waiting starts it promoted. */
  async #end(token: string, ended: TaskEntry, reason: TaskEndReason, expectProcess?: string): Promise<void> {
    const member = await this.join();
    const { launch, doc } = await runTaskEndStep(this.#endHost, member.id, token, ended, reason, expectProcess);
    for (const entry of launch) await this.#launch(token, entry, doc);
  }

  /** Ends (or resumes) the tasks a dead process ran on `token`. */
  async #reap(token: string, processId: string): Promise<void> {
    const doc = await this.#host.runtime.manager.get(token);
    for (const entry of doc?.tasks ?? []) {
      if (!entry.queued && entry.process === processId) await this.#end(token, entry, 'process died', processId);
    }
  }

  #checkCapacity(token: string, name: string): void {
    if ((this.#perToken.get(token) ?? 0) < this.#host.maxPerToken) return;
    throw new StateError(
      'TOO_MANY_TASKS',
      `Cannot start ${name}: this tab already runs ${this.#host.maxPerToken} background tasks; wait for some to end (or raise maxTasksPerToken).`,
    );
  }

  #checkOpen(): void {
    if (this.#closed) throw new StateError('APP_CLOSED', 'The app was closed; no more tasks start.');
  }

  #track<T>(work: Promise<T>): Promise<T> {
    this.#work.add(work);
    const forget = () => this.#work.delete(work);
    work.then(forget, forget);
    return work;
  }
}
