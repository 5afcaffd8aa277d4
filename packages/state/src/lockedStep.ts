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
 *    on, any failure releases every lease. Shared documents (the tab's session, a room it joined,
 *    the app) are locked when the step first touches one of their states — the handler's own state
 *    before it runs, others at `ctx.get` — always in one total order (`compareKeys`: tab, session,
 *    rooms, app). A step that reaches for one out of that order before it committed anything starts
 *    over holding every key it needs, in order; so two steps never wait for each other in a cycle.
 * 4. For a page's event, skip it if its id already ran (a resend after a lost ack).
 * 5. Run the body with its views: stable proxies onto one immer draft. Drive what it returns — a
 *    value, a promise, a generator or an async generator.
 * 6. On each `yield`: commit the drafts, store them (the locks stay held), send the updates and the
 *    client actions made so far (`ctx.client`), then queue the events yielded so far. A yield
 *    means the same in every caller.
 * 7. At the end: commit, store and release in one call, then send the updates, then the client
 *    actions; the last update carries the page's event id. The body's return value is the chain
 *    (event handlers) or the result (blocks). If anything threw from step 3 on: drop the
 *    uncommitted draft and unsent client actions, store what earlier yields committed, release,
 *    rethrow.
 * 8. Close the views (a view kept past its step reads committed values and refuses writes), then
 *    queue the chained events behind the token's waiting ones.
 *
 * Updates are sent only after the store accepted them, so a fenced write never reaches a page.
 */
import type { StateUpdate } from './appTypes.js';
import type { ClientApi } from './clientAction.js';
import { ClientChannel, type ClientTransport } from './clientChannel.js';
import type { ComputedVars } from './computedVars.js';
import type { DefinitionInternals } from './definitionInternals.js';
import { compareKeys, type DocLinks, docKeyFor, docKindOf } from './docKey.js';
import { createEmptyDoc, DraftSession } from './draftSession.js';
import { ImmutableStateError, StateError } from './errors.js';
import { collectEventSpecs, type EventSpec, eventCreatorName } from './eventSpec.js';
import { isGenerator, isPromiseLike } from './handlerResult.js';
import { KeyHold } from './keyHold.js';
import { currentHold, type LockHold, lockContext } from './lockContext.js';
import type { Logger } from './logger.js';
import { ROUTER_STATE, readonlyRouter } from './routerData.js';
import type { RouterData } from './routerState.js';
import type { StateManager } from './stateManager.js';
import type { StateRegistry } from './stateRegistry.js';
import { type AccessHost, StepAccessObject } from './stepAccess.js';
import type { TaskEntry, TaskInfo } from './taskEntry.js';
import type { EventOrder, TokenDoc } from './tokenDoc.js';
import type { AnyStateDefinition, AppHandle, TaskTarget, Transaction } from './types.js';

/** What the runner needs from its app. */
export interface StepRuntime {
  readonly manager: StateManager;
  readonly registry: StateRegistry;
  readonly computed: ComputedVars;
  readonly logger: Logger;
  /** Delivers one update of document `key` (of the document with this epoch) to its listeners. */
  send(key: string, update: StateUpdate, epoch: string): void;
  /** Queues chained events on `token`, behind its waiting events. */
  enqueue(token: string, events: readonly EventSpec[]): void;
  /**
   * A tab signed in or out: its session id was rotated from `from` to `to` (its pages must fetch
   * the new cookie; the session's other pages must reconnect with it).
   */
  sessionRotated(token: string, from: string | undefined, to: string): void;
  /** A tab's links changed (it joined or left a room, its session changed): its pages must follow. */
  relinked(token: string, links: DocLinks, previous: DocLinks): void;
  /** Carries client actions and calls to the pages of document `key`: page `target` only when given. */
  client(key: string, target: string | undefined): ClientTransport;
  /** How long a client call waits for the page by default, in ms. */
  readonly clientCallTimeout: number;
  /** The task registry's side of a step (`ctx.tasks`, `ctx.cancel`); without it no task is listed. */
  readonly tasks?: StepTaskHooks;
}

