/**
 * The locked step: the one path by which a token's state changes. Event handlers, `task.modify`,
 * `app.modifyState` and the app's own upkeep (creating, reconciling, copying a token) all run
 * through {@link runLockedStep}; callers pass only what differs.
 *
 * Order of operations:
 * 1. Refuse re-entry: a `modify`/`modifyState` whose async context already holds the token's lock
 *    would wait for itself (a nested `modify` of the same task is an `ImmutableStateError`).
 * 2. Take the token's lock from the state manager; the lease carries the stored document.
 * 3. Reconcile the document with the app's states (a new token, a hot reload, a deploy). From here
 *    on, any failure releases the lease.
 * 4. For a page's event, skip it if its id already ran (a resend after a lost ack).
 * 5. Run the body with its views: stable proxies onto one immer draft. Drive what it returns — a
 *    value, a promise, a generator or an async generator.
 * 6. On each `yield`: commit the draft, store it (the lock stays held), send the update, then
 *    queue the events yielded so far. A yield means the same in every caller.
 * 7. At the end: commit, store and release in one call, then send; the last update carries the
 *    page's event id. The body's return value is the chain (event handlers) or the result (blocks).
 *    If anything threw from step 3 on: drop the uncommitted draft, store what earlier yields
 *    committed, release, rethrow.
 * 8. Close the views (a view kept past its step reads committed values and refuses writes), then
 *    queue the chained events behind the token's waiting ones.
 *
 * Updates are sent only after the store accepted them, so a fenced write never reaches a page.
 */
import type { StateUpdate } from './appTypes.js';
import type { ComputedVars } from './computedVars.js';
import type { DefinitionInternals } from './definitionInternals.js';
import { type Commit, createEmptyDoc, DraftSession } from './draftSession.js';
import { ImmutableStateError, StateError } from './errors.js';
import { collectEventSpecs, type EventSpec } from './eventSpec.js';
import { isGenerator, isPromiseLike } from './handlerResult.js';
import { currentHold, type LockHold, lockContext } from './lockContext.js';
import type { Logger } from './logger.js';
import type { StateLease, StateManager } from './stateManager.js';
import type { StateRegistry } from './stateRegistry.js';
import { type EventOrder, newEpoch, type TokenDoc } from './tokenDoc.js';
import type { AppHandle, Transaction } from './types.js';

/** What the runner needs from its app. */
export interface StepRuntime {
  readonly manager: StateManager;
  readonly registry: StateRegistry;
  readonly computed: ComputedVars;
  readonly logger: Logger;
  /** Delivers one update of `token` (of the document with this epoch) to its listeners. */
  send(token: string, update: StateUpdate, epoch: string): void;
  /** Queues chained events on `token`, behind its waiting events. */
  enqueue(token: string, events: readonly EventSpec[]): void;
}

/** How one caller's step differs from the others. */
export interface StepOptions {
  /** A page's event id: skipped when it already ran, recorded with the commit, carried by the last update. */
  readonly eventId?: string;
  /** The event's position among its source's (see `DispatchOptions.order`). */
  readonly order?: EventOrder;
  /**
   * For `modify` / `modifyState`: the async context holds the lock while the body runs, so a
   * nested call fails at once instead of waiting for itself. `owner` is the task whose `modify` it is.
   */
  readonly hold?: { readonly owner: object | undefined; readonly nested: string };
  /** The body's return value is a chain of events (an event handler), not a result. */
  readonly returnsChain?: boolean;
  /** Why a write through a view fails once the step has ended. */
  readonly ended: string;
  /** Added to the access object as `app` (an event handler's `ctx.app`). */
  readonly app?: AppHandle;
}

/** What the body of a step gets. */
export interface StepScope {
  /** `token`, `get`, `dispatch` (and `app` when given): what handlers and blocks are given as `ctx`/`tx`. */
  readonly access: Transaction & { readonly app?: AppHandle };
  /** The writable view of one state for this step. */
  view(internals: DefinitionInternals): Record<string, unknown>;
  /** Stores `doc` as the token's whole document (copying a token); the body's draft is dropped. */
  replaceDocument(doc: TokenDoc): void;
}

