/** Options of {@link UploadLimits}: uploads in progress at once. */
export interface UploadLimitsOptions {
  /** Per tab token. */
  perToken: number;
  /** Per client address. */
  perAddress: number;
  /** On this process. */
  total: number;
}

/** Why an upload may not start now: the limit it hit, as a status and a one-sentence message. */
export interface UploadRefusal {
  readonly code: 'TOO_MANY_UPLOADS' | 'UPLOADS_BUSY';
  readonly message: string;
}

/**
 * Counts the uploads in progress (from their first byte until their answer is sent or their
 * connection closed) per token, per client address and on the process, and refuses one over any
 * limit at once, before its body is read. Counted per process: behind a balancer each process
 * enforces its share.
 */
export class UploadLimits {
  readonly #options: UploadLimitsOptions;
  readonly #perToken = new Map<string, number>();
  readonly #perAddress = new Map<string, number>();
  #total = 0;

  constructor(options: UploadLimitsOptions) {
    this.#options = options;
  }

  /**
   * Takes a slot for an upload of `token` from `address`: the function that gives it back (call it
   * once), or why it is refused (nothing is counted then).
   */
  acquire(token: string, address: string): (() => void) | UploadRefusal {
    const { perToken, perAddress, total } = this.#options;
    if ((this.#perToken.get(token) ?? 0) >= perToken) {
      return {
        code: 'TOO_MANY_UPLOADS',
        message: `This tab already has ${perToken} uploads in progress (maxUploadsPerToken); wait for one to finish.`,
      };
    }
    if ((this.#perAddress.get(address) ?? 0) >= perAddress) {
      return {
        code: 'TOO_MANY_UPLOADS',
        message: `This address already has ${perAddress} uploads in progress (maxUploadsPerIp); wait for one to finish.`,
      };
    }
    if (this.#total >= total) {
      return {
        code: 'UPLOADS_BUSY',
        message: `The server already takes ${total} uploads (maxUploads); try again in a moment.`,
      };
    }
    bump(this.#perToken, token, 1);
    bump(this.#perAddress, address, 1);
    this.#total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      bump(this.#perToken, token, -1);
      bump(this.#perAddress, address, -1);
      this.#total -= 1;
    };
  }

  /** Uploads in progress on this process. */
  get inProgress(): number {
    return this.#total;
  }
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
