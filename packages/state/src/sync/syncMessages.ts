/**
 * The messages that keep a page in step (part of the wire contract, re-exported by `protocol.ts`):
 * the full state (`core:hydrate`), one update (`core:patch`), and after a gap the page's position
 * (`core:resync`) answered with what it missed (`core:replay`) or a fresh hydrate.
 */
import type { PublicState, SharedSource, StateUpdate } from '../client/pageUpdates.js';
import type { StorageBinding } from '../definition/storageVar.js';

/** Where a page stands: the last update it applied, of the document with this epoch. */
export interface ResyncRequest {
  readonly seq: number;
  readonly epoch: string;
  /** The same per shared document the page shows, by source. */
  readonly shared?: Readonly<Record<string, { readonly seq: number; readonly epoch: string }>>;
}

/**
 * `core:replay`: what the page missed — every update after its `seq` of its tab's document (the
 * one with `epoch`) and, carrying their `source`, of the shared documents it shows, in `seq` order
 * per document (possibly none). It applies them as it would have applied the patches.
 */
export interface ReplayMessage {
  readonly token: string;
  readonly epoch: string;
  readonly updates: readonly PatchMessage[];
  /** True when an update holds special floats (see `StateUpdate.floats`). */
  readonly floats?: true;
}

/** True for a `ReplayMessage` (the answer to a resync is one or a `HydrateMessage`). */
export function isReplayMessage(message: HydrateMessage | ReplayMessage): message is ReplayMessage {
  return Array.isArray((message as ReplayMessage).updates);
}

/** The answer to `core:resync`. */
export type ResyncAck = (message: HydrateMessage | ReplayMessage) => void;

/** `core:hydrate`: the token (new or confirmed) and its full public state. */
export interface HydrateMessage {
  readonly token: string;
  readonly seq: number;
  /** The document's epoch (`''` before the token's first event stored it). */
  readonly epoch?: string;
  /** The shared documents the state includes, by source: their `seq`, epoch and states. */
  readonly shared?: Readonly<Record<string, SharedSource>>;
  readonly state: PublicState;
  /** True when the state holds special floats (see `StateUpdate.floats`). */
  readonly floats?: true;
  /** The app's storage vars: where the page reads them from and writes them back to. */
  readonly storage?: readonly StorageBinding[];
  /**
   * States left out of `state` because the page holds them already, at the position this message
   * gives (the answer to a connection that named what it was `missing`): the page keeps its own.
   */
  readonly kept?: readonly string[];
}

/**
 * Where one update stands: the document it belongs to (`source`, as `PatchMessage.source` names
 * it; absent for the tab's own) and its `seq` there. An event's ack lists where its changes were
 * committed (`AckMessage.after`).
 */
export interface UpdatePosition {
  readonly source?: string;
  readonly seq: number;
}

/** `core:patch`: an update, with the epoch of the document it belongs to (absent before epochs existed). */
export type PatchMessage = StateUpdate & {
  readonly epoch?: string;
  /** Set for a shared document's update (`@session`, `@room:<key>`, `@app`); absent for the tab's own. */
  readonly source?: string;
};
