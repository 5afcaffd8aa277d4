import { applyStoredValues, type StoredValuesOutcome } from './applyStoredValues.js';
import type { AppListener, AppOptions, DispatchOptions, ErrorReport, Hydration, StateUpdate } from './appTypes.js';
import { ClientChannel } from './clientChannel.js';
import { ComputedVars } from './computedVars.js';
import type { DefinitionInternals } from './definitionInternals.js';
import type { Commit } from './draftSession.js';
import { describeFailure } from './errorReport.js';
import { ImmutableStateError, StateError } from './errors.js';
import { collectEventSpecs, type EventSpec } from './eventSpec.js';
import { isGenerator, isPromiseLike } from './handlerResult.js';
import { currentHold, lockContext } from './lockContext.js';
import { type Logger, silentLogger } from './logger.js';
import { MemoryStateManager } from './memoryStateManager.js';
import { type EventTarget, resolveEvent } from './resolveEvent.js';
import { RunningTask, type TaskHost } from './runningTask.js';
import type { StateManager } from './stateManager.js';
import { StateRegistry } from './stateRegistry.js';
import type { StorageBinding } from './storageVar.js';
import { type PublicState, type TokenDoc, toPublicState } from './tokenDoc.js';
import { TokenQueues } from './tokenQueues.js';
import { TokenTransaction } from './tokenTransaction.js';
import type { AnyStateDefinition, BackgroundTask, Transaction } from './types.js';
import { UpdateHub } from './updateHub.js';

export type {
  ActionDelivery,
  AppListener,
  AppOptions,
  ClientCallRequest,
  DispatchOptions,
  ErrorReport,
  Hydration,
  StateUpdate,
} from './appTypes.js';

interface QueuedEvent {
  readonly spec: EventSpec;
  readonly id?: string;
  readonly source?: string;
  readonly internals: DefinitionInternals;
  readonly background: boolean;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The server-side app: states, their per-token queues, background tasks and state manager.
 * Transport-agnostic — `@core/server` puts it on a socket; tests drive it directly.
 */
export class App {
  /** Background tasks running now; each is removed when it finishes. */
  readonly backgroundTasks = new Set<BackgroundTask>();
  /** Where the runtime reports failures; replaceable. */
  logger: Logger;
  /** Development mode (messages and stacks in error reports). */
  dev: boolean;
  /** Milliseconds `ctx.client.call()` waits for the page by default. */
  clientCallTimeout: number;
  readonly #registry: StateRegistry;
  readonly #computed = new ComputedVars();
  #manager: StateManager;
  #managerUsed = false;
  readonly #queues = new TokenQueues<QueuedEvent>((token, item) => this.#process(token, item));
  readonly #hub = new UpdateHub(() => this.logger);
  readonly #host: TaskHost;
  #definitions: readonly AnyStateDefinition[];
  #closed = false;

  constructor(options: AppOptions) {
    this.#definitions = options.states;
    this.#registry = new StateRegistry(options.states);
    this.#manager = options.stateManager ?? new MemoryStateManager();
    this.logger = options.logger ?? silentLogger;
    this.dev = options.dev ?? false;
    this.clientCallTimeout = options.clientCallTimeout ?? 10_000;
    this.#host = {
      app: this,
      transact: (token, owner, fn) => this.#transact(token, owner, fn),
      enqueue: (token, value) => this.#enqueueChained(token, value),
      client: (token) => this.#clientChannel(token, undefined, false).api,
    };
  }

  /** The state definitions the app serves. */
  get states(): readonly AnyStateDefinition[] {
    return this.#definitions;
  }

  /** The state manager the app stores tokens in. */
  get stateManager(): StateManager {
    return this.#manager;
  }

  /**
   * Swaps the state manager before the app has served anything (a server switching to Redis from
   * its environment). Throws once a token has been touched: state would be split across stores.
   */
  useStateManager(manager: StateManager): void {
    if (this.#managerUsed) {
      throw new StateError('INVALID_DEFINITION', 'useStateManager() must be called before the app serves any token.');
    }
    this.#manager = manager;
  }

