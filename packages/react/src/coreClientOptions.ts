import type { HydrateMessage, SsrPayload } from '@core/state/protocol';

/** Where the page stands with its server. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** Options of {@link createCoreClient}. */
export interface CoreClientOptions {
  /** The state server. @default the page's own origin */
  url?: string;
  /** Socket.io path. @default '/socket.io' */
  path?: string;
  /** Keeps the token for this tab. @default window.sessionStorage */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
  /** The storage key of the token. @default 'core:token' */
  storageKey?: string;
  /** Connect at once. @default true */
  autoConnect?: boolean;
  /**
   * The state the server rendered the page with (`mountApp` passes it): the page shows it at once.
   * Its token is adopted unless this tab already has its own in `storage`, which then wins (the
   * state switches to the tab's own once connected). Client actions it carries (made by on-load
   * events during the render) are carried out once connected, and the states it `omitted` arrive
   * then.
   */
  initial?: HydrateMessage & Pick<Partial<SsrPayload>, 'actions' | 'omitted'>;
  /**
   * The page's location (path and query string) for a pages app: sent on every (re)connect, so the
   * server runs the page's on-load events when the token's router is elsewhere.
   */
  href?: string;
}
