import type { ClientApi } from '../client/index.js';
import { ClientChannel } from '../client/index.js';
import type { AnyStateDefinition, DefinitionInternals, TaskTarget } from '../definition/index.js';
import {
  collectEventSpecs,
  type EventSpec,
  eventCreatorName,
  ROUTER_STATE,
  type RouterData,
  readonlyRouter,
} from '../definition/index.js';
import { StateError } from '../errors.js';
import type { DocLinks, TaskEntry, TaskInfo } from '../scopes/index.js';
import { linksOf, withTasks } from '../scopes/index.js';
import { resetVars } from './resetVars.js';
import type { StepDocs } from './stepDocs.js';
import { StepPresence } from './stepPresence.js';
import type { StepRuntime } from './stepRuntime.js';

/**
 * What a step does besides writing state, all kept until it commits: chained events
 * (`ctx.dispatch`), client actions (`ctx.client`), task cancels (`ctx.cancel`) and the tab's links
 * (`ctx.join`/`leave`, the page's session, `ctx.signIn`/`signOut`). It is also what the handler
 * context (`ctx`, `tx`) reads and calls. A step that fails drops all of it.
 */
export class StepEffects {
  /** The current attempt's chained events, queued after the commit (made when the first one comes). */
  #chained: EventSpec[] | undefined;
  readonly #runtime: StepRuntime;
  readonly #docs: StepDocs;
  readonly #user: unknown;
  readonly #target: string | undefined;
  #cancels: TaskTarget[] | undefined;
  /** The links before the step changed them (undefined while unchanged). */
  #previousLinks: DocLinks | undefined;
  #rotation: { from: string | undefined; to: string } | undefined;
  /** Made when the body first uses `ctx.client` (most steps never do). */
  #client: ClientChannel | undefined;
  readonly #own: DefinitionInternals | undefined;
  /** `ctx.presence` once read (null: the step has no page connected here). */
  #presence: StepPresence | null | undefined;

  /** `user`: from `authenticate`; `target`: the page of client actions and `ctx.presence`; `own`: the handler's state. */
  constructor(runtime: StepRuntime, docs: StepDocs, user: unknown, target?: string, own?: DefinitionInternals) {
    this.#runtime = runtime;
    this.#docs = docs;
    this.#user = user;
    this.#target = target;
    this.#own = own;
  }

  /** A new attempt (the step started over): what the last one chained, cancelled or sent is dropped. */
  startOver(): void {
    this.#chained = undefined;
    this.#cancels = undefined;
    this.#client?.discard();
    this.#client = undefined;
    this.#presence = undefined;
  }

  /** The list the current attempt's chained events go to. */
  chain(): EventSpec[] {
    this.#chained ??= [];
    return this.#chained;
  }

  /** The events chained so far, taken (the list starts empty again); undefined when none. */
  takeChained(): EventSpec[] | undefined {
    const chained = this.#chained;
    this.#chained = undefined;
    return chained && chained.length > 0 ? chained : undefined;
  }

  get token(): string {
    return this.#docs.primary.key;
  }