  /**
   * Runs an event for a token. Event handlers wait their turn behind the token's other events and
   * the promise resolves when this handler has finished (not its chained events); background tasks
   * start at once and the promise resolves when started. Rejects with a `StateError`: an unknown
   * state or handler, a backend-only handler called by a page (`origin: 'client'`), or
   * `HANDLER_ERROR` when the handler threw (its changes were rolled back).
   */
  dispatch(token: string, event: EventSpec<unknown>, options: DispatchOptions = {}): Promise<void> {
    try {
      this.#checkOpen();
      const { internals, background } = resolveEvent(this.#registry, event, options.origin ?? 'server');
      if (background) return this.#startTask(token, internals, event);
      return new Promise<void>((resolve, reject) => {
        this.#queues.push(token, {
          spec: event,
          id: options.id,
          source: options.source,
          internals,
          background,
          resolve,
          reject,
        });
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Listens to one token's updates (`{ seq, patches }`, seq up by one per update) and, optionally,
   * to the failures reported to it. Returns the function that stops listening.
   */
  subscribe(
    token: string,
    listener: (update: StateUpdate) => void,
    onError?: (error: ErrorReport) => void,
  ): () => void {
    return this.#hub.subscribe(token, listener, onError);
  }

  /** Listens to every token's updates and failures. Returns the function that stops listening. */
  subscribeAll(listener: AppListener): () => void {
    return this.#hub.subscribeAll(listener);
  }

  /** The token's public state (vars and computed vars of every state, no `_` vars), a deep copy. */
  async snapshot(token: string): Promise<PublicState> {
    return toPublicState(await this.#currentDoc(token));
  }

  /** The token's public state and the `seq` of the last update it includes. */
  async hydrate(token: string): Promise<Hydration> {
    const doc = await this.#currentDoc(token);
    return { seq: doc.seq, state: toPublicState(doc) };
  }

  /**
   * Runs `fn` under the token's lock, for code outside any handler (a timer, a webhook, a job):
   * the state is refreshed, `await tx.get(TheState)` gives writable views, and on return the
   * changes are committed, stored and sent before the lock is released. If `fn` throws, nothing
   * is kept and the error propagates.
   */
  async modifyState<TResult>(token: string, fn: (tx: Transaction) => TResult | Promise<TResult>): Promise<TResult> {
    this.#checkOpen();
    const { result } = await this.#transact(token, undefined, (tx) => fn(tx));
    return result;
  }

  /**
   * Gives token `to` a copy of token `from`'s state (a duplicated browser tab starts from what the
   * original showed, then goes its own way). Running background tasks are not copied.
   */
  async copyState(from: string, to: string): Promise<void> {
    this.#checkOpen();
    const source = await this.#currentDoc(from);
    const tx = await this.#open(to);
    await tx.replace(source);
  }

  /**
   * Swaps in new definitions (a dev server's hot reload). Stored state is kept: each token is
   * reconciled the next time its lock is taken (new vars get their defaults, removed vars go).
   */
  replaceStates(states: readonly AnyStateDefinition[]): void {
    this.#registry.replace(states);
    this.#definitions = states;
  }

  /** True when `state.handler` is an upload handler (`uploadHandler(...)`): what an upload may run. */
  acceptsUpload(state: string, handler: string): boolean {
    return this.#registry.get(state)?.uploads.has(handler) ?? false;
  }

  /** Every var bound to browser storage (the page reads and writes these; sent with the hydrate). */
  get storageBindings(): readonly StorageBinding[] {
    return this.#registry.storageBindings;
  }

  /**
   * Applies values the page read from its storage (`{ 'local:theme': 'dark' }`, keys as in
   * {@link storageBindings}) in one locked step. They are untrusted: a value that is not a string
   * of the var's encoding and type, or is too long, is skipped and logged; unknown keys are ignored.
   */
  async applyStoredValues(token: string, values: Readonly<Record<string, unknown>>): Promise<StoredValuesOutcome> {
    this.#checkOpen();
    const outcome = await this.#transact(token, undefined, (_tx, view) =>
      applyStoredValues(this.#registry, values, view),
    );
    for (const rejected of outcome.result.rejected) {
      this.logger.warn('A stored value from the page was refused', { token, ...rejected });
    }
    return outcome.result;
  }

  /** Resolves once no token has queued events and no background task runs. */
  async idle(): Promise<void> {
    while (this.#queues.busy || this.backgroundTasks.size > 0) {
      await Promise.all([...[...this.backgroundTasks].map((task) => (task as RunningTask).done), this.#queues.idle()]);
    }
  }

  /**
   * Stops the app: aborts background tasks (their `signal`), refuses new events, lets the
   * running handler of each token finish, drops waiting events (their dispatch rejects with
   * `APP_CLOSED`), waits for the tasks to end and closes the state manager.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const closed = new StateError('APP_CLOSED', 'The app was closed.');
    for (const task of this.backgroundTasks) (task as RunningTask).abort(closed);
    for (const item of this.#queues.drainWaiting()) item.reject(closed);
    await this.idle();
    await this.#manager.close();
  }

  #checkOpen(): void {
    if (this.#closed) throw new StateError('APP_CLOSED', 'The app was closed; no more events are accepted.');
  }

  /** Appends chained events (returned, yielded, dispatched) behind the token's waiting events. */
  #enqueueChained(token: string, value: unknown): void {
    for (const spec of collectEventSpecs(value)) {
      if (this.#closed) return;
      let target: EventTarget;
      try {
        target = resolveEvent(this.#registry, spec, 'server');
      } catch (error) {
        this.#report(token, error, `${spec.state}.${spec.name}`);
        continue;
      }
      // Nobody awaits a chained event: its failure is reported to the token, not rethrown.
      lockContext.exit(() => this.#queues.push(token, { spec, ...target, resolve: noop, reject: noop }));
    }
  }

  async #process(token: string, item: QueuedEvent): Promise<void> {
    try {
      if (item.background) await this.#startTask(token, item.internals, item.spec);
      else await this.#runEvent(token, item.internals, item.spec, item.id, item.source);
      item.resolve();
    } catch (error) {
      item.reject(error);
    }
  }

  async #runEvent(
    token: string,
    internals: DefinitionInternals,
    spec: EventSpec,
    id?: string,
    source?: string,
  ): Promise<void> {
    const handler = internals.events.get(spec.name) as (...args: unknown[]) => unknown;
    const handlerName = `${internals.name}.${spec.name}`;
    let tx: TokenTransaction;
    try {
      tx = await this.#open(token);
    } catch (error) {
      throw this.#report(token, error, handlerName);
    }
    if (id !== undefined && tx.session.hasRun(id)) {
      // A page resent an event whose ack it lost (e.g. its process died): it ran already.
      await tx.close();
      tx.session.close('the event had already run.');
      return;
    }
    const chained: unknown[] = [];
    const client = this.#clientChannel(token, source, true);
    const ctx = {
      token,
      app: this,
      client: client.api,
      get: async (definition: AnyStateDefinition) => tx.session.view(this.#registry.require(definition)),
      dispatch: (event: unknown) => {
        chained.push(event);
      },
    };
    try {
      const result = handler(tx.session.view(internals), spec.payload, ctx);
      if (isGenerator(result)) {
        for (;;) {
          const step = await result.next();
          if (step.done) {
            chained.push(step.value);
            break;
          }
          chained.push(step.value);
          await tx.flush();
          client.flush();
          this.#enqueueChained(token, chained.splice(0));
        }
      } else {
        chained.push(isPromiseLike(result) ? await result : result);
      }
      await tx.close(id);
      client.flush();
    } catch (error) {
      client.discard();
      await tx
        .abort()
        .catch((abortError) => this.logger.error('Releasing a token lock failed', { token, error: abortError }));
      throw this.#report(token, error, handlerName);
    } finally {
      tx.session.close(
        `the handler ${handlerName} has finished, so the change would be lost; dispatch an event or use app.modifyState().`,
      );
    }
    this.#enqueueChained(token, chained);
  }

  #startTask(token: string, internals: DefinitionInternals, spec: EventSpec): Promise<void> {
    const handler = internals.background.get(spec.name) as (...args: unknown[]) => unknown;
    return lockContext.exit(async () => {
      const doc = await this.#currentDoc(token);
      this.#checkOpen();
      const task = new RunningTask(this.#host, token, internals, spec.name, doc);
      this.backgroundTasks.add(task);
      task
        .start(handler, spec.payload, (error) => this.#report(token, error, task.name))
        .finally(() => this.backgroundTasks.delete(task));
    });
  }

  async #transact<TResult>(
    token: string,
    owner: object | undefined,
    fn: (
      tx: Transaction,
      view: (internals: DefinitionInternals) => Record<string, unknown>,
    ) => TResult | Promise<TResult>,
  ): Promise<{ result: TResult; doc: TokenDoc }> {
    this.#checkOpen();
    const held = currentHold(token);
    if (held) {
      if (owner && held.owner === owner) {
        throw new ImmutableStateError('task.modify() cannot be nested inside another task.modify() of the same task.');
      }
      throw new StateError(
        'REENTRANT_LOCK',
        `The lock of token "${token}" is already held by this code path; write through the state you were given instead of taking the lock again.`,
      );
    }
    const tx = await this.#open(token);
    const chained: unknown[] = [];
    const api: Transaction = {
      token,
      get: async (definition) => tx.session.view(this.#registry.require(definition)) as never,
      dispatch: (event) => {
        chained.push(event);
      },
    };
    const hold = { token, owner, active: true };
    let result: TResult;
    try {
      result = await lockContext.run(hold, async () => {
        const value = await fn(api, (internals) => tx.session.view(internals));
        // A generator block (`async function* (s) { ...; yield; ... }`) sends an update per yield.
        if (!isGenerator(value)) return value;
        for (;;) {
          const step = await value.next();
          if (step.done) return step.value as TResult;
          await tx.flush();
        }
      });
    } catch (error) {
      hold.active = false;
      tx.session.close(ENDED_BLOCK);
      await tx
        .abort()
        .catch((abortError) => this.logger.error('Releasing a token lock failed', { token, error: abortError }));
      throw error;
    }
    hold.active = false;
    await tx.close().finally(() => tx.session.close(ENDED_BLOCK));
    this.#enqueueChained(token, chained);
    return { result, doc: tx.session.base };
  }

  #clientChannel(token: string, target: string | undefined, buffered: boolean): ClientChannel {
    return new ClientChannel(
      {
        deliver: (actions) => this.#hub.action(token, target === undefined ? { actions } : { target, actions }),
        call: (name, payload, timeout) =>
          this.#hub.callClient(
            token,
            target === undefined ? { name, payload, timeout } : { target, name, payload, timeout },
          ),
      },
      { buffered, timeout: this.clientCallTimeout },
    );
  }

  #open(token: string): Promise<TokenTransaction> {
    this.#managerUsed = true;
    return TokenTransaction.open(this.#manager, token, this.#registry, this.#computed, (t, commit, eventId) =>
      this.#send(t, commit, eventId),
    );
  }

  /** The token's document, created or reconciled under the lock when missing or outdated. */
  async #currentDoc(token: string): Promise<TokenDoc> {
    this.#managerUsed = true;
    const doc = await this.#manager.get(token);
    if (doc && doc.shape === this.#registry.shape) return doc;
    const tx = await this.#open(token);
    await tx.close();
    return tx.session.base;
  }

  #send(token: string, commit: Commit, eventId?: string): void {
    const update: StateUpdate =
      eventId === undefined
        ? { seq: commit.doc.seq, patches: commit.patches }
        : { seq: commit.doc.seq, patches: commit.patches, eventId };
    this.#hub.update(token, update);
  }

  /** Reports a failure to the token's page and the logger; returns the error to rethrow. */
  #report(token: string, error: unknown, handler: string): StateError {
    const { wrapped, report } = describeFailure(error, handler, this.dev);
    this.logger.error(wrapped.message, { token, handler, error });
    this.#hub.error(token, report);
    return wrapped;
  }
}

/**
 * Creates the server-side app from its state definitions.
 *
 * @example
 * export const app = createApp({ states: [TaskState, LoadState] });
 * await app.dispatch(token, TaskState.setMax(3));
 */
export function createApp(options: AppOptions): App {
  return new App(options);
}

const ENDED_BLOCK = 'its modify() block has ended; write inside await task.modify((s) => { ... }) instead.';

function noop(): void {}
