/** Options of {@link ConnectionLimits}. */
export interface ConnectionLimitsOptions {
  /** Sockets one client address may hold open at once on this process. */
  maxConnectionsPerIp: number;
  /** New tokens one client address may be issued per minute on this process. */
  maxNewTokensPerIp: number;
  /** The clock, in milliseconds. */
  now?: () => number;
}

/**
 * Per-address budgets of the handshake: open connections, and new tokens per minute (each new
 * token is a document the server may have to keep). Counted per process; behind a balancer each
 * process enforces its share.
 */
export class ConnectionLimits {
  readonly #options: ConnectionLimitsOptions;
  readonly #open = new Map<string, number>();
  readonly #issued = new Map<string, { windowStart: number; count: number }>();
  readonly #now: () => number;

  constructor(options: ConnectionLimitsOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Why `address` may not open another connection, or undefined; counts it when allowed. */
  openConnection(address: string): string | undefined {
    const open = this.#open.get(address) ?? 0;
    if (open >= this.#options.maxConnectionsPerIp) {
      return `this address already holds ${open} connections (maxConnectionsPerIp)`;
    }
    this.#open.set(address, open + 1);
    return undefined;
  }

  /** A connection of `address` closed. */
  closeConnection(address: string): void {
    const open = (this.#open.get(address) ?? 1) - 1;
    if (open > 0) this.#open.set(address, open);
    else this.#open.delete(address);
  }

  /** Why `address` may not be issued a new token now, or undefined; counts it when allowed. */
  issueToken(address: string): string | undefined {
    const now = this.#now();
    let entry = this.#issued.get(address);
    if (!entry || now - entry.windowStart >= 60_000) {
      if (this.#issued.size > 10_000) this.#sweep(now);
      entry = { windowStart: now, count: 0 };
      this.#issued.set(address, entry);
    }
    if (entry.count >= this.#options.maxNewTokensPerIp) {
      return `this address was issued ${entry.count} new tokens in the last minute (maxNewTokensPerIp)`;
    }
    entry.count += 1;
    return undefined;
  }

  #sweep(now: number): void {
    for (const [address, entry] of this.#issued) if (now - entry.windowStart >= 60_000) this.#issued.delete(address);
  }
}