/** What a step needs from the app's background tasks. */
export interface StepTaskHooks {
  /** The running tasks `ctx.tasks` lists: entries not queued whose process is alive. */
  list(entries: readonly TaskEntry[]): TaskInfo[];
  /** After a step that cancelled tasks was stored: the entries it marked cancelled or dropped. */
  cancelled(token: string, entries: readonly TaskEntry[]): void;
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
  /** The state the body views synchronously (a handler's own): its document is locked before. */
  readonly own?: DefinitionInternals;
  /** The browser session the tab's page is in now (from its cookie): linked when it changed. */
  readonly session?: string;
  /** Gives up waiting for the lock when aborted (a background task's signal). */
  readonly signal?: AbortSignal;
  /** The page that fired the event: the step's client actions go to it alone. */
  readonly target?: string;
  /** The user the server's `authenticate` hook found for the page (else the session's). */
  readonly user?: unknown;
}

/** What the body of a step gets. */
export interface StepScope {
  /** `token`, `get`, `dispatch`, `join`, `leave`, `session` (and `app`): a handler's `ctx`, a block's `tx`. */
  readonly access: StepAccess;
  /** The writable view of one state for this step (its document must be locked: `options.own`). */
  view(internals: DefinitionInternals): Record<string, unknown>;
  /** Stores `doc` as the token's whole document (copying a token); the body's draft is dropped. */
  replaceDocument(doc: TokenDoc): void;
  /** The task registry of the step's document: every entry, running and queued, as stored. */
  readonly tasks: readonly TaskEntry[];
  /** The epoch of the step's document (another one than a task started on: the token expired). */
  readonly epoch: string;
  /** Replaces the task registry of the step's document; kept even if the body throws afterwards. */
  setTasks(tasks: readonly TaskEntry[]): void;
}

/** The access object of a step. */
export interface StepAccess extends Transaction {
  readonly app?: AppHandle;
  /** The browser session of the tab, if its page has one. */
  readonly session: string | undefined;
  /** The tab's room-scoped `definition` now shows room `key`'s document (created on first use). */
  join(definition: AnyStateDefinition, key: string): void;
  /** The tab's room-scoped `definition` shows the tab's own copy again. */
  leave(definition: AnyStateDefinition): void;
  /** The signed-in user of the tab's session (`ctx.signIn`), or the server's `authenticate` answer. */
  readonly user: unknown;
  /** Signs the session in as `user`: a new session id (the old one is dropped), its states kept. */
  signIn(user: unknown): Promise<void>;
  /** Signs the session out: a new, empty session (no user, session states from their defaults). */
  signOut(): Promise<void>;
}

/** What a step produced. */
export interface StepOutcome<TResult> {
  /** The body's result (undefined for a chain or a skipped event). */
  readonly result: TResult;
  /** The last committed document of the step's key. */
  readonly doc: TokenDoc;
  /** True when the page's event had already run and the body was not called. */
  readonly skipped: boolean;
  /** The committed values of a state this step touched (from whichever document holds it). */
  values(internals: DefinitionInternals): Record<string, unknown> | undefined;
}

/** Thrown inside a step that reached for a lock out of order: it starts over with these keys. */
class StartOver {
  constructor(readonly keys: readonly string[]) {}
}

