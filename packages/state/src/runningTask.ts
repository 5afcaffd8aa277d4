import type { DefinitionInternals } from './definitionInternals.js';
import { isStateError } from './errors.js';
import { collectEventSpecs, type EventSpec } from './eventSpec.js';
import { isGenerator } from './handlerResult.js';
import { runLockedStep, type StepRuntime } from './lockedStep.js';
import { createReadonlyView } from './stateView.js';
import type { AppHandle, BackgroundTask, DeepReadonly, Transaction } from './types.js';

/** A background task while it runs: an entry of `app.backgroundTasks`. */
export class RunningTask implements BackgroundTask<Record<string, unknown>> {
  readonly token: string;
  readonly name: string;
  readonly app: AppHandle;
  readonly state: DeepReadonly<Record<string, unknown>>;
  /** Settles when the task has finished (it never rejects; failures are reported to the token). */
  done: Promise<void> = Promise.resolve();
  readonly #controller = new AbortController();
  readonly #internals: DefinitionInternals;
  readonly #runtime: StepRuntime;
  /** The task's state as of its last `modify` (or its start). */
  #values: Record<string, unknown>;

  constructor(
    runtime: StepRuntime,
    app: AppHandle,
    token: string,
    internals: DefinitionInternals,
    handlerName: string,
    values: Record<string, unknown>,
  ) {
    this.#runtime = runtime;
    this.app = app;
    this.token = token;
    this.#internals = internals;
    this.name = `${internals.name}.${handlerName}`;
    this.#values = values;
    this.state = createReadonlyView(() => this.#values, internals.name) as DeepReadonly<Record<string, unknown>>;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /**
   * Runs the task's handler: awaits it, or iterates it when it is an async generator. What it
   * yields or returns is queued on the token, as for an event handler. A failure goes to `report`,
   * except the end of a task aborted by the app's closing. Sets `done`, which never rejects.
   */
  start(handler: (...args: unknown[]) => unknown, payload: unknown, report: (error: unknown) => void): Promise<void> {
    this.done = (async () => {
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
      } catch (error) {
        if (!(this.signal.aborted && (error === this.signal.reason || isStateError(error, 'APP_CLOSED')))) {
          report(error);
        }
      }
    })();
    return this.done;
  }

  /** Aborts `signal` (the app is closing). */
  abort(reason: unknown): void {
    this.#controller.abort(reason);
  }

  async modify<TResult>(
    fn: (state: Record<string, unknown>, tx: Transaction) => TResult | Promise<TResult>,
  ): Promise<TResult> {
    const { result, values } = await runLockedStep<TResult>(
      this.#runtime,
      this.token,
      {
        hold: {
          owner: this,
          nested: `task.modify() was called inside another task.modify() of the same task (${this.name}); the outer block already holds the lock, so write there.`,
        },
        own: this.#internals,
        ended: 'its modify() block has ended; write inside await task.modify((s) => { ... }) instead.',
      },
      (scope) => fn(scope.view(this.#internals), scope.access),
    );
    this.#values = values(this.#internals) ?? this.#values;
    return result;
  }

  dispatch(event: EventSpec<unknown> | readonly EventSpec<unknown>[]): void {
    const events = collectEventSpecs(event);
    if (events.length > 0) this.#runtime.enqueue(this.token, events);
  }
}
