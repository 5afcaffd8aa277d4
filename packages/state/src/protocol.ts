/**
 * The wire protocol between `@core/server` and `@core/react`, declared once. It lives in
 * `@core/state` because that is the one package both sides may import; it holds only names and
 * types (no socket code).
 *
 * A page connects with `auth: ConnectAuth`; the server answers with `core:hydrate` (the full public
 * state and its `seq`), then streams `core:patch` updates in `seq` order. The page sends events
 * with `core:event` and gets an ack; it asks for a fresh hydrate with `core:resync` after a gap.
 * A page that reconnects (or resyncs) says which update it applied last; when the server's replay
 * log still holds what came after, it answers with `core:replay` (those updates) instead.
 */
import type { ClientAction, ClientCallAnswer } from './client/clientAction.js';
import type { ClientErrorReport } from './client/clientErrorReport.js';
import type { FormOutcome } from './client/formPayload.js';
import type { ErrorReport } from './client/pageUpdates.js';
import type { CollectionSlice, WindowRequest } from './collections/index.js';
import type { StorageBinding } from './definition/storageVar.js';
import type { StateErrorCode } from './errors.js';
import type { DevtoolsAnswer, DevtoolsData, DevtoolsRequest } from './inspect/devtoolsProtocol.js';
import type {
  PresenceMessage,
  PresenceSetMessage,
  PresenceWatchAnswer,
  PresenceWatchMessage,
} from './presence/presenceWire.js';
import type {
  HydrateMessage,
  PatchMessage,
  ReplayMessage,
  ResyncAck,
  ResyncRequest,
  UpdatePosition,
} from './sync/syncMessages.js';

export {
  CLIENT_ERROR_LIMITS,
  type ClientErrorKind,
  type ClientErrorReport,
  readClientErrorReport,
} from './client/clientErrorReport.js';
export { FormField, type FormOutcome, type FormPayload, formPayload } from './client/formPayload.js';
export * from './client/httpProtocol.js';
export type { ErrorReport, Hydration, Patch, PublicState, SharedSource, StateUpdate } from './client/pageUpdates.js';
export { isSafeHref } from './client/safeHref.js';
export { floatReplacer, isFloatName, reviveFloats } from './client/specialFloats.js';
export type {
  CollectionOp,
  CollectionPatch,
  CollectionSlice,
  CollectionWindowData,
  SliceRequest,
  WindowRequest,
} from './collections/index.js';
export type { FieldErrors } from './definition/fieldError.js';
export * from './inspect/devtoolsProtocol.js';
export type * from './presence/presenceWire.js';
export * from './sync/syncMessages.js';
export type { ClientAction, ClientCallAnswer, StorageBinding };

/** Socket.io event names, namespaced so they cannot clash with an app's own. */
export const WireEvent = {
  /** server → page: the full public state (first message, and the answer to a resync). */
  hydrate: 'core:hydrate',
  /** server → page: one update (`{ seq, patches }`). */
  patch: 'core:patch',
  /** server → page: a failure report (handler error, rejected write). */
  error: 'core:error',
  /**
   * page → server: run a handler. Acknowledged by the `eventId` of the update that ends the
   * handler when it changed only the tab's document; else by a `core:ack` (which, for changes of
   * shared documents, comes before their updates and says where they were committed); a
   * socket.io ack callback, if the page passes one, gets an `EventAck` instead.
   */
  event: 'core:event',
  /** server → page: the end of an event that sent no update of its own, or its failure. */
  ack: 'core:ack',
  /**
   * page → server: bring me up to date (acked with a `HydrateMessage`, or a `ReplayMessage` when
   * the page said where it stands and the server's log covers the gap).
   */
  resync: 'core:resync',
  /** server → page: the updates a reconnecting page missed, instead of a hydrate. */
  replay: 'core:replay',
  /** server → page: the browser session changed (see `SessionMessage`). */
  session: 'core:session',
  /** server → page: client actions of one commit, in order (after that commit's patch). */
  action: 'core:action',
  /** server → page (with ack): call a function the page registered; acked with `ClientCallAnswer`. */
  call: 'core:call',
  /** page → server: values of storage vars that changed in the browser (another tab, `storage` event). */
  stored: 'core:stored',
  /**
   * page → server (with an `EventAck`): the page is at `href` now. The server updates the
   * token's `router` state and runs the page's on-load events, then acks.
   */
  navigate: 'core:navigate',
  /** page → server (acked with `PresenceWatchAnswer`), server → page (`PresenceMessage`), page → server. */
  presenceWatch: 'core:presence-watch',
  presence: 'core:presence',
  presenceSet: 'core:presence-set',
  /**
   * page → server (acked with a `WindowAnswer`): part of a collection — more next to the page's
   * window, or a fresh window (see `WindowRequest`).
   */
  window: 'core:window',
  /**
   * page → server: an error in the page (uncaught, an unhandled rejection, a React render error),
   * for the server's log and the app's `onClientError` hook. No answer; rate-limited per socket.
   */
  clientError: 'core:client-error',
} as const;

