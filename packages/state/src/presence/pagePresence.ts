/**
 * Which tokens have a page connected to this process, and a grace timer for each token whose last
 * page left: when it runs out with no page back (here, or anywhere per `stillConnected`), the
 * token's background tasks are cancelled.
 */
export class PagePresence {
  readonly #counts = new Map<string, number>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #gracePeriod: number;
  readonly #onGone: (token: string) => void;
  readonly #stillConnected: () => ((token: string) => Promise<boolean>) | undefined;

  /**
   * @param gracePeriod milliseconds; 0 never cancels
   * @param onGone called when the grace period ran out with no page of the token connected
   * @param stillConnected asks whether a page of the token is connected to another process
   */
  constructor(
    gracePeriod: number,
    onGone: (token: string) => void,
    stillConnected: () => ((token: string) => Promise<boolean>) | undefined,
  ) {
    this.#gracePeriod = gracePeriod;
    this.#onGone = onGone;
    this.#stillConnected = stillConnected;
  }

  /** A page of `token` connected; returns the function to call once, when it disconnects. */
  connected(token: string): () => void {
    this.#counts.set(token, (this.#counts.get(token) ?? 0) + 1);
    clearTimeout(this.#timers.get(token));
    this.#timers.delete(token);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const count = (this.#counts.get(token) ?? 1) - 1;
      if (count > 0) {
        this.#counts.set(token, count);
        return;
      }
      this.#counts.delete(token);
      this.#arm(token);
    };
  }

  /** Drops every timer (the app is closing). */
  close(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  #arm(token: string): void {
    if (!(this.#gracePeriod > 0) || !Number.isFinite(this.#gracePeriod)) return;
    const timer = setTimeout(() => {
      this.#timers.delete(token);
      if (this.#counts.has(token)) return;
      const check = this.#stillConnected();
      if (!check) {
        this.#onGone(token);
        return;
      }
      // When in doubt (the check failed), keep the tasks: the page may well be on another process.
      void check(token).then(
        (connected) => {
          if (!connected && !this.#counts.has(token)) this.#onGone(token);
        },
        () => {},
      );
    }, this.#gracePeriod);
    (timer as { unref?: () => void }).unref?.();
    this.#timers.set(token, timer);
  }
}
