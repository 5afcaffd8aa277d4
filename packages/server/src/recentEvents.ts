/**
 * Remembers the last event ids seen per token, so an event the page resends after a reconnect
 * (its ack was lost) is not run twice. Bounded: `perToken` ids per token, `tokens` tokens (least
 * recently used dropped first).
 */
export class RecentEvents {
  readonly #byToken = new Map<string, Set<string>>();
  readonly #perToken: number;
  readonly #tokens: number;

  constructor(perToken = 256, tokens = 10_000) {
    this.#perToken = perToken;
    this.#tokens = tokens;
  }

  /** Records `id` for `token`; false when it was already recorded (a duplicate). */
  add(token: string, id: string): boolean {
    let ids = this.#byToken.get(token);
    if (ids) {
      if (ids.has(id)) return false;
      this.#byToken.delete(token); // re-insert: most recently used last
    } else {
      ids = new Set();
      if (this.#byToken.size >= this.#tokens) {
        const oldest = this.#byToken.keys().next().value;
        if (oldest !== undefined) this.#byToken.delete(oldest);
      }
    }
    this.#byToken.set(token, ids);
    ids.add(id);
    if (ids.size > this.#perToken) {
      const oldest = ids.values().next().value;
      if (oldest !== undefined) ids.delete(oldest);
    }
    return true;
  }
}
