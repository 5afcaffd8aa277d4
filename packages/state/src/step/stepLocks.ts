import type { ClientApi } from '../client/clientAction.js';
import { ClientChannel } from '../client/clientChannel.js';
import type { DefinitionInternals } from '../definition/definitionInternals.js';
import type { EventOrder } from '../definition/eventSpec.js';
import { collectEventSpecs, type EventSpec, eventCreatorName } from '../definition/eventSpec.js';
import type { AppHandle, TaskTarget } from '../definition/handlerContext.js';
import type { RouterData } from '../definition/routerData.js';
import { ROUTER_STATE, readonlyRouter } from '../definition/routerData.js';
import type { AnyStateDefinition } from '../definition/stateShape.js';
import { StateError } from '../errors.js';
import { compareKeys, type DocLinks, docKeyFor } from '../scopes/docKey.js';
import type { TokenDoc } from '../scopes/tokenDoc.js';
import type { TaskEntry, TaskInfo } from '../tasks/taskEntry.js';
import { KeyHold } from './keyHold.js';
import type { StepAccess, StepOutcome, StepScope } from './lockedStep.js';
import { type AccessHost, StepAccessObject } from './stepAccess.js';
import type { StepRuntime } from './stepRuntime.js';

/** Thrown inside a step that reached for a lock out of order: it starts over with these keys. */
export class StartOver {
  constructor(readonly keys: readonly string[]) {}
}

/**
 * The locks of one step (`runLockedStep` in lockedStep.ts drives it): the step's own key
 * (`primary`) and the shared documents it touched, taken in `compareKeys` order. It is also the
 * host of the step's access object (`ctx` / `tx`: reads, joins, sign-in, cancels, client calls)
 * and commits, stores, releases and sends for every key at the end or at a `yield`.
 */
export class StepLocks implements AccessHost {
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
    return new LockedStepScope(this, new StepAccessObject(this, app ?? this.#runtime.app) as unknown as StepAccess);
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

/** A new browser session id (random, url-safe). */
function newSessionId(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, '');
}

/** What a step's body gets (see `StepScope`): one object per attempt, methods on the prototype. */
class LockedStepScope implements StepScope {
  readonly access: StepAccess;
  readonly #step: StepLocks;

  constructor(step: StepLocks, access: StepAccess) {
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
