import type { ClientApi } from '../client/index.js';
import { ClientChannel } from '../client/index.js';
import type {
  AppHandle,
  BackgroundTask,
  DeepReadonly,
  DefinitionInternals,
  HandlerContext,
} from '../definition/index.js';
import { collectEventSpecs, type EventSpec } from '../definition/index.js';
import { isStateError, TaskAbortedError, type TaskAbortReason } from '../errors.js';
import type { TaskEntry, TaskInfo, TokenDoc } from '../scopes/index.js';
import type { StepRuntime } from '../step/index.js';
import { createReadonlyView, isGenerator, runLockedStep } from '../step/index.js';

/** How a task's function ended (an abort shows as `abortReason` on the task). */
export type TaskOutcome = 'done' | 'error';

/** A background task while it runs: an entry of `app.backgroundTasks`. */
export class RunningTask implements BackgroundTask<Record<string, unknown>> {
  readonly token: string;
  readonly name: string;
  readonly app: AppHandle;
  readonly state: DeepReadonly<Record<string, unknown>>;
  readonly entry: TaskEntry;
  /** When the task last saw its entry in the token's document (its start, a `modify`, a check). */
  lastSeen = Date.now();
  /** Settles once the task's entry is in the token's registry; rejects when it could not be added. */
  readonly registered: Promise<void>;
  /** Settles when the task has finished and its end was recorded (it never rejects). */
  done: Promise<void> = Promise.resolve();
  readonly #controller = new AbortController();
  readonly #internals: DefinitionInternals;
  readonly #runtime: StepRuntime;
  /** The task's state as of its last `modify` (or its start). */
  #values: Record<string, unknown>;
  /** The tab's document as of the task's last `modify` (or its start): its task registry. */
  #doc: TokenDoc | undefined;
  #abortReason: TaskAbortReason | undefined;
  /** Rejects with the abort reason once `signal` aborts. */
  readonly #aborted = new Promise<never>((_, reject) => {
    this.#controller.signal.addEventListener('abort', () => reject(this.#controller.signal.reason), { once: true });
  });

  /**
   * @param doc the tab's document with the task's entry, or undefined while `registered` adds it
   * @param registered settles with that document once the entry is stored
   */
  constructor(
    runtime: StepRuntime,
    app: AppHandle,
    token: string,
    internals: DefinitionInternals,
    entry: TaskEntry,
    values: Record<string, unknown>,
    doc: TokenDoc | undefined,
    registered: Promise<TokenDoc | undefined> = Promise.resolve(doc),
  ) {
    this.#aborted.catch(() => {});
    this.#runtime = runtime;
    this.app = app;
    this.token = token;
    this.#internals = internals;
    this.entry = entry;
    this.name = `${internals.name}.${entry.name}`;
    this.#values = values;
    this.#doc = doc;
    this.state = createReadonlyView(() => this.#values, internals.name) as DeepReadonly<Record<string, unknown>>;
    this.registered = registered.then((stored) => {
      this.#doc = stored ?? this.#doc;
    });
    this.registered.catch(() => this.abort('cancelled'));
  }

  get id(): string {
    return this.entry.id;
  }

  get resumed(): number {
    return this.entry.resumed ?? 0;
  }

  /** The epoch of the tab's document the task runs on (another one later: the token expired). */
  get epoch(): string {
    return this.#doc?.epoch ?? '';
  }

  get client(): ClientApi {
    const channel = new ClientChannel(this.#runtime.client(this.token, undefined), {
      buffered: false,
      timeout: this.#runtime.clientCallTimeout,
    });
    return channel.api;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get tasks(): readonly TaskInfo[] {
    return this.#runtime.tasks?.list(this.#doc?.tasks ?? []) ?? [];
  }

  /** Why `signal` aborted, if it did. */
  get abortReason(): TaskAbortReason | undefined {
    return this.#abortReason;
  }

  /**
   * Runs the task's function with `payload` (checked by its schema): awaits it, or iterates it
   * when it is an async generator. What it yields or returns is queued on the token, as for an
   * event handler. A failure goes to `report`, except the end of an aborted task. Resolves with
   * how it ended; never rejects.
   */
  async run(
    handler: (...args: unknown[]) => unknown,
    payload: unknown,
    report: (error: unknown) => void,
  ): Promise<TaskOutcome> {
    try {
      let result = handler(this, payload);
      if (isGenerator(result)) {
        for (;;) {
          const step = await result.next();
          if (step.done) {
            result = step.value;
            break;
          }
          this.dispatch(step.value as EventSpec);
        }
      } else {
        result = await result;
      }
      this.dispatch(result as EventSpec);
      return 'done';
    } catch (error) {
      const abortEnd =
        this.signal.aborted &&
        (error === this.signal.reason || isStateError(error, 'TASK_ABORTED') || isStateError(error, 'APP_CLOSED'));
      if (!abortEnd) report(error);
      return 'error';
    }
  }

  /** Aborts `signal` with a `TaskAbortedError` (the first reason wins). */
  abort(reason: TaskAbortReason): void {
    if (this.#abortReason !== undefined) return;
    this.#abortReason = reason;
    this.#controller.abort(new TaskAbortedError(this.name, reason));
  }

  async modify<TResult>(
    fn: (state: Record<string, unknown>, tx: HandlerContext) => TResult | Promise<TResult>,
  ): Promise<TResult> {
    if (this.signal.aborted) throw this.signal.reason;
    await Promise.race([this.registered, this.#aborted]);
    if (this.signal.aborted) throw this.signal.reason;
    const { result, values, doc } = await runLockedStep<TResult>(
      this.#runtime,
      this.token,
      {
        hold: {
          owner: this,
          nested: `task.modify() was called inside another task.modify() of the same task (${this.name}); the outer block already holds the lock, so write there.`,
        },
        own: this.#internals,
        ended: 'its modify() block has ended; write inside await task.modify((s) => { ... }) instead.',
        signal: this.signal,
      },
      (scope) => {
        // The registry is the truth: a task cancelled from another process, or one whose entry is
        // gone (its token expired, or this process was declared dead), stops before it writes.
        const entry = scope.tasks.find((e) => e.id === this.entry.id);
        if (!entry || entry.process !== this.entry.process) {
          this.abort(scope.epoch !== this.epoch ? 'token expired' : 'process died');
        } else if (entry.cancelled) {
          this.abort('cancelled');
        }
        if (this.signal.aborted) throw this.signal.reason;
        this.lastSeen = Date.now();
        return fn(scope.view(this.#internals), scope.access);
      },
    );
    this.#values = values(this.#internals) ?? this.#values;
    this.#doc = doc;
    return result;
  }

  dispatch(event: EventSpec<unknown> | readonly EventSpec<unknown>[]): void {
    const events = collectEventSpecs(event);
    if (events.length > 0) this.#runtime.enqueue(this.token, events);
  }
}
