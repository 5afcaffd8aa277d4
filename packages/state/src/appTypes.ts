import type { Patch } from 'immer';
import type { ClientAction } from './clientAction.js';
import type { ClientCallAnswer } from './clientChannel.js';
import type { StateErrorCode } from './errors.js';
import type { Logger } from './logger.js';
import type { StateManager } from './stateManager.js';
import type { PublicState } from './tokenDoc.js';
import type { AnyStateDefinition } from './types.js';

/**
 * Where an app runs: its state manager, logger and mode. Each is set once — at `createApp` or by
 * one `app.configure()` before the app serves its first token — and never changes afterwards.
 */
export interface AppEnvironment {
  /** Where token state and locks live. @default new MemoryStateManager() */
  stateManager?: StateManager;
  /** Receives handler failures and other server-side reports. @default silentLogger */
  logger?: Logger;
  /**
   * Development mode: error reports sent to the page carry the handler's message and stack.
   * In production they carry only the code and the handler's name.
   * @default false
   */
  dev?: boolean;
}

/** Options of {@link createApp}. */
export interface AppOptions extends AppEnvironment {
  /** Every state the app serves. */
  states: readonly AnyStateDefinition[];
  /** Milliseconds `ctx.client.call()` waits for the page's answer unless the call says otherwise. @default 10_000 */
  clientCallTimeout?: number;
}

/** One update for a token's page: the patches of one commit, in `seq` order. */
export interface StateUpdate {
  /** One more than the previous update's `seq` for this token. */
  readonly seq: number;
  /** Immer patches; each path starts with the state's name. */
  readonly patches: readonly Patch[];
  /**
   * On the last update of an event dispatched with an `id`: that id (the handler has finished),
   * so a transport can acknowledge the event in the same message.
   */
  readonly eventId?: string;
}

/** A failure reported to a token's page: small and serialisable, no stack outside development. */
export interface ErrorReport {
  readonly code: StateErrorCode;
  readonly message: string;
  /** `state.handler` of the handler or task that failed. */
  readonly handler?: string;
  /** Only in development. */
  readonly stack?: string;
}

/** Listens to every token (what a transport uses). */
export interface AppListener {
  /**
   * A commit for `token` to send to its page; `epoch` is the document's (see `TokenDoc.epoch`),
   * which the page compares with the one it hydrated from.
   */
  update?(token: string, update: StateUpdate, epoch: string): void;
  /** A failure to report to `token`'s page. */
  error?(token: string, error: ErrorReport): void;
  /** Client actions for `token`'s pages: only page `target` when set, else every page of the token. */
  action?(token: string, delivery: ActionDelivery): void;
  /**
   * Calls a client function in `token`'s page (`target`, else any page of the token). The first
   * listener with `call` answers; without one, calls fail with `NO_PAGE`.
   */
  call?(token: string, request: ClientCallRequest): Promise<ClientCallAnswer>;
}

/** Client actions of one commit, for the page that fired the event or every page of the token. */
export interface ActionDelivery {
  /** The page (as given in `DispatchOptions.source`); every page of the token when absent. */
  readonly target?: string;
  readonly actions: readonly ClientAction[];
}

/** A call of a function registered in the page. */
export interface ClientCallRequest {
  readonly target?: string;
  readonly name: string;
  readonly payload: unknown;
  /** Milliseconds the caller waits for the answer. */
  readonly timeout: number;
}

/** Options of {@link App.dispatch}. */
export interface DispatchOptions {
  /**
   * `'client'` for events that come from a page: backend-only (`_`-prefixed) handlers and upload
   * handlers are refused. `'upload'` for a file from the upload endpoint: only upload handlers run.
   * @default 'server'
   */
  origin?: 'server' | 'client' | 'upload';
  /** Carried as `eventId` by the update that ends this event's handler, if it changed anything. */
  id?: string;
  /**
   * The page that fired the event (the transport's id for it, e.g. a socket id): the handler's
   * client actions (`ctx.client`) go to that page only.
   */
  source?: string;
}

/** The public state of a token with its sequence number: what a page hydrates from. */
export interface Hydration {
  readonly seq: number;
  /** The document's epoch; empty while the token has no stored document yet. */
  readonly epoch: string;
  readonly state: PublicState;
}
