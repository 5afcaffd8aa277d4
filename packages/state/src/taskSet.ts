import type { DispatchOptions } from './appTypes.js';
import type { DefinitionInternals } from './definitionInternals.js';
import { StateError } from './errors.js';
import type { EventSpec } from './eventSpec.js';
import { lockContext } from './lockContext.js';
import { loadCurrentDoc, runLockedStep, type StepRuntime } from './lockedStep.js';
import { checkPayload } from './payloadSchema.js';
import { RunningTask } from './runningTask.js';
import type { TokenDoc } from './tokenDoc.js';
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
  #closed = false;

  constructor(
    runtime: StepRuntime,
    app: AppHandle,
    report: (token: string, error: unknown, handler: string) => void,
    maxPerToken: number,
  ) {
    this.#runtime = runtime;
    this.#app = app;
    this.#report = report;
    this.#maxPerToken = maxPerToken;
  }

  /**
   * Starts `spec`'s task on `token` with the token's current document; resolves once it has
   * started (its async context is not the caller's: a task holds no lock it was started under).
   * A start from a page (`options.id`) is recorded like an event, so a resend starts nothing.
   * Beyond `maxTasksPerToken` running tasks it rejects with `TOO_MANY_TASKS`.
   */
  start(token: string, internals: DefinitionInternals, spec: EventSpec, options: DispatchOptions = {}): Promise<void> {
    const handler = internals.background.get(spec.name) as (...args: unknown[]) => unknown;
    return lockContext.exit(async () => {
      const name = `${internals.name}.${spec.name}`;
      this.#checkCapacity(token, name);
      const payload = await checkPayload(handler, spec.payload, name);
      let doc: TokenDoc;
      if (options.id === undefined) {
        doc = await loadCurrentDoc(this.#runtime, token);
      } else {
        const step = await runLockedStep(
          this.#runtime,
          token,
          { eventId: options.id, order: options.order, ended: 'the task had not started yet.' },
          () => undefined,
        );
        if (step.skipped) return;
        doc = step.doc;
      }
      if (this.#closed) throw new StateError('APP_CLOSED', 'The app was closed; no more tasks start.');
      this.#checkCapacity(token, name);
      const task = new RunningTask(this.#runtime, this.#app, token, internals, spec.name, doc);
      this.tasks.add(task);
      this.#perToken.set(token, (this.#perToken.get(token) ?? 0) + 1);
      task
        .start(handler, payload, (error) => this.#report(token, error, task.name))
        .finally(() => {
          this.tasks.delete(task);
          const left = (this.#perToken.get(token) ?? 1) - 1;
          if (left > 0) this.#perToken.set(token, left);
          else this.#perToken.delete(token);
        });
    });
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
