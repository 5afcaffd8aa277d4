import type { App } from './app.js';
import type { ClientApi } from './clientAction.js';
import type { DefinitionInternals } from './definitionInternals.js';
import { ImmutableStateError, isStateError } from './errors.js';
import type { EventSpec } from './eventSpec.js';
import { isGenerator } from './handlerResult.js';
import { currentHold } from './lockContext.js';
import { createReadonlyView } from './stateView.js';
import type { TokenDoc } from './tokenDoc.js';
import type { BackgroundTask, DeepReadonly, Transaction } from './types.js';

/** What a running task needs from its app. */
export interface TaskHost {
  readonly app: App;
  /** Runs `fn` under the token's lock on behalf of `owner`; returns the committed document too. */
  transact<TResult>(
    token: string,
    owner: object,
    fn: (
      tx: Transaction,
      view: (internals: DefinitionInternals) => Record<string, unknown>,
    ) => TResult | Promise<TResult>,
  ): Promise<{ result: TResult; doc: TokenDoc }>;
  /** Queues the event specs in `value` (one, a list, or none) on a token. */
  enqueue(token: string, value: unknown): void;
  /** Client actions to every page of the token, sent at once. */
  client(token: string): ClientApi;
}

/** A background task while it runs: an entry of `app.backgroundTasks`. */
export class RunningTask implements BackgroundTask<Record<string, unknown>> {
  readonly token: string;
  readonly name: string;
  readonly state: DeepReadonly<Record<string, unknown>>;
  /** Settles when the task has finished (it never rejects; failures are reported to the token). */
  done: Promise<void> = Promise.resolve();
  readonly #controller = new AbortController();
  readonly #internals: DefinitionInternals;
  readonly #host: TaskHost;
  #doc: TokenDoc;

  constructor(host: TaskHost, token: string, internals: DefinitionInternals, handlerName: string, doc: TokenDoc) {
    this.#host = host;
    this.token = token;
    this.#internals = internals;
    this.name = `${internals.name}.${handlerName}`;
    this.#doc = doc;
    this.state = createReadonlyView(() => this.#doc.states[internals.name] ?? {}, internals.name) as DeepReadonly<
      Record<string, unknown>
    >;
  }

  get app(): App {
    return this.#host.app;
  }

  get client(): ClientApi {
    return this.#host.client(this.token);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /**
   * Runs the task's handler: awaits it, or iterates it when it is an async generator and queues
   * what it yields. A failure goes to `report`, except the end of a task aborted by the app's
   * closing. Sets `done`, which settles when the task has finished and never rejects.
   */
  start(handler: (...args: unknown[]) => unknown, payload: unknown, report: (error: unknown) => void): Promise<void> {
    this.done = (async () => {
      try {
        const result = handler(this, payload);
        if (isGenerator(result)) {
          for (;;) {
            const step = await result.next();
            if (step.done) break;
            this.#host.enqueue(this.token, step.value);
          }
        } else {
          await result;
        }
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
    if (currentHold(this.token)?.owner === this) {
      throw new ImmutableStateError(
        `task.modify() was called inside another task.modify() of the same task (${this.name}); the outer block already holds the lock, so write there.`,
      );
    }
    const { result, doc } = await this.#host.transact(this.token, this, (tx, view) => fn(view(this.#internals), tx));
    this.#doc = doc;
    return result;
  }

  dispatch(event: EventSpec<unknown> | readonly EventSpec<unknown>[]): void {
    this.#host.enqueue(this.token, event);
  }
}
