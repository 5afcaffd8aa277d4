import type { ClientAction, ClientCallAnswer } from '../client/index.js';
import type { ErrorReport, StateUpdate } from '../protocol.js';
import type { DocLinks } from '../scopes/index.js';

/** Listens to every token (what a transport uses). */
export interface AppListener {
  /**
   * A commit for `token` to send to its page; `epoch` is the document's (see `TokenDoc.epoch`),
   * which the page compares with the one it hydrated from.
   */
  update?(token: string, update: StateUpdate, epoch: string): void;
  /**
   * A tab's links changed: it joined or left a room, or its browser session changed. Its pages
   * must now receive the updates of the shared documents in `links` (and get a fresh hydrate).
   */
  relinked?(token: string, links: DocLinks, previous: DocLinks): void;
  /**
   * A tab signed in or out: its session moved from `from` to the new id `to`. Its pages must get
   * the new session cookie, then the old session's other pages reconnect with it.
   */
  sessionRotated?(token: string, from: string | undefined, to: string): void;
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
  /** The page (as given in `DispatchOptions.page`); every page of the token when absent. */
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
  /** The largest answer the caller takes, in bytes of JSON (the page refuses to send more). */
  readonly maxBytes: number;
}