/** Runs `body` as one locked step of `key` (a tab's token or a shared document's key). */
export async function runLockedStep<TResult>(
  runtime: StepRuntime,
  key: string,
  options: StepOptions,
  body: (scope: StepScope) => unknown,
): Promise<StepOutcome<TResult>> {
  let hold: LockHold | undefined;
  if (options.hold) {
    const held = currentHold(key);
    if (held && options.hold.owner && held.owner === options.hold.owner) {
      throw new ImmutableStateError(options.hold.nested);
    }
    if (held) {
      throw new StateError(
        'REENTRANT_LOCK',
        `The lock of token "${key}" is already held by this code path; write through the state you were given instead of taking the lock again.`,
      );
    }
    hold = { token: key, owner: options.hold.owner, active: true };
  }
  const step = new LockedStep(
    runtime,
    new KeyHold(runtime, await runtime.manager.lock(key, { signal: options.signal })),
  );
  let chained: EventSpec[] = [];
  let result: unknown;
  let cancelled: TaskEntry[] = [];
  try {
    step.primary.reconcile();
    if (options.eventId !== undefined && step.primary.session.hasRun(options.eventId, options.order)) {
      await step.finish();
      return step.outcome(undefined as TResult, true);
    }
    if (options.session !== undefined) step.linkSession(options.session);
    const returnsChain = options.returnsChain === true;
    for (;;) {
      try {
        if (options.own) {
          // A tab state is in the primary document: no promise for the common case.
          const own = step.ensure(options.own);
          if (own instanceof Promise) await own;
        }
        const scope = step.scope(chained, options.app, options.user, options.target);
        if (hold) {
          result = await lockContext.run(hold, () => drive(body(scope), step, chained, returnsChain));
        } else {
          // The common event: a plain synchronous handler costs no extra promise.
          const value = body(scope);
          result =
            isPromiseLike(value) || isGenerator(value)
              ? await drive(value, step, chained, returnsChain)
              : settle(value, chained, returnsChain);
        }
        break;
      } catch (error) {
        if (!(error instanceof StartOver)) throw error;
        chained = [];
        await step.startOver(error.keys);
      }
    }
    if (hold) hold.active = false;
    cancelled = step.applyCancels();
    await step.finish(options.eventId, options.order);
  } catch (error) {
    if (hold) hold.active = false;
    await step.abort().catch((abortError) => {
      runtime.logger.error('Releasing a token lock failed', { token: key, error: abortError });
    });
    throw error;
  } finally {
    step.close(options.ended);
  }
  runtime.enqueue(key, chained);
  if (cancelled.length > 0) runtime.tasks?.cancelled(key, cancelled);
  return step.outcome(result as TResult, false);
}

/** Refuses what `cancel` cannot name, at the call (not at the commit). */
function checkTaskTarget(target: TaskTarget): void {
  if (typeof target === 'string' || eventCreatorName(target) !== undefined) return;
  if (typeof target === 'object' && target !== null && typeof (target as TaskInfo).id === 'string') return;
  throw new StateError(
    'INVALID_EVENT',
    "cancel() takes a background task's event creator (cancel(TaskState.myTask)), a task id or an entry of ctx.tasks.",
  );
}

