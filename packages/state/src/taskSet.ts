import type { DispatchOptions } from './appTypes.js';
import type { DefinitionInternals } from './definitionInternals.js';
import { DraftSession } from './draftSession.js';
import { isStateError, StateError, type TaskAbortReason } from './errors.js';
import { createEventSpec, type EventSpec } from './eventSpec.js';
import type { EventTrace, Inspector } from './inspector.js';
import { lockContext } from './lockContext.js';
import { readStateValues, runLockedStep, type StepRuntime } from './lockedStep.js';
import type { Logger } from './logger.js';
import { MemoryTaskRegistry } from './memoryTaskRegistry.js';
import { checkPayload } from './payloadSchema.js';
import { RunningTask } from './runningTask.js';
import { cancelAll, decideEnd, decideStart, newEntry, type StartDecision } from './taskBook.js';
import { type TaskEndReason, type TaskEntry, type TaskInfo, toTaskInfo } from './taskEntry.js';
import type { TaskRegistry, TaskRegistryMember } from './taskRegistry.js';
import type { TokenDoc } from './tokenDoc.js';
import type { AppHandle, BackgroundTask } from './types.js';

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

const ENDED = 'the task registry step has ended.';

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
  readonly #fallback = new MemoryTaskRegistry();
  #member: TaskRegistryMember | undefined;
  #joining: Promise<TaskRegistryMember> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #ticking = false;
  #closed = false;
  #left = false;

  constructor(host: TaskSetHost) {
    this.#host = host;
  }

  /** True while starts, ends or sweeps are in flight. */
  get busy(): boolean {
    return this.#work.size > 0;
  }

  /** Joins the task registry (once; again after this process was declared dead) and starts ticking. */
  join(): Promise<TaskRegistryMember> {
    if (this.#member) return Promise.resolve(this.#member);
    if (this.#left)
      return Promise.reject(new StateError('APP_CLOSED', 'The app was closed; it left the task registry.'));
    if (!this.#joining) {
      const registry = this.#host.registry() ?? this.#fallback;
      const joining = registry.join().then((member) => {
        this.#member = member;
        this.#startTicking(member);
        return member;
      });
      joining.catch(() => {
        if (this.#joining === joining) this.#joining = undefined;
      });
      this.#joining = joining;
    }
    return this.#joining;
  }

  /** Whether the process of an entry renews its lease (unknown before joining: assumed alive). */
  isAlive(processId: string): boolean {
    if (processId === '') return false;
    const member = this.#member;
    if (!member) return true;
    return processId === member.id || member.isAlive(processId);
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
    return lockContext.exit(() => this.#track(this.#start(token, internals, spec, options, trace)));
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
      const member = this.#member;
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
        const doc = await this.#host.runtime.manager.get(token);
        if (!doc?.tasks?.some((entry) => !entry.cancelled || entry.queued)) return;
        let hit: TaskEntry[] = [];
        await runLockedStep(this.#host.runtime, token, { ended: ENDED }, (scope) => {
          const decision = cancelAll(scope.tasks);
          hit = decision.hit;
          scope.setTasks(decision.tasks);
        });
        this.cancelled(token, hit, reason);
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
    this.#left = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    const member = this.#member;
    this.#member = undefined;
    await member?.leave().catch((error: unknown) => {
      this.#host.logger().warn('Leaving the task registry failed; survivors take over after the lease', { error });
    });
  }

  async #start(
    token: string,
    internals: DefinitionInternals,
    spec: EventSpec,
    options: DispatchOptions,
    trace: EventTrace | undefined,
  ) {
    const origin = options.origin === 'client' ? 'page' : 'server';
    const label = `${internals.name}.${spec.name}`;
    this.#checkCapacity(token, label);
    const handler = internals.background.get(spec.name);
    const payload = await checkPayload(handler, spec.payload, label);
    const member = await this.join();
    this.#checkOpen();
    await member.track(token);
    const mode = internals.taskOptions.get(spec.name)?.exclusive;
    // A start from a page is skipped when the token already recorded its id, and recorded by a
    // step of its own — by id, not by position: a start bypasses the token's queue, so the page's
    // earlier events may still wait there (a recorded position would make them look like resends)
    // and its later ones may be recorded first (which must not make the start look like one). A
    // resend racing that record in the same instant could start twice, as before.
    if (options.id !== undefined && (await this.#alreadyRan(token, options))) return;
    if (options.id !== undefined) this.#record(token, options);
    if (mode === undefined) {
      // Nothing to decide: the task starts at once, without the token's lock (a start does not
      // wait for a handler holding it). Its entry is added by a step queued for the lock now; the
      // task's first modify waits for it.
      this.#checkOpen();
      this.#checkCapacity(token, label);
      const entry = newEntry(internals.name, spec.name, payload, member.id);
      const registered = runLockedStep(this.#host.runtime, token, { ended: ENDED }, (scope) => {
        scope.setTasks([...scope.tasks, entry]);
      }).then((step) => step.doc);
      await this.#launch(token, entry, undefined, registered, { trace, origin });
      return;
    }
    for (;;) {
      const step = await runLockedStep<StartDecision>(this.#host.runtime, token, { ended: ENDED }, (scope) => {
        this.#checkOpen();
        const entry = newEntry(internals.name, spec.name, payload, member.id);
        const decision = decideStart(scope.tasks, entry, mode, (id) => this.isAlive(id));
        if (decision.kind === 'decided' && decision.tasks) {
          if (decision.launch.length > 0) this.#checkCapacity(token, label);
          scope.setTasks(decision.tasks);
        }
        return decision;
      });
      const outcome = step.result;
      if (outcome.kind === 'reap') {
        // Entries of dead processes end first (onTaskEnd: 'process died'), then the start is decided.
        for (const entry of outcome.dead) await this.#end(token, entry, 'process died', entry.process);
        continue;
      }
      this.cancelled(token, outcome.cancel);
      for (const entry of outcome.launch) await this.#launch(token, entry, step.doc, undefined, { trace, origin });
      return;
    }
  }

  #record(token: string, options: DispatchOptions): void {
    const { id, session } = options;
    const work = runLockedStep(this.#host.runtime, token, { eventId: id, session, ended: ENDED }, () => {});
    this.#track(work).catch((error: unknown) =>
      this.#host.logger().warn('Recording a task start failed', { token, error }),
    );
  }

  async #alreadyRan(token: string, options: DispatchOptions): Promise<boolean> {
    const doc = await this.#host.runtime.manager.get(token);
    if (!doc) return false;
    return new DraftSession(doc, this.#host.runtime.registry, this.#host.runtime.computed).hasRun(options.id as string);
  }

  /** Runs an entry's task here; when it ends, records the end (unless it was taken elsewhere). */
  async #launch(
    token: string,
    entry: TaskEntry,
    doc: TokenDoc | undefined,
    registered?: Promise<TokenDoc | undefined>,
    started: { trace?: EventTrace; origin: 'page' | 'server' } = { origin: 'server' },
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
          if (!this.#handedOver.has(token)) void this.#member?.untrack(token).catch(() => {});
        }
      });
  }

  /**
   * Records that `entry` ended, as one locked step: its entry leaves the registry, the next waiting
   * start of the same task (if any) is promoted and runs here, and the state's `onTaskEnd` runs —
   * or, for a resumable task whose process died, it is taken over and restarted here instead.
   * Nothing happens when the entry is gone or, with `expectProcess`, moved to another process.
   */
  async #end(token: string, ended: TaskEntry, reason: TaskEndReason, expectProcess?: string): Promise<void> {
    const member = await this.join();
    const { runtime, app } = this.#host;
    let launch: TaskEntry[] = [];
    let doc: TokenDoc | undefined;
    try {
      const internals = runtime.registry.get(ended.state);
      const step = await runLockedStep(
        runtime,
        token,
        { app, returnsChain: true, own: internals, ended: `onTaskEnd of ${ended.state}.${ended.name} has finished.` },
        (scope) => {
          const resume = internals?.taskOptions.get(ended.name)?.resume === true;
          const options = { reason, resume, self: member.id, promote: !this.#closed, expectProcess };
          const decision = decideEnd(scope.tasks, ended.id, options);
          if (!decision) return undefined;
          scope.setTasks(decision.tasks);
          launch = [...decision.launch];
          const hook = internals?.onTaskEnd;
          const current = decision.ended;
          if (!internals || !hook || !current) return undefined;
          const info = { name: current.name, reason, payload: current.payload, id: current.id };
          return hook(scope.view(internals), info, { ...scope.access, app });
        },
      );
      doc = step.doc;
    } catch (error) {
      this.#host.report(token, error, `${ended.state}.onTaskEnd`);
      if (launch.length > 0) doc = await runtime.manager.get(token).catch(() => undefined);
    }
    for (const entry of launch) await this.#launch(token, entry, doc);
  }

  #startTicking(member: TaskRegistryMember): void {
    clearInterval(this.#timer);
    this.#timer = setInterval(() => void this.#tick(), member.tickInterval);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /** One tick: renew, take the cancels asked for, end the tasks of dead processes, check tokens. */
  async #tick(): Promise<void> {
    const member = this.#member;
    if (!member || this.#ticking) return;
    this.#ticking = true;
    try {
      const report = await member.tick();
      if (!report.alive) {
        // Declared dead after stalling: our tasks were ended or resumed elsewhere.
        this.#member = undefined;
        this.#joining = undefined;
        for (const task of this.#byId.values()) task.abort('process died');
        this.#host.logger().warn('This process missed its task lease and was declared dead; its tasks were aborted');
        if (!this.#closed) await this.join();
        return;
      }
      for (const { taskId } of report.cancels) this.#byId.get(taskId)?.abort('cancelled');
      for (const { processId, tokens } of report.dead) {
        for (const token of tokens) await this.#track(this.#reap(token, processId));
      }
      await this.#checkTokens();
    } catch (error) {
      this.#host.logger().warn('A task registry tick failed; retrying at the next one', { error });
    } finally {
      this.#ticking = false;
    }
  }

  /** Ends (or resumes) the tasks a dead process ran on `token`. */
  async #reap(token: string, processId: string): Promise<void> {
    const doc = await this.#host.runtime.manager.get(token);
    for (const entry of doc?.tasks ?? []) {
      if (!entry.queued && entry.process === processId) await this.#end(token, entry, 'process died', processId);
    }
  }

  /**
   * For tasks that have not written for a while: is their token's document still the one they
   * started on, with their entry? If not, the token expired (or this process was declared dead).
   */
  async #checkTokens(): Promise<void> {
    const now = Date.now();
    const due = new Map<string, RunningTask[]>();
    for (const task of this.#byId.values()) {
      if (task.signal.aborted || now - task.lastSeen < this.#host.tokenCheckInterval) continue;
      let list = due.get(task.token);
      if (!list) due.set(task.token, (list = []));
      list.push(task);
    }
    for (const [token, tasks] of due) {
      const doc = await this.#host.runtime.manager.get(token);
      for (const task of tasks) {
        task.lastSeen = now;
        const entry = doc?.tasks?.find((e) => e.id === task.id);
        if (!doc || (doc.epoch ?? '') !== task.epoch) task.abort('token expired');
        else if (!entry || entry.process !== task.entry.process) task.abort('process died');
        else if (entry.cancelled) task.abort('cancelled');
      }
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
