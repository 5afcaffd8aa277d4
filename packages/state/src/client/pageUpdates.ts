import type { StateErrorCode } from '../errors.js';

/*
 * What a page receives of its state: patches in updates, the full public state in a hydrate, and
 * failure reports (re-exported by `protocol.ts`, the wire contract).
 */

/**
 * One change of a page's state, as the server records it (immer's patch shape, JSON paths and
 * values only): the path starts with the state's name.
 */
export interface Patch {
  op: 'replace' | 'add' | 'remove';
  path: (string | number)[];
  value?: unknown;
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
  /**
   * True when its values hold `NaN`, `Infinity` or `-Infinity`: on the wire they travel as the
   * strings of `floatReplacer`, and the page puts them back (`reviveFloats`).
   */
  readonly floats?: true;
}

/** A failure reported to a token's page: small and serialisable, no stack outside development. */
export interface ErrorReport {
  readonly code: StateErrorCode;
  readonly message: string;
  /** `state.handler` of the handler or task that failed. */
  readonly handler?: string;
  /** Only in development. */
  readonly stack?: string;
  /** A form's refused fields: field name → message (schema issues, `FieldError`). */
  readonly fields?: Readonly<Record<string, string>>;
}

/** The public part of a token's state: every state's vars and computed vars without `_` names. */
export type PublicState = Record<string, Record<string, unknown>>;

/** The public state of a token with its sequence number: what a page hydrates from. */
export interface Hydration {
  readonly seq: number;
  /** The document's epoch; empty while the token has no stored document yet. */
  readonly epoch: string;
  readonly state: PublicState;
  /**
   * The shared documents the state includes, by source (`@session`, `@room:<key>`, `@app`): their
   * own `seq` and epoch, and the states taken from each. Absent when the tab shows only its own.
   */
  readonly shared?: Readonly<Record<string, SharedSource>>;
  /** True when the state holds special floats (see `StateUpdate.floats`). */
  readonly floats?: true;
}

/** One shared document a page shows part of (see `Hydration.shared`). */
export interface SharedSource {
  readonly seq: number;
  readonly epoch: string;
  readonly states: readonly string[];
}
