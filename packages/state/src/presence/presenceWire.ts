/** One page in a presence list as pages see it: its presence id (never its token) and metadata. */
export interface PresenceEntryMessage {
  readonly id: string;
  readonly meta: Readonly<Record<string, unknown>>;
}

/** A presence list as the server sends it when a page starts watching. */
export interface PresenceListMessage {
  /** Grows by one per change of the list (it starts again when the list emptied). */
  readonly version: number;
  /** Oldest join first. */
  readonly entries: readonly PresenceEntryMessage[];
  /** This page's id in the list (absent when the page is not in it). */
  readonly self?: string;
}

/** One change of a watched list. */
export interface PresenceChangeMessage {
  readonly version: number;
  readonly kind: 'join' | 'update' | 'leave';
  readonly entry: PresenceEntryMessage;
}

/**
 * page → server (`core:presence-watch`): send me the presence list of the document that holds
 * `state` for my tab, and its changes. The server decides which document that is.
 */
export interface PresenceWatchMessage {
  readonly state: string;
}

/** The answer to a watch: the list and the label its changes carry, or why not. */
export type PresenceWatchAnswer =
  | { readonly ok: true; readonly source: string; readonly list: PresenceListMessage }
  | { readonly ok: false; readonly message: string };

/** server → page (`core:presence`): a change of a watched list, by its source label. */
export interface PresenceMessage {
  /** `@app`, `@room:<key>`, `@session` or `tab`, as in the watch answer. */
  readonly source: string;
  readonly change: PresenceChangeMessage;
}

/** page → server (`core:presence-set`): this page's own metadata (a JSON object, at most 1 KiB). */
export interface PresenceSetMessage {
  readonly meta: Readonly<Record<string, unknown>>;
}
