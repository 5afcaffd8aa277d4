const RETRY_BASE_MS = 500;
const RETRY_MAX_MS = 10_000;

/**
 * Connects again after a handshake the server refused (its store unreachable, say), which
 * socket.io treats as final: after 0.5 s, 1 s, 2 s… up to 10 s, with jitter.
 */
export class HandshakeRetry {
  #refusals = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #connect: () => void;

  /** `connect` runs when the delay is over. */
  constructor(connect: () => void) {
    this.#connect = connect;
  }

  /** One more refusal: tries again after the next delay. */
  later(): void {
    clearTimeout(this.#timer);
    const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** this.#refusals) * (0.5 + Math.random() / 2);
    this.#refusals += 1;
    this.#timer = setTimeout(this.#connect, delay);
  }

  /** Connected: the next refusal starts again from the shortest delay. */
  reset(): void {
    this.#refusals = 0;
  }

  /** Tries at once (the network is back), instead of a retry not yet made. */
  now(): void {
    clearTimeout(this.#timer);
    this.#connect();
  }

  /** Drops a retry not yet made. */
  cancel(): void {
    clearTimeout(this.#timer);
  }
}