/**
 * The devtools channel, on the same socket, served by development servers only (a production
 * server answers the request with `DEVTOOLS_UNAVAILABLE` and sends nothing). Apart from
 * `WireEvent` so that a page which never loads the devtools panel bundles none of it.
 */
export const DevtoolsWireEvent = {
  /** page → server (with ack `DevtoolsAnswer`): start or stop streaming this tab's devtools data. */
  request: 'core:devtools',
  /** server → page: a batch of devtools data (`DevtoolsData`) while subscribed. */
  data: 'core:devtools-data',
} as const;

/** `core:navigate`: the page's location changed (or it connected and says where it is). */
export interface NavigateMessage {
  /** Path and query string, e.g. `/users/7?tab=posts`. */
  readonly href: string;
  /**
   * `navigate`: the user went there (on-load events run); `connect`: the page (re)connected and
   * says where it is (on-load events run only if the token's router is elsewhere, e.g. its state
   * was gone or the page switched to its own token).
   */
  readonly reason: 'navigate' | 'connect';
}

/** What the page sends when it connects. */
export interface ConnectAuth {
  /** The token kept in `sessionStorage`; absent on a first visit. */
  token?: string;
  /** Random per page load: tells a reconnect of this page from a duplicated tab. */
  instance?: string;
  /** The `seq` of the last update this page applied (with `epoch`: a reconnect may be a replay). */
  seq?: number;
  /** The epoch of the document the page's state comes from. */
  epoch?: string;
  /** Per shared document the page shows (by source, as its hydrate listed them): where it stands. */
  shared?: Record<string, { seq: number; epoch: string }>;
  /**
   * Values of the storage vars the page knows of (`{ 'local:theme': 'dark' }`), read from the
   * browser as it connects; null for a var the browser has no value for (its default). The
   * server applies them before the hydrate.
   */
  stored?: Record<string, string | null>;
  /**
   * With `seq`/`epoch`: the states the page has not got (its server render carried only those it
   * read). The page gets a hydrate, which leaves out the states it holds where their document has
   * not moved since (`HydrateMessage.kept`).
   */
  missing?: string[];
}

/**
 * Codes only the transport (`@core/server`) raises, beside the runtime's `StateErrorCode`s:
 * `OVERLOADED` (too many events of one page in flight), `INTERNAL_ERROR` (a failure that carries
 * no code; its details stay in the server's log), `DEVTOOLS_UNAVAILABLE` (a devtools request to a
 * production server).
 */
export type TransportErrorCode = 'OVERLOADED' | 'INTERNAL_ERROR' | 'DEVTOOLS_UNAVAILABLE';

/** Every code a page can receive: the closed union of the runtime's and the transport's. */
export type WireErrorCode = StateErrorCode | TransportErrorCode;

/** A failure as the page receives it. */
export type WireErrorReport = Omit<ErrorReport, 'code'> & { readonly code: WireErrorCode };

/** `core:error`. */
export type ErrorMessage = WireErrorReport;

/** `core:event`: one handler call from the page. */
export interface EventMessage {
  /** Chosen by the page, unique per page instance; a resent event with a known id is not run twice. */
  readonly id: string;
  readonly state: string;
  readonly name: string;
  readonly payload?: unknown;
}

/**
 * The outcome of `core:event`. `after`: the event changed shared documents (whose updates go to
 * every page of the document, without the event's id); it lists the position of the last update
 * of each document the event changed, the tab's own included. They are sent after this ack: the
 * event's change shows once the page has applied them.
 */
export type EventAck =
  | { readonly ok: true; readonly after?: readonly UpdatePosition[] }
  | { readonly ok: false; readonly error: WireErrorReport };