/** True when `entry` is what `target` names. */
function matchesTarget(entry: TaskEntry, target: TaskTarget): boolean {
  if (typeof target === 'string') return entry.id === target;
  const creator = eventCreatorName(target);
  if (creator !== undefined) return creator === `${entry.state}.${entry.name}`;
  return entry.id === (target as TaskInfo).id;
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
 * The locks of one step: the step's own key (`primary`) and the shared documents it touched,
 * taken in `compareKeys` order.
 */
class LockedStep implements AccessHost {
  readonly primary: KeyHold;
  readonly #runtime: StepRuntime;
  readonly #shared = new Map<string, KeyHold>();
  /** The links before the step changed them (undefined while unchanged). */
  #previousLinks: DocLinks | undefined;
  #rotation: { from: string | undefined; to: string } | undefined;
  #flushed = false;
  #cancels: TaskTarget[] = [];
  /** The step's client actions: sent after each commit's updates, dropped if the step fails. */
  #client: ClientChannel | undefined;
  /** The current attempt's chained events, `ctx.user` and the page its client actions go to. */
  #chained: EventSpec[] = [];
  #user: unknown;
  #target: string | undefined;

  constructor(runtime: StepRuntime, primary: KeyHold) {
    this.#runtime = runtime;
    this.primary = primary;
  }

  /** The document key that holds `internals` for this step. */
  keyFor(internals: DefinitionInternals): string {
    const { primary } = this;
    const key = docKeyFor(internals.scope, internals.name, primary.key, primary.session.links);
    if (key !== undefined) return key;
    throw new StateError(
      'WRONG_SCOPE',
      `State "${internals.name}" (scope '${internals.scope}') is not part of a step on a ${primary.kind} document; reach it from a handler of the tab, or with app.modifyState on its own scope.`,
    );
  }

  /** Locks the document of `internals` (in order) and returns its hold. */
  ensure(internals: DefinitionInternals): KeyHold | Promise<KeyHold> {
    return this.#ensureKey(this.keyFor(internals));
  }

  async #lock(key: string): Promise<KeyHold> {
    const hold = new KeyHold(this.#runtime, await this.#runtime.manager.lock(key));
    this.#shared.set(key, hold);
    hold.reconcile();
    return hold;
  }

  /** Drops everything this attempt did, then takes `keys` in order (the primary stays held). */
  async startOver(keys: readonly string[]): Promise<void> {
    this.primary.session.discard();
    this.#cancels = [];
    const held = [...this.#shared.values()];
    this.#shared.clear();
    for (const hold of held) {
      hold.session.close('the step started over.');
      await hold.abort();
    }
    for (const key of [...new Set(keys)].sort(compareKeys)) await this.#lock(key);
  }

  /** Links the tab to its page's current browser session. */
  linkSession(session: string): void {
    const links = this.primary.session.links;
    if (this.primary.kind !== 'tab' || links.session === session) return;
    this.#setLinks({ ...links, session });
  }

  #setLinks(links: DocLinks): void {
    this.#previousLinks ??= this.primary.session.links;
    this.primary.touchBase(this.primary.session.setLinks(links));
  }

  /** The access object and views for the body. */
  /**
   * Moves the tab to a new session id: the old session's states are copied (sign-in) or left
   * behind (sign-out), and the old id is dropped, so a session id planted in the browser before
   * signing in leads nowhere after it.
   */
  async rotateSession(user: unknown, keep: boolean): Promise<void> {
    if (this.primary.kind !== 'tab') {
      throw new StateError('WRONG_SCOPE', 'Only a tab signs in or out (call ctx.signIn from a tab handler).');
    }
    const links = this.primary.session.links;
    const from = links.session;
    const fromKey = from === undefined ? undefined : `@session:${from}`;
    const to = newSessionId();
    const old = fromKey === undefined ? undefined : await this.#ensureKey(fromKey);
    // The new id is unknown to every other step, so nobody can hold or wait for its lock: taking
    // it out of the usual order cannot close a cycle.
    const next = await this.#lock(`@session:${to}`);
    if (old && keep) {
      old.commit();
      next.replace(old.session.base);
    }
    this.#setLinks({ session: to, rooms: links.rooms, user, rotatedFrom: from });
    this.#rotation = { from: this.#rotation?.from ?? from, to };
  }

  #ensureKey(key: string): KeyHold | Promise<KeyHold> {
    const known = key === this.primary.key ? this.primary : this.#shared.get(key);
    if (known) return known;
    return this.#ensureOther(key);
  }

  async #ensureOther(key: string): Promise<KeyHold> {
    const highest = [...this.#shared.keys()].sort(compareKeys).at(-1);
    if (highest !== undefined && compareKeys(key, highest) < 0) {
      if (this.#flushed) {
        throw new StateError(
          'LOCK_ORDER',
          `Document ${key} was reached after a yield and out of lock order (tab, session, rooms, app); read shared states before the first yield, or in that order.`,
        );
      }
      throw new StartOver([...this.#shared.keys(), key]);
    }
    return this.#lock(key);
  }

  scope(chained: EventSpec[], app: AppHandle | undefined, user?: unknown, target?: string): StepScope {
    // A new channel per attempt (a step that starts over drops what the abandoned attempt made),
    // made when the body first uses `ctx.client`: most steps never do.
    this.#client?.discard();
    this.#client = undefined;
    this.#chained = chained;
    this.#user = user;
    this.#target = target;
    return new LockedStepScope(this, new StepAccessObject(this, app) as unknown as StepAccess);
  }

  // The access object's side (`AccessHost`): what `ctx` / `tx` read and call.

  get token(): string {
    return this.primary.key;
  }

  session(): string | undefined {
    return this.primary.session.links.session;
  }

  user(): unknown {
    return this.#user ?? this.primary.session.links.user;
  }

  async get(definition: AnyStateDefinition): Promise<unknown> {
    const internals = this.#runtime.registry.require(definition);
    const hold = this.ensure(internals);
    return (hold instanceof Promise ? await hold : hold).session.view(internals);
  }

  dispatch(event: unknown): void {
    collectEventSpecs(event, this.#chained);
  }

  join(definition: AnyStateDefinition, key: string): void {
    this.#join(definition, key);
  }

  leave(definition: AnyStateDefinition): void {
    this.#leave(definition);
  }

  signIn(user: unknown): Promise<void> {
    return this.rotateSession(user, true);
  }

  signOut(): Promise<void> {
    return this.rotateSession(undefined, false);
  }

  tasks(): readonly TaskInfo[] {
    return this.#runtime.tasks?.list(this.primary.session.base.tasks ?? []) ?? [];
  }

  cancel(taskTarget: TaskTarget): void {
    checkTaskTarget(taskTarget);
    this.#cancels.push(taskTarget);
  }

  router(): Readonly<RouterData> {
    // The router is a tab-scoped state: it lives in the token's own document.
    return readonlyRouter(this.primary.session.base.states[ROUTER_STATE]);
  }

  client(): ClientApi {
    this.#client ??= new ClientChannel(this.#runtime.client(this.primary.key, this.#target), {
      buffered: true,
      timeout: this.#runtime.clientCallTimeout,
    });
    return this.#client.api;
  }

  /** The writable view of a state whose document this step holds. */
  viewOf(internals: DefinitionInternals): Record<string, unknown> {
    return this.#holdOf(internals).session.view(internals);
  }

  #join(definition: AnyStateDefinition, key: string): void {
    const internals = this.#roomState(definition, 'join');
    if (typeof key !== 'string' || key.length === 0 || key.length > 128) {
      throw new StateError(
        'INVALID_EVENT',
        `A room key must be a string of 1 to 128 characters, got ${JSON.stringify(key)}.`,
      );
    }
    const links = this.primary.session.links;
    if (links.rooms?.[internals.name] === key) return;
    this.#setLinks({ ...links, rooms: { ...links.rooms, [internals.name]: key } });
  }

  #leave(definition: AnyStateDefinition): void {
    const internals = this.#roomState(definition, 'leave');
    const links = this.primary.session.links;
    if (links.rooms?.[internals.name] === undefined) return;
    const { [internals.name]: _left, ...rooms } = links.rooms;
    this.#setLinks({ ...links, rooms });
  }

  /**
   * Applies the body's `cancel` calls to the task registry: running entries they name are marked
   * cancelled, queued ones dropped. Returns those entries (as they were) for the app to abort.
   */
  applyCancels(): TaskEntry[] {
    if (this.#cancels.length === 0) return [];
    const targets = this.#cancels;
    this.#cancels = [];
    const hit: TaskEntry[] = [];
    const kept: TaskEntry[] = [];
    for (const entry of this.primary.session.base.tasks ?? []) {
      if (!targets.some((target) => matchesTarget(entry, target))) kept.push(entry);
      else {
        hit.push(entry);
        if (!entry.queued) kept.push(entry.cancelled ? entry : { ...entry, cancelled: true });
      }
    }
    if (hit.length > 0) this.primary.touchBase(this.primary.session.setTasks(kept));
    return hit;
  }

  #roomState(definition: AnyStateDefinition, action: string): DefinitionInternals {
    const internals = this.#runtime.registry.require(definition);
    if (internals.scope !== 'room' || this.primary.kind !== 'tab') {
      throw new StateError(
        'WRONG_SCOPE',
        `Cannot ${action} with state "${internals.name}": only room-scoped states join rooms, from a tab's handler.`,
      );
    }
    return internals;
  }

  #holdOf(internals: DefinitionInternals): KeyHold {
    const key = this.keyFor(internals);
    const hold = key === this.primary.key ? this.primary : this.#shared.get(key);
    if (!hold) {
      throw new StateError(
        'WRONG_SCOPE',
        `State "${internals.name}" is not locked in this step; use await ctx.get(${internals.name}).`,
      );
    }
    return hold;
  }

  /** Queues chained events on the step's key. */
  enqueue(events: readonly EventSpec[]): void {
    if (events.length > 0) this.#runtime.enqueue(this.primary.key, events);
  }

  /** Commits every document, stores and sends, keeping the locks (a `yield`). */
  async flush(): Promise<void> {
    this.#flushed = true;
    await this.primary.flush();
    for (const hold of this.#shared.values()) await hold.flush();
    this.#client?.flush();
  }

  /** Commits every document (the primary records the event id), stores, releases, then sends. */
  async finish(eventId?: string, order?: EventOrder): Promise<void> {
    for (const hold of this.#shared.values()) hold.commit();
    this.primary.commit(eventId, order);
    for (const hold of this.#shared.values()) await hold.release();
    await this.primary.release(eventId);
    if (this.#rotation) this.#runtime.sessionRotated(this.primary.key, this.#rotation.from, this.#rotation.to);
    if (this.#previousLinks) this.#runtime.relinked(this.primary.key, this.primary.session.links, this.#previousLinks);
    this.#client?.flush();
  }

  /** Drops the uncommitted drafts, stores what was committed, releases every lock. */
  async abort(): Promise<void> {
    this.#client?.discard();
    const failures: unknown[] = [];
    for (const hold of [...this.#shared.values(), this.primary]) await hold.abort().catch((e) => failures.push(e));
    if (failures.length > 0) throw failures[0];
  }

  /** Ends the views of every document. */
  close(reason: string): void {
    this.primary.session.close(reason);
    for (const hold of this.#shared.values()) hold.session.close(reason);
  }

  outcome<TResult>(result: TResult, skipped: boolean): StepOutcome<TResult> {
    return {
      result,
      skipped,
      doc: this.primary.session.base,
      values: (internals) => {
        const key = this.keyFor(internals);
        const hold = key === this.primary.key ? this.primary : this.#shared.get(key);
        return hold?.session.base.states[internals.name];
      },
    };
  }
}

/**
 * The token's document: created, or reconciled when outdated, under the lock. With `preview`, a
 * token with no stored document gets its defaults (epoch `''`) and nothing is stored — a page that
 * only connects costs no write; its first event creates the document.
 */
export async function loadCurrentDoc(runtime: StepRuntime, key: string, preview = false): Promise<TokenDoc> {
  const doc = await runtime.manager.get(key);
  const kind = docKindOf(key);
  if (doc && doc.shape === runtime.registry.layout(kind).shape) return doc;
  if (!doc && preview) {
    const session = new DraftSession(createEmptyDoc(''), runtime.registry, runtime.computed, kind);
    session.reconcile(true);
    return session.base;
  }
  return (await runLockedStep(runtime, key, { ended: 'the document was only being read.' }, () => undefined)).doc;
}

/**
 * The stored values of one state as a tab sees them (its own copy or the shared document it is
 * linked to), read without the lock: possibly stale, as `task.state` is.
 */
export async function readStateValues(
  runtime: StepRuntime,
  token: string,
  internals: DefinitionInternals,
): Promise<Record<string, unknown>> {
  const tab = await loadCurrentDoc(runtime, token, true);
  const key = docKeyFor(internals.scope, internals.name, token, tab.links ?? {}) ?? token;
  const doc = key === token ? tab : await loadCurrentDoc(runtime, key, true);
  return doc.states[internals.name] ?? {};
}

/** A new browser session id (random, url-safe). */
function newSessionId(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, '');
}

/** What a step's body gets (see `StepScope`): one object per attempt, methods on the prototype. */
class LockedStepScope implements StepScope {
  readonly access: StepAccess;
  readonly #step: LockedStep;

  constructor(step: LockedStep, access: StepAccess) {
    this.#step = step;
    this.access = access;
  }

  /** Bound: callers pass it on (`applyStoredValues(..., scope.view)`). */
  readonly view = (internals: DefinitionInternals): Record<string, unknown> => this.#step.viewOf(internals);

  replaceDocument(doc: TokenDoc): void {
    this.#step.primary.replace(doc);
  }

  get tasks(): readonly TaskEntry[] {
    return this.#step.primary.session.base.tasks ?? [];
  }

  get epoch(): string {
    return this.#step.primary.session.base.epoch ?? '';
  }

  setTasks(tasks: readonly TaskEntry[]): void {
    const { primary } = this.#step;
    primary.touchBase(primary.session.setTasks(tasks));
  }
}