/** What a step produced. */
export interface StepOutcome<TResult> {
  /** The body's result (undefined for a chain or a skipped event). */
  readonly result: TResult;
  /** The last committed document. */
  readonly doc: TokenDoc;
  /** True when the page's event had already run and the body was not called. */
  readonly skipped: boolean;
}

/** Runs `body` as one locked step of `token` (see the order of operations above). */
export async function runLockedStep<TResult>(
  runtime: StepRuntime,
  token: string,
  options: StepOptions,
  body: (scope: StepScope) => unknown,
): Promise<StepOutcome<TResult>> {
  let hold: LockHold | undefined;
  if (options.hold) {
    const held = currentHold(token);
    if (held && options.hold.owner && held.owner === options.hold.owner) {
      throw new ImmutableStateError(options.hold.nested);
    }
    if (held) {
      throw new StateError(
        'REENTRANT_LOCK',
        `The lock of token "${token}" is already held by this code path; write through the state you were given instead of taking the lock again.`,
      );
    }
    hold = { token, owner: options.hold.owner, active: true };
  }
  const step = new LockedStep(runtime, await runtime.manager.lock(token));
  const chained: EventSpec[] = [];
  let result: unknown;
  try {
    step.reconcile();
    if (options.eventId !== undefined && step.session.hasRun(options.eventId, options.order)) {
      await step.finish();
      return { result: undefined as TResult, doc: step.session.base, skipped: true };
    }
    const scope = step.scope(chained, options.app);
    const returnsChain = options.returnsChain === true;
    if (hold) {
      result = await lockContext.run(hold, () => drive(body(scope), step, chained, returnsChain));
      hold.active = false;
    } else {
      // The common event: a plain synchronous handler costs no extra promise.
      const value = body(scope);
      result =
        isPromiseLike(value) || isGenerator(value)
          ? await drive(value, step, chained, returnsChain)
          : settle(value, chained, returnsChain);
    }
    await step.finish(options.eventId, options.order);
  } catch (error) {
    if (hold) hold.active = false;
    await step.abort().catch((abortError) => {
      runtime.logger.error('Releasing a token lock failed', { token, error: abortError });
    });
    throw error;
  } finally {
    step.session.close(options.ended);
  }
  runtime.enqueue(token, chained);
  return { result: result as TResult, doc: step.session.base, skipped: false };
}

/**
 * The token's document: created, or reconciled when outdated, under the lock. With `preview`, a
 * token with no stored document gets its defaults (epoch `''`) and nothing is stored — a page that
 * only connects costs no write; its first event creates the document.
 */
export async function loadCurrentDoc(runtime: StepRuntime, token: string, preview = false): Promise<TokenDoc> {
  const doc = await runtime.manager.get(token);
  if (doc && doc.shape === runtime.registry.shape) return doc;
  if (!doc && preview) {
    const preview = new DraftSession(createEmptyDoc(''), runtime.registry, runtime.computed);
    preview.reconcile(true);
    return preview.base;
  }
  return (await runLockedStep(runtime, token, { ended: 'the document was only being read.' }, () => undefined)).doc;
}

/** Drives the body's value to its end, committing and sending at each `yield`. */
async function drive(value: unknown, step: LockedStep, chained: EventSpec[], returnsChain: boolean): Promise<unknown> {
  let settled = isPromiseLike(value) ? await value : value;
  if (isGenerator(settled)) {
    for (;;) {
      const next = await settled.next();
      if (next.done) {
        settled = next.value;
        break;
      }
      collectEventSpecs(next.value, chained);
      await step.flush();
      step.enqueue(chained.splice(0));
    }
  }
  return settle(settled, chained, returnsChain);
}

/** The body's final value: the result, or (for a handler) the chain, queued after the commit. */
function settle(value: unknown, chained: EventSpec[], returnsChain: boolean): unknown {
  if (!returnsChain) return value;
  collectEventSpecs(value, chained);
  return undefined;
}

