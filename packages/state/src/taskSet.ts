import type { DefinitionInternals } from './definitionInternals.js';
import { StateError } from './errors.js';
import type { EventSpec } from './eventSpec.js';
import { lockContext } from './lockContext.js';
import { loadCurrentDoc, type StepRuntime } from './lockedStep.js';
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
  #closed = false;

  constructor(runtime: StepRuntime, app: AppHandle, report: (token: string, error: unknown, handler: string) => void) {
    this.#runtime = runtime;
    this.#app = app;
    this.#report = report;
  }

  /**
   * Starts `spec`'s task on `token` with the token's current document; resolves once it has
   * started (its async context is not the caller's: a task holds no lock it was started under).
   */
  start(token: string, internals: DefinitionInternals, spec: EventSpec): Promise<void> {
    const handler = internals.background.get(spec.name) as (...args: unknown[]) => unknown;
    return lockContext.exit(async () => {
      const doc = await loadCurrentDoc(this.#runtime, token);
      if (this.#closed) throw new StateError('APP_CLOSED', 'The app was closed; no more tasks start.');
      const task = new RunningTask(this.#runtime, this.#app, token, internals, spec.name, doc);
      this.tasks.add(task);
      task
        .start(handler, spec.payload, (error) => this.#report(token, error, task.name))
        .finally(() => this.tasks.delete(task));
    });
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
