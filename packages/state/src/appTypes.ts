import type { Patch } from 'immer';
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
  /**
   * Include the built-in `router` state (`RouterState`): the token's location, route params and
   * query, user agent and IP, updated on each navigation. A server with pages turns it on.
   * @default false
   */
  router?: boolean;
}

/** Options of {@link createApp}. */
export interface AppOptions extends AppEnvironment {
  /** Every state the app serves. */
  states: readonly AnyStateDefinition[];
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
  /** A commit for `token` to send to its page. */
  update?(token: string, update: StateUpdate): void;
  /** A failure to report to `token`'s page. */
  error?(token: string, error: ErrorReport): void;
}

/** Options of {@link App.dispatch}. */
export interface DispatchOptions {
  /**
   * `'client'` for events that come from a page: backend-only (`_`-prefixed) handlers are refused.
   * @default 'server'
   */
  origin?: 'server' | 'client';
  /** Carried as `eventId` by the update that ends this event's handler, if it changed anything. */
  id?: string;
}

/** The public state of a token with its sequence number: what a page hydrates from. */
export interface Hydration {
  readonly seq: number;
  readonly state: PublicState;
}