/**
 * One hold of a token's lock: the lease, the draft session on the loaded document, and the
 * commits stored but not yet sent.
 */
class LockedStep {
  readonly session: DraftSession;
  readonly #runtime: StepRuntime;
  readonly #lease: StateLease;
  #pending: Commit[] = [];
  #unsaved: TokenDoc | undefined;
  #done = false;

  constructor(runtime: StepRuntime, lease: StateLease) {
    this.#runtime = runtime;
    this.#lease = lease;
    this.session = new DraftSession(lease.doc ?? createEmptyDoc(), runtime.registry, runtime.computed);
  }

  /** Brings the loaded document up to the app's states; a new token is stored on release. */
  reconcile(): void {
    this.#record(this.session.reconcile(this.#lease.doc === undefined));
    if (!this.#lease.doc) this.#unsaved = this.session.base;
  }

  /** The access object and views for the body. */
  scope(chained: EventSpec[], app: AppHandle | undefined): StepScope {
    const { registry } = this.#runtime;
    const session = this.session;
    const access: StepScope['access'] = {
      token: this.#lease.token,
      get: async (definition) => session.view(registry.require(definition)) as never,
      dispatch: (event) => {
        collectEventSpecs(event, chained);
      },
    };
    if (app) (access as { app?: AppHandle }).app = app;
    return {
      access,
      view: (internals) => session.view(internals),
      replaceDocument: (doc) => {
        session.discard();
        this.#pending = [];
        this.#unsaved = { ...doc, epoch: newEpoch() };
      },
    };
  }

  /** Queues chained events on the token. */
  enqueue(events: readonly EventSpec[]): void {
    if (events.length > 0) this.#runtime.enqueue(this.#lease.token, events);
  }

  /** Commits the draft, stores the result and sends it, keeping the lock (a `yield`). */
  async flush(): Promise<void> {
    this.#record(this.session.commit());
    const updates = this.#updates();
    if (this.#unsaved) {
      try {
        await this.#lease.save(this.#unsaved, updates);
      } catch (error) {
        this.#pending = [];
        throw error;
      } finally {
        this.#unsaved = undefined;
      }
    }
    this.#send(updates);
  }

  /** Commits the draft, records the event id, stores, releases, then sends. */
  async finish(eventId?: string, order?: EventOrder): Promise<void> {
    this.#record(this.session.commit());
    if (eventId !== undefined) this.#unsaved = this.session.recordEvent(eventId, order);
    await this.#end(eventId);
  }

  /** Drops the uncommitted draft (earlier commits stand), stores what was committed, releases. */
  async abort(): Promise<void> {
    this.session.discard();
    await this.#end();
  }

  async #end(eventId?: string): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    const doc = this.#unsaved;
    this.#unsaved = undefined;
    const updates = this.#updates(eventId);
    try {
      await this.#lease.release(doc, updates);
    } catch (error) {
      this.#pending = [];
      throw error;
    }
    this.#send(updates);
  }

  #record(commit: Commit | undefined): void {
    if (!commit) return;
    this.#unsaved = commit.doc;
    if (commit.patches.length > 0) this.#pending.push(commit);
  }

  /**
   * The pending commits as the updates the page gets (the last one carrying the event id): stored
   * with the document, in the manager's replay log, then sent — the same objects.
   */
  #updates(eventId?: string): StateUpdate[] | undefined {
    const pending = this.#pending;
    if (pending.length === 0) return undefined;
    const last = pending.length - 1;
    const updates: StateUpdate[] = new Array(pending.length);
    for (let i = 0; i <= last; i++) {
      const { doc, patches } = pending[i];
      updates[i] = i === last && eventId !== undefined ? { seq: doc.seq, patches, eventId } : { seq: doc.seq, patches };
    }
    return updates;
  }

  #send(updates: StateUpdate[] | undefined): void {
    const pending = this.#pending;
    this.#pending = [];
    if (!updates) return;
    const token = this.#lease.token;
    for (let i = 0; i < updates.length; i++) this.#runtime.send(token, updates[i], pending[i].doc.epoch ?? '');
  }
}
