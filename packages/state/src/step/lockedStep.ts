/**
 * The locked step: the one path by which a token's state changes. Event handlers, `task.modify`,
 * `app.modifyState` and the app's own upkeep (creating, reconciling, copying a token) all run
 * through {@link runLockedStep}; callers pass only what differs.
 *
 * Order of operations:
 * 1. Refuse re-entry: a `modify`/`modifyState` whose async context already holds the token's lock
 *    would wait for itself (a nested `modify` of the same task is an `ImmutableStateError`).
 * 2. Take the token's lock from the state manager — at once when it is free in this process
 *    (`tryLock`: no promise), else by waiting; the lease carries the stored document.
 * 3. Reconcile the document with the app's states (a new token, a hot reload, a deploy). From here
 *    on, any failure releases every lease. Shared documents (the tab's session, a room it joined,
 *    the app) are locked when the step first touches one of their states — the handler's own state
 *    before it runs, others at `ctx.get` — always in one total order (`compareKeys`: tab, session,
 *    rooms, app). One reached out of that order is taken if it is free; if it is busy, a step that
 *    committed nothing yet starts over holding every key it needs, in order (so two steps never
 *    wait for each other in a cycle). The body then runs again: a handler whose choices are random
 *    may make them again. A step starts over at most {@link MAX_START_OVERS} times, each after a
 *    turn of the event loop, then fails with `LOCK_ORDER` naming the keys.
 * 4. For a page's event, skip it if its id already ran (a resend after a lost ack).
 * 5. Run the body with its views: stable proxies onto the step's drafts. Drive what it returns — a
 *    value, a promise, a generator or an async generator. A plain synchronous handler costs no
 *    promise.
 * 6. On each `yield`: commit the drafts, store them (the locks stay held), send the updates and the
 *    client actions made so far (`ctx.client`), then queue the events yielded so far. A yield
 *    means the same in every caller.
 * 7. At the end: commit, store and release in one call, then send the updates, then the client
 *    actions; the last update carries the page's event id (its ack). A page's event that changed
 *    shared documents stores every document first, then tells `options.committed` where each
 *    update landed (the page's ack goes ahead of them), then sends. The body's return value is
 *    the chain (event handlers) or the result (blocks). If anything threw from step 3 on: drop the
 *    uncommitted draft and unsent client actions, store what earlier yields committed, release,
 *    rethrow.
 * 8. Close the views (a view kept past its step reads committed values and refuses writes), then
 *    queue the chained events behind the token's waiting ones.
 *
 * Updates are sent only after the store accepted them, so a fenced write never reaches a page.
 */

import type { DefinitionInternals, HandlerContext } from '../definition/index.js';
import { collectEventSpecs } from '../definition/index.js';
import { ImmutableStateError, StateError } from '../errors.js';
import type { StateLease } from '../managers/index.js';
import type { TaskEntry, TokenDoc } from '../scopes/index.js';
import { hasRun, withTasks } from '../scopes/index.js';
import type { DocDraft } from './docDraft.js';
import { createHandlerContext } from './handlerContext.js';
import { andThen, isGenerator, isPromiseLike } from './handlerResult.js';
import { HeldDoc } from './heldDoc.js';
import { currentHold, type LockHold, lockContext } from './lockContext.js';
import { StartOver, StepDocs } from './stepDocs.js';
import { StepEffects } from './stepEffects.js';
import type { StepOptions, StepOutcome, StepScope } from './stepOptions.js';

export type { StepOptions, StepOutcome, StepScope };

import type { StepRuntime } from './stepRuntime.js';

/** How many times one step may start over (lock order) before it fails with `LOCK_ORDER`. */
export const MAX_START_OVERS = 8;

/**
 * Runs `body` as one locked step of `key` (a tab's token or a shared document's key). Returns the
 * outcome at once when nothing had to be awaited, else a promise of it.
 */
