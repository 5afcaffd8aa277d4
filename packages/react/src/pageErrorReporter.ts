import { type ClientErrorKind, type ClientErrorReport, readClientErrorReport, WireEvent } from '@core/state/protocol';
import type { CoreSocket } from './coreSocket.js';

/** Reports one page load sends per minute at most (the server keeps its own limit too). */
const PER_MINUTE = 10;
/** Reports kept while disconnected; later ones are dropped. */
const MAX_WAITING = 10;

/**
 * Sends the page's errors to the server (`core:client-error`), a chunk of its own loaded with the
 * first one: each cut to size as the server would cut it, at most {@link PER_MINUTE} a minute, and
 * while disconnected at most {@link MAX_WAITING} kept and sent once connected.
 */
export class PageErrorReporter {
  readonly #socket: CoreSocket;
  readonly #waiting: ClientErrorReport[] = [];
  #sentAt: number[] = [];

  constructor(socket: CoreSocket) {
    this.#socket = socket;
    socket.on('connect', () => {
      for (const report of this.#waiting.splice(0)) socket.emit(WireEvent.clientError, report);
    });
  }

  /** Reports `error` (anything thrown or rejected) of `kind`, seen at `href`. */
  report(kind: ClientErrorKind, error: unknown, href: string | undefined, componentStack?: string): void {
    const now = Date.now();
    this.#sentAt = this.#sentAt.filter((at) => now - at < 60_000);
    if (this.#sentAt.length >= PER_MINUTE) return;
    const report = readClientErrorReport({
      kind,
      message: messageOf(error),
      stack: stackOf(error),
      componentStack,
      href,
    });
    if (!report) return;
    this.#sentAt.push(now);
    if (this.#socket.connected) this.#socket.emit(WireEvent.clientError, report);
    else if (this.#waiting.length < MAX_WAITING) this.#waiting.push(report);
  }
}

/** A one-line message for anything thrown: an error's `Name: message`, else its text or JSON. */
function messageOf(error: unknown): string {
  if (error instanceof Error)
    return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

function stackOf(error: unknown): string | undefined {
  return error instanceof Error && typeof error.stack === 'string' ? error.stack : undefined;
}
