import type { ClientTransport } from '../client/index.js';
import type { AppHandle, EventSpec, StateRegistry } from '../definition/index.js';
import type { Logger } from '../logger.js';
import type { PresenceMeta, StateManager } from '../managers/index.js';
import type { StateUpdate } from '../protocol.js';
import type { DocLinks, TaskEntry, TaskInfo } from '../scopes/index.js';
import type { ComputedVars } from './computedVars.js';

/** What the runner needs from its app. */
export interface StepRuntime {
  /** What every step's context gets as `app` (handlers cannot close the app or swap its states). */
  readonly app: AppHandle;
  readonly manager: StateManager;
  readonly registry: StateRegistry;
  readonly computed: ComputedVars;
  readonly logger: Logger;
  /** Delivers one update of document `key` (of the document with this epoch) to its listeners. */
  send(key: string, update: StateUpdate, epoch: string): void;
  /** Reports a failure that ends no step (a computed var that failed alone): logged, and told to the pages of `key`. */
  report(key: string, error: unknown, name: string): void;
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
  /** The app's presence on this process (`ctx.presence`); without it `ctx.presence` is undefined. */
  readonly presence?: StepPresenceHooks;
}

/** What a step needs from the app's presence: the pages connected here, by the transport's page id. */
export interface StepPresenceHooks {
  /** What handlers set for page `target` in the list of `key`; undefined when the page is not connected here. */
  granted(target: string, key: string): PresenceMeta | undefined;
  /** Replaces it (after the step committed); ignored when the page has gone meanwhile. */
  grant(target: string, key: string, meta: PresenceMeta): void;
}

/** What a step needs from the app's background tasks. */
export interface StepTaskHooks {
  /** The running tasks `ctx.tasks` lists: entries not queued whose process is alive. */
  list(entries: readonly TaskEntry[]): TaskInfo[];
  /** After a step that cancelled tasks was stored: the entries it marked cancelled or dropped. */
  cancelled(token: string, entries: readonly TaskEntry[]): void;
}