export function runLockedStep<TResult>(
  runtime: StepRuntime,
  key: string,
  options: StepOptions,
  body: (scope: StepScope) => unknown,
): StepOutcome<TResult> | Promise<StepOutcome<TResult>> {
  const hold = options.hold && claimHold(key, options.hold);
  if (options.signal?.aborted) return Promise.reject(options.signal.reason);
  const free = runtime.manager.tryLock?.(key);
  const step = (lease: StateLease) => new LockedStep<TResult>(runtime, lease, options, body, hold).run();
  return free ? step(free) : runtime.manager.lock(key, { signal: options.signal }).then(step);
}

/** Refuses a `modify`/`modifyState` whose async context already holds the lock of `key`. */
function claimHold(key: string, claim: NonNullable<StepOptions['hold']>): LockHold {
  const held = currentHold(key);
  if (held && claim.owner && held.owner === claim.owner) throw new ImmutableStateError(claim.nested);
  if (held) {
    throw new StateError(
      'REENTRANT_LOCK',
      `The lock of token "${key}" is already held by this code path; write through the state you were given instead of taking the lock again.`,
    );
  }
  return { token: key, owner: claim.owner, active: true };
}

/** One run of a step, from the taken lock to the queued chain; it is also the body's scope. */
class LockedStep<TResult> implements StepScope {
  readonly #runtime: StepRuntime;
  readonly #options: StepOptions;
  readonly #body: (scope: StepScope) => unknown;
  readonly #hold: LockHold | undefined;
  readonly #docs: StepDocs;
  readonly #effects: StepEffects;
  #access: HandlerContext | undefined;
  #startOvers = 0;

  constructor(
    runtime: StepRuntime,
    lease: StateLease,
    options: StepOptions,
    body: (scope: StepScope) => unknown,
    hold: LockHold | undefined,
  ) {
    this.#runtime = runtime;
    this.#options = options;
    this.#body = body;
    this.#hold = hold;
    this.#docs = new StepDocs(runtime, new HeldDoc(runtime, lease));
    this.#effects = new StepEffects(runtime, this.#docs, options.user, options.target, options.own);
  }

