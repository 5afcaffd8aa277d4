import type { EventSpec } from '@core/state';
import type { EventAck, EventMessage, WireErrorReport } from '@core/state/protocol';
import { EventError } from './eventError.js';

interface PendingEvent {
  readonly message: EventMessage;
  readonly resolve: () => void;
  readonly reject: (error: EventError) => void;
  readonly settled: (() => void) | undefined;
}

/**
 * The events a page dispatched that the server has not answered yet, in dispatch order. Each is
 * sent when connected and once more after every reconnect (the server drops a resend it has
 * already run); the update that carries its id, or `core:ack`, settles it. No socket.io ack: the
 * update that ends the handler is its ack (one frame per event instead of two), and `core:ack`
 * covers an event that changed nothing or failed.
 */
export class PendingEvents {
  /** Random per page load: makes the ids unique per page, and tells a reconnect from a duplicated tab. */
  readonly instance = randomId();
  readonly #pending = new Map<string, PendingEvent>();
  #nextId = 0;
  readonly #send: (message: EventMessage) => void;
  readonly #failed: (report: WireErrorReport) => void;

  /**
   * `send` emits one `core:event`; `failed` hears each failure the server reports for an event
   * (once, by its ack: the tab's error listeners show it).
   */
  constructor(send: (message: EventMessage) => void, failed: (report: WireErrorReport) => void) {
    this.#send = send;
    this.#failed = failed;
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

  /** Settles the event with this id (nothing when it is not waiting). */
  settle(id: string, outcome: EventAck): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    pending.settled?.();
    if (outcome.ok) pending.resolve();
    else {
      this.#failed(outcome.error);
      pending.reject(new EventError(outcome.error));
    }
  }

  /** Sends every waiting event again, in order (after a reconnect). */
  resend(): void {
    for (const pending of this.#pending.values()) this.#send(pending.message);
  }
}

function randomId(): string {
  return globalThis.crypto?.randomUUID?.().replace(/-/g, '').slice(0, 16) ?? Math.random().toString(36).slice(2);
}
