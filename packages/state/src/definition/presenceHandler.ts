import type { HandlerContext } from './handlerContext.js';

/** What `onPresence` is told: one change of a presence list (see `usePresence` on the page). */
export interface PresenceEvent {
  readonly kind: 'join' | 'update' | 'leave';
  /** The page: its presence id (not its token) and its metadata (for a leave: as it was). */
  readonly page: { readonly id: string; readonly meta: Readonly<Record<string, unknown>> };
  /**
   * How many pages the list holds, read under this document's lock after the change: storing it
   * (`s.online = count`) converges on the latest count whatever order changes are handled in.
   */
  readonly count: number;
}

/**
 * Runs under the lock of the state's document after a change of its presence list, like an event
 * handler: returned events are dispatched, a throw rolls back its changes.
 */
export type PresenceHandler<TState> = (state: TState, change: PresenceEvent, ctx: HandlerContext) => unknown;
