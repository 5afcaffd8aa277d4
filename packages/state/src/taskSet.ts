import type { DispatchOptions } from './appTypes.js';
import type { DefinitionInternals } from './definitionInternals.js';
import { DraftSession } from './draftSession.js';
import { StateError } from './errors.js';
import type { EventSpec } from './eventSpec.js';
import type { EventTrace, Inspector } from './inspector.js';
import { lockContext } from './lockContext.js';
import { readStateValues, runLockedStep, type StepRuntime } from './lockedStep.js';
import { checkPayload } from './payloadSchema.js';
import { RunningTask } from './runningTask.js';
import type { AppHandle, BackgroundTask } from './types.js';

/**
 * The background tasks an app runs: starts each (at once, several of one kind allowed), keeps it
 * in `tasks` while it runs, aborts them all when the app closes.
 */
export class TaskSet {
  /** The running tasks (`app.backgroundTasks`). */
  readonly tasks = new Set<BackgroundTask>();
  readonly #runtime: StepRuntime;
  readonly #app: AppHandle;
  readonly #report: (token: string, error: unknown, handler: string) => void;
  readonly #maxPerToken: number;
  readonly #perToken = new Map<string, number>();
  readonly #inspector: Inspector;
  readonly #chain: (token: string, events: readonly EventSpec[], from: EventTrace) => void;
  #closed = false;

  constructor(
    runtime: StepRuntime,
    app: AppHandle,
    report: (token: string, error: unknown, handler: string) => void,
    maxPerToken: number,
    inspector: Inspector,
    chain: (token: string, events: readonly EventSpec[], from: EventTrace) => void,
  ) {
    this.#inspector = inspector;
    this.#chain = chain;
    this.#runtime = runtime;
    this.#app = app;
    this.#report = report;
    this.#maxPerToken = maxPerToken;
  }

  /**
   * Starts `spec`'s task on `token` with the token's current document; resolves once it has
   * started (its async context is not the caller's: a task holds no lock it was started under).
   * A start from a page (`options.id`) is recorded like an event, so a resend starts nothing.
   * Beyond `maxTasksPerToken` running tasks it rejects with `TOO_MANY_TASKS`. `trace`: the
   * inspected queued event that starts it.
   */
  start(
    token: string,
    internals: DefinitionInternals,
    spec: EventSpec,
    options: DispatchOptions = {},
    trace?: EventTrace,
  ): Promise<void> {
    const handler = internals.background.get(spec.name) as (...args: unknown[]) => unknown;
    return lockContext.exit(async () => {
      const name = `${internals.name}.${spec.name}`;
      this.#checkCapacity(token, name);
      const payload = await checkPayload(handler, spec.payload, name);
      // A task starts at once, without the token's lock. A start from a page is skipped when the
      // token already recorded its id, and recorded right after (a resend racing that record in the
      // same instant could start it twice).
      if (options.id !== undefined && (await this.#alreadyRan(token, options))) return;
      const values = await readStateValues(this.#runtime, token, internals);
      if (this.#closed) throw new StateError('APP_CLOSED', 'The app was closed; no more tasks start.');
      this.#checkCapacity(token, name);
      const inspection =
        trace || this.#inspector.wants(token)
          ? this.#inspector.runTask(
              token,
              spec,
              trace,
              options.origin === 'client' ? 'page' : 'server',
              this.#runtime,
              (events, from) => this.#chain(token, events, from),
            )
          : undefined;
      const task = new RunningTask(
        inspection?.runtime ?? this.#runtime,
        this.#app,
        token,
        internals,
        spec.name,
        values,
      );
      this.tasks.add(task);
      this.#perToken.set(token, (this.#perToken.get(token) ?? 0) + 1);
      if (options.id !== undefined) this.#record(token, options);
      let failure: unknown;
      task
        .start(handler, payload, (error) => {
          failure = error;
          this.#report(token, error, task.name);
        })
        .finally(() => {
          inspection?.end(failure);
          this.tasks.delete(task);
          const left = (this.#perToken.get(token) ?? 1) - 1;
          if (left > 0) this.#perToken.set(token, left);
          else this.#perToken.delete(token);
        });
    });
  }

  async #alreadyRan(token: string, options: DispatchOptions): Promise<boolean> {
    const doc = await this.#runtime.manager.get(token);
    if (!doc) return false;
    return new DraftSession(doc, this.#runtime.registry, this.#runtime.computed).hasRun(
      options.id as string,
      options.order,
    );
  }

  #record(token: string, options: DispatchOptions): void {
    const { id, order, session } = options;
    runLockedStep(
      this.#runtime,
      token,
      { eventId: id, order, session, ended: 'the task start was recorded.' },
      () => {},
    ).catch((error: unknown) => this.#runtime.logger.warn('Recording a task start failed', { token, error }));
  }

  #checkCapacity(token: string, name: string): void {
    if ((this.#perToken.get(token) ?? 0) < this.#maxPerToken) return;
    throw new StateError(
      'TOO_MANY_TASKS',
      `Cannot start ${name}: this tab already runs ${this.#maxPerToken} background tasks; wait for some to end (or raise maxTasksPerToken).`,
    );
  }

  /** Refuses new tasks and aborts every running task's `signal` with `reason`. */
  abortAll(reason: unknown): void {
    this.#closed = true;
    for (const task of this.tasks) (task as RunningTask).abort(reason);
  }

  /** Resolves when the tasks running now have finished. */
  async settled(): Promise<void> {
    await Promise.all([...this.tasks].map((task) => (task as RunningTask).done));
  }
}