/**
 * `core:session` (server → page): the browser session changed. `renew`: this tab signed in or out;
 * POST `SESSION_PATH` with the token (header `x-core-token`), the `proof` (header
 * `SESSION_PROOF_HEADER`) and the browser's current session cookie to get the new cookie, then
 * reconnect. `reconnect`: another tab of the session did and is getting the new cookie; reconnect
 * once the browser sends it — `session` is its fingerprint, which GET `SESSION_PATH` answers for
 * the cookie the browser sends now (see `SessionFingerprint`).
 */
export interface SessionMessage {
  readonly renew?: boolean;
  /**
   * With `renew`: the server's short-lived proof that this tab just signed in or out. A tab token
   * alone never gets the session cookie; the proof is bound to the token and to the session cookie
   * the browser held before, which the request must still carry (when it had one).
   */
  readonly proof?: string;
  readonly reconnect?: boolean;
  /** With `reconnect`: the fingerprint of the new session's cookie. */
  readonly session?: string;
}

/** `core:ack`: the outcome of the event with this id. */
export type AckMessage = EventAck & { readonly id: string };

/** `core:action`. */
export interface ActionMessage {
  readonly actions: readonly ClientAction[];
}

/** `core:call`. */
export interface CallMessage {
  readonly name: string;
  readonly payload?: unknown;
  /** The largest answer the server takes, in bytes of JSON: the page answers `TOO_LARGE` instead. */
  readonly maxBytes?: number;
}

/** `core:stored`: stored values by key (`local:theme`); null when the key was removed. */
export interface StoredMessage {
  readonly values: Record<string, string | null>;
}

/** Socket.io typing of what the server emits. */
export interface ServerToClientEvents {
  'core:hydrate': (message: HydrateMessage) => void;
  'core:patch': (message: PatchMessage) => void;
  'core:error': (message: ErrorMessage) => void;
  'core:ack': (message: AckMessage) => void;
  'core:replay': (message: ReplayMessage) => void;
  'core:action': (message: ActionMessage) => void;
  'core:call': (message: CallMessage, ack: (answer: ClientCallAnswer) => void) => void;
  'core:devtools-data': (message: DevtoolsData) => void;
  'core:session': (message: SessionMessage) => void;
  'core:presence': (message: PresenceMessage) => void;
}

/** Socket.io typing of what the page emits. */
export interface ClientToServerEvents {
  'core:event': (message: EventMessage, ack?: (result: EventAck) => void) => void;
  'core:resync': (...args: [ack: ResyncAck] | [since: ResyncRequest, ack: ResyncAck]) => void;
  'core:stored': (message: StoredMessage) => void;
  'core:devtools': (request: DevtoolsRequest, ack: (answer: DevtoolsAnswer) => void) => void;
  'core:navigate': (message: NavigateMessage, ack: (result: EventAck) => void) => void;
  'core:presence-watch': (message: PresenceWatchMessage, ack: (answer: PresenceWatchAnswer) => void) => void;
  'core:presence-set': (message: PresenceSetMessage, ack?: (result: { ok: boolean }) => void) => void;
  'core:window': (message: WindowRequest, ack: (answer: WindowAnswer) => void) => void;
  'core:client-error': (message: ClientErrorReport) => void;
}

/**
 * The answer to `core:window`: the slice, the `seq` and epoch of its document when it was read
 * (the page applies it once it has applied that update) and the document's source (absent: the
 * tab's own); or why not.
 */
export type WindowAnswer =
  | {
      readonly ok: true;
      readonly seq: number;
      readonly epoch: string;
      readonly source?: string;
      readonly slice: CollectionSlice;
    }
  | { readonly ok: false; readonly error: WireErrorReport };

/** What the server-rendered HTML carries for the page to hydrate from. */
export interface SsrPayload extends HydrateMessage {
  /** The location it was rendered for. */
  readonly href: string;
  /**
   * Client actions the page's on-load events made during the render (a toast, say): the page
   * carries them out once connected. (Redirects alone are answered with an HTTP redirect instead.)
   */
  readonly actions?: readonly ClientAction[];
  /**
   * States the render did not read, left out of `state` so the HTML carries only what the page
   * needs: the page gets them once connected (see `ConnectAuth.missing`).
   */
  readonly omitted?: readonly string[];
  /** The outcome of the form posted without JavaScript that this page answers, if any. */
  readonly form?: FormOutcome;
}