  session(): string | undefined {
    return linksOf(this.#docs.primary.doc).session;
  }

  user(): unknown {
    return this.#user ?? linksOf(this.#docs.primary.doc).user;
  }

  async get(definition: AnyStateDefinition): Promise<unknown> {
    const internals = this.#runtime.registry.require(definition);
    const hold = this.#docs.ensure(internals);
    return (hold instanceof Promise ? await hold : hold).draft.view(internals);
  }

  dispatch(event: unknown): void {
    collectEventSpecs(event, this.chain());
  }

  join(definition: AnyStateDefinition, key: string): void {
    const internals = this.#roomState(definition, 'join');
    if (typeof key !== 'string' || key.length === 0 || key.length > 128) {
      throw new StateError(
        'INVALID_EVENT',
        `A room key must be a string of 1 to 128 characters, got ${JSON.stringify(key)}.`,
      );
    }
    const links = linksOf(this.#docs.primary.doc);
    if (links.rooms?.[internals.name] === key) return;
    this.#setLinks({ ...links, rooms: { ...links.rooms, [internals.name]: key } });
  }

  leave(definition: AnyStateDefinition): void {
    const internals = this.#roomState(definition, 'leave');
    const links = linksOf(this.#docs.primary.doc);
    if (links.rooms?.[internals.name] === undefined) return;
    const { [internals.name]: _left, ...rooms } = links.rooms;
    this.#setLinks({ ...links, rooms });
  }

  room(definition: AnyStateDefinition): string | undefined {
    const internals = this.#runtime.registry.require(definition);
    if (internals.scope !== 'room') {
      throw new StateError(
        'WRONG_SCOPE',
        `ctx.room(${internals.name}) takes a room-scoped state; "${internals.name}" has scope '${internals.scope}'.`,
      );
    }
    const { primary } = this.#docs;
    if (primary.kind === 'room') return primary.key.slice(ROOM_PREFIX.length);
    return primary.kind === 'tab' ? linksOf(primary.doc).rooms?.[internals.name] : undefined;
  }

  reset(definition: AnyStateDefinition, names?: readonly string[]): void {
    const internals = this.#runtime.registry.require(definition);
    resetVars(this.#docs.holdOf(internals).draft, internals, names);
  }

  recompute(definition: AnyStateDefinition, name?: string): void {
    const internals = this.#runtime.registry.require(definition);
    this.#docs.holdOf(internals).draft.recompute(internals, name);
  }

  signIn(user: unknown): Promise<void> {
    return this.#rotateSession(user, true);
  }

  signOut(): Promise<void> {
    return this.#rotateSession(undefined, false);
  }

  tasks(): readonly TaskInfo[] {
    return this.#runtime.tasks?.list(this.#docs.primary.doc.tasks ?? []) ?? [];
  }

  cancel(taskTarget: TaskTarget): void {
    checkTaskTarget(taskTarget);
    (this.#cancels ??= []).push(taskTarget);
  }

  router(): Readonly<RouterData> {
    // The router is a tab-scoped state: it lives in the token's own document.
    return readonlyRouter(this.#docs.primary.doc.states[ROUTER_STATE]);
  }

  client(): ClientApi {
    this.#client ??= new ClientChannel(this.#runtime.client(this.#docs.primary.key, this.#target), {
      buffered: true,
      timeout: this.#runtime.clientCallTimeout,
    });
    return this.#client.api;
  }

  presence(): StepPresence | undefined {
    if (this.#presence === undefined) {
      const hooks = this.#runtime.presence;
      const target = this.#target;
      const key = this.#own && this.#docs.keyFor(this.#own);
      const meta = hooks && target && key ? hooks.granted(target, key) : undefined;
      this.#presence = meta && hooks && target && key ? new StepPresence(hooks, target, key, meta) : null;
    }
    return this.#presence ?? undefined;
  }

  /** Links the tab to its page's current browser session. */
  linkSession(session: string): void {
    const links = linksOf(this.#docs.primary.doc);
    if (this.#docs.primary.kind !== 'tab' || links.session === session) return;
    this.#setLinks({ ...links, session });
  }

  /**
   * Applies the body's `cancel` calls to the task registry: running entries they name are marked
   * cancelled, queued ones dropped. Returns those entries (as they were) for the app to abort.
   */
  applyCancels(): TaskEntry[] {
    const targets = this.#cancels;
    if (!targets) return NO_ENTRIES;
    this.#cancels = undefined;
    const { primary } = this.#docs;
    const hit: TaskEntry[] = [];
    const kept: TaskEntry[] = [];
    for (const entry of primary.doc.tasks ?? []) {
      if (!targets.some((target) => matchesTarget(entry, target))) kept.push(entry);
      else {
        hit.push(entry);
        if (!entry.queued) kept.push(entry.cancelled ? entry : { ...entry, cancelled: true });
      }
    }
    if (hit.length > 0) primary.setRecords(withTasks(primary.doc, kept));
    return hit;
  }

  /** After a `yield`'s commit: the client actions and presence metadata set so far go out. */
  flushClient(): void {
    this.#client?.flush();
    this.#presence?.flush();
  }

  /** After the step's commit: the tab's new session and links are announced, then its client actions go out. */
  finished(): void {
    const key = this.#docs.primary.key;
    if (this.#rotation) this.#runtime.sessionRotated(key, this.#rotation.from, this.#rotation.to);
    if (this.#previousLinks) this.#runtime.relinked(key, linksOf(this.#docs.primary.doc), this.#previousLinks);
    this.#client?.flush();
    this.#presence?.flush();
  }

  /** The step failed: its client actions and presence metadata are dropped. */
  discard(): void {
    this.#client?.discard();
    this.#presence = undefined;
  }

  #setLinks(links: DocLinks): void {
    const { primary } = this.#docs;
    this.#previousLinks ??= linksOf(primary.doc);
    primary.setRecords({ ...primary.doc, links });
  }

  /**
   * Moves the tab to a new session id: the old session's states are copied (sign-in) or left
   * behind (sign-out), and the old id is dropped, so a session id planted in the browser before
   * signing in leads nowhere after it.
   */
  async #rotateSession(user: unknown, keep: boolean): Promise<void> {
    const { primary } = this.#docs;
    if (primary.kind !== 'tab') {
      throw new StateError('WRONG_SCOPE', 'Only a tab signs in or out (call ctx.signIn from a tab handler).');
    }
    const links = linksOf(primary.doc);
    const from = links.session;
    const old = from === undefined ? undefined : await this.#docs.ensureKey(`@session:${from}`);
    // The new id is unknown to every other step, so nobody can hold or wait for its lock: taking
    // it out of the usual order cannot close a cycle.
    const to = newSessionId();
    const next = await this.#docs.lock(`@session:${to}`);
    if (old && keep) {
      old.commit();
      next.replace(old.draft.base);
    }
    this.#setLinks({ session: to, rooms: links.rooms, user, rotatedFrom: from });
    this.#rotation = { from: this.#rotation?.from ?? from, to };
  }

  #roomState(definition: AnyStateDefinition, action: string): DefinitionInternals {
    const internals = this.#runtime.registry.require(definition);
    if (internals.scope !== 'room' || this.#docs.primary.kind !== 'tab') {
      throw new StateError(
        'WRONG_SCOPE',
        `Cannot ${action} with state "${internals.name}": only room-scoped states join rooms, from a tab's handler.`,
      );
    }
    return internals;
  }
}

const NO_ENTRIES: TaskEntry[] = [];
const ROOM_PREFIX = '@room:';

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