  run(): StepOutcome<TResult> | Promise<StepOutcome<TResult>> {
    try {
      const { primary } = this.#docs;
      primary.reconcile();
      const { eventId, order, session } = this.#options;
      if (eventId !== undefined && hasRun(primary.doc, eventId, order)) {
        return this.#guard(
          andThen(this.#docs.finish(), () => {
            this.#docs.close(this.#options.ended);
            return this.#outcome(undefined as TResult, true, false);
          }),
        );
      }
      if (session !== undefined) this.#effects.linkSession(session);
      return this.#guard(andThen(this.#attempt(), (result) => this.#commit(result)));
    } catch (error) {
      return this.#fail(error);
    }
  }

  // The body's scope (`StepScope`).

  get access(): HandlerContext {
    this.#access ??= createHandlerContext(this.#effects, this.#runtime.app);
    return this.#access;
  }

  readonly view = (internals: DefinitionInternals): Record<string, unknown> =>
    this.#docs.holdOf(internals).draft.view(internals);

  get draft(): DocDraft {
    return this.#docs.primary.draft;
  }

  replaceDocument(doc: TokenDoc): void {
    this.#docs.primary.replace(doc);
  }

  get tasks(): readonly TaskEntry[] {
    return this.#docs.primary.doc.tasks ?? [];
  }

  get epoch(): string {
    return this.#docs.primary.doc.epoch ?? '';
  }

  setTasks(tasks: readonly TaskEntry[]): void {
    const { primary } = this.#docs;
    primary.setRecords(withTasks(primary.doc, tasks));
  }

  /** Runs the body once (its own state's document locked first); a `StartOver` runs it again. */
  #attempt(): unknown {
    try {
      const own = this.#options.own && this.#docs.ensure(this.#options.own);
      const result = isPromiseLike(own) ? own.then(() => this.#runBody()) : this.#runBody();
      return isPromiseLike(result) ? Promise.resolve(result).catch((error) => this.#retry(error)) : result;
    } catch (error) {
      return this.#retry(error);
    }
  }

  async #retry(error: unknown): Promise<unknown> {
    if (!(error instanceof StartOver)) throw error;
    if (++this.#startOvers > MAX_START_OVERS) {
      throw new StateError(
        'LOCK_ORDER',
        `The step of ${this.#docs.primary.key} started over ${MAX_START_OVERS} times reaching shared documents out of lock order (last: ${error.keys.join(', ')}) while other steps held them; reach shared states in the order tab, session, rooms, app, or from a step of their own.`,
      );
    }
    // A turn of the event loop first: other work (another step holding these keys) goes on.
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.#effects.startOver();
    this.#access = undefined;
    await this.#docs.startOver(error.keys);
    return this.#attempt();
  }

  #runBody(): unknown {
    if (this.#hold) {
      const hold = this.#hold;
      return lockContext.run(hold, () => this.#drive(this.#body(this)));
    }
    const value = this.#body(this);
    return isPromiseLike(value) || isGenerator(value) ? this.#drive(value) : this.#settle(value);
  }

  /** Drives the body's value to its end, committing and sending at each `yield`. */
  async #drive(value: unknown): Promise<unknown> {
    let settled = isPromiseLike(value) ? await value : value;
    if (isGenerator(settled)) {
      for (;;) {
        const next = await settled.next();
        if (next.done) {
          settled = next.value;
          break;
        }
        collectEventSpecs(next.value, this.#effects.chain());
        await this.#docs.flush();
        this.#effects.flushClient();
        const chained = this.#effects.takeChained();
        if (chained) this.#runtime.enqueue(this.#docs.primary.key, chained);
      }
    }
    return this.#settle(settled);
  }

  /** The body's final value: the result, or (for a handler) the chain, queued after the commit. */
  #settle(value: unknown): unknown {
    if (!this.#options.returnsChain) return value;
    if (value !== undefined) collectEventSpecs(value, this.#effects.chain());
    return undefined;
  }

  /** Commits, stores, releases and sends; then the views close and the chain is queued. */
  #commit(result: unknown): StepOutcome<TResult> | Promise<StepOutcome<TResult>> {
    if (this.#hold) this.#hold.active = false;
    const cancelled = this.#effects.applyCancels();
    const { eventId, order, committed } = this.#options;
    return andThen(this.#docs.finish(eventId, order, eventId === undefined ? undefined : committed), (carried) => {
      this.#effects.finished();
      this.#docs.close(this.#options.ended);
      const key = this.#docs.primary.key;
      const chained = this.#effects.takeChained();
      if (chained) this.#runtime.enqueue(key, chained);
      if (cancelled.length > 0) this.#runtime.tasks?.cancelled(key, cancelled);
      return this.#outcome(result as TResult, false, carried);
    });
  }

  /** Turns a rejection of the asynchronous path into the failure path. */
  #guard<T>(value: T | Promise<T>): T | Promise<T> {
    return isPromiseLike(value) ? value.then(undefined, (error: unknown) => this.#fail(error)) : value;
  }

  /** Drops the uncommitted drafts and client actions, stores what was committed, releases, rethrows. */
  #fail(error: unknown): never | Promise<never> {
    if (this.#hold) this.#hold.active = false;
    this.#effects.discard();
    const end = (): never => {
      this.#docs.close(this.#options.ended);
      throw error;
    };
    const released = (abortError: unknown) => {
      this.#runtime.logger.error('Releasing a token lock failed', { token: this.#docs.primary.key, error: abortError });
      return end();
    };
    let aborted: void | Promise<void>;
    try {
      aborted = this.#docs.abort();
    } catch (abortError) {
      return released(abortError);
    }
    return isPromiseLike(aborted) ? aborted.then(end, released) : end();
  }

  #outcome(result: TResult, skipped: boolean, carried: boolean): StepOutcome<TResult> {
    const docs = this.#docs;
    return { result, skipped, carried, doc: docs.primary.doc, values: (internals) => docs.valuesOf(internals) };
  }
}
