import type { EventSpec } from '@core/state';
import type { AckMessage, EventAck, EventMessage, UpdatePosition, WireErrorReport } from '@core/state/protocol';
import { EventError } from './eventError.js';

interface PendingEvent {
  readonly message: EventMessage;
  readonly resolve: () => void;
  readonly reject: (error: EventError) => void;
  readonly settled: (() => void) | undefined;
  /** Acknowledged: the updates it waits for (see {@link PendingEvents.acked}). */
  after?: readonly UpdatePosition[];
}

/**
 * The events a page dispatched that the server has not answered yet, in dispatch order. Each is
 * sent when connected and once more after every reconnect (the server drops a resend it has
 * already run); the update that carries its id, or `core:ack`, settles it. No socket.io ack: the
 * update that ends the handler is its ack (one frame per event instead of two), and `core:ack`
 * covers an event that changed nothing, failed, or changed shared documents (then it says which
 * updates the event waits for).
 */
export class PendingEvents {
  /** Random per page load: makes the ids unique per page, and tells a reconnect from a duplicated tab. */
  readonly instance = randomId();
  readonly #pending = new Map<string, PendingEvent>();
  #nextId = 0;
  /** How many acknowledged events wait for updates. */
  #waiting = 0;
  readonly #send: (message: EventMessage) => void;
  readonly #failed: (report: WireErrorReport) => void;
  readonly #applied: (position: UpdatePosition) => boolean;

  /**
   * `send` emits one `core:event`; `failed` hears each failure the server reports for an event
   * (once, by its ack: the tab's error listeners show it); `applied` tells whether the page has
   * applied the update at a position (or never will: a document it does not show).
   */
  constructor(
    send: (message: EventMessage) => void,
    failed: (report: WireErrorReport) => void,
    applied: (position: UpdatePosition) => boolean,
  ) {
    this.#send = send;
    this.#failed = failed;
    this.#applied = applied;
  }

  /**
   * Adds an event, sent at once when `connected`; resolves or rejects when it is settled.
   * `settled` runs first, synchronously, before the state the settling update brought is shown.
   */
  add(event: EventSpec<unknown>, connected: boolean, settled?: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const id = `${this.instance}-${(this.#nextId++).toString(36)}`;
      const message = { id, state: event.state, name: event.name, payload: event.payload };
      this.#pending.set(id, { message, resolve, reject, settled });
      if (connected) this.#send(message);
    });
  }

  /**
   * `core:ack`. An event that changed shared documents is acknowledged before their updates are
   * sent (`after`): it settles once the page has applied them all — at once when it already has,
   * else in {@link applied}, when the last one is applied — so its optimistic change goes in the
   * same step as the server's copy comes, whichever of the two arrived first.
   */
  acked(message: AckMessage): void {
    const after = message.ok ? message.after : undefined;
    const pending = after && this.#pending.get(message.id);
    if (!pending || pending.after || this.#hasApplied(after)) {
      this.settle(message.id, message);
      return;
    }
    pending.after = after;
    this.#waiting += 1;
  }

  /**
   * The page applied an update (before its listeners are told): settles the acknowledged events
   * whose updates are now all applied.
   */
  applied(): void {
    if (this.#waiting === 0) return;
    for (const [id, pending] of this.#pending)
      if (pending.after && this.#hasApplied(pending.after)) this.settle(id, OK);
  }

  /**
   * The page caught up (a hydrate, a replay): settles every acknowledged event still waiting. Its
   * updates are part of what the page now shows, or it no longer shows their document (it left
   * the room, a slow page's skipped patches): no change is held past it.
   */
  caughtUp(): void {
    if (this.#waiting === 0) return;
    for (const [id, pending] of this.#pending) if (pending.after) this.settle(id, OK);
  }

  /** Settles the event with this id (nothing when it is not waiting). */
  settle(id: string, outcome: EventAck): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    if (pending.after) this.#waiting -= 1;
    pending.settled?.();
    if (outcome.ok) pending.resolve();
    else {
      this.#failed(outcome.error);
      pending.reject(new EventError(outcome.error));
    }
  }

  /** Sends every event not acknowledged yet again, in order (after a reconnect). */
  resend(): void {
    for (const pending of this.#pending.values()) if (!pending.after) this.#send(pending.message);
  }

  #hasApplied(after: readonly UpdatePosition[]): boolean {
    for (const position of after) if (!this.#applied(position)) return false;
    return true;
  }
}

const OK: EventAck = { ok: true };

function randomId(): string {
  return globalThis.crypto?.randomUUID?.().replace(/-/g, '').slice(0, 16) ?? Math.random().toString(36).slice(2);
}
