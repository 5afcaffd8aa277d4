import { TokenQueue } from './tokenQueue.js';

/**
 * One {@link TokenQueue} per token with work, created on demand and dropped when it runs dry, so
 * idle tokens cost nothing; and a way to wait until every queue is empty.
 */
export class TokenQueues<TItem> {
  readonly #queues = new Map<string, TokenQueue<TItem>>();
  readonly #idleWaiters = new Set<() => void>();
  readonly #process: (token: string, item: TItem) => Promise<void>;

  /** @param process runs one item of a token; it must not reject. */
  constructor(process: (token: string, item: TItem) => Promise<void>) {
    this.#process = process;
  }

  /** True while any token has an item running or waiting. */
  get busy(): boolean {
    return this.#queues.size > 0;
  }

  /** Appends an item to the token's queue. */
  push(token: string, item: TItem): void {
    let queue = this.#queues.get(token);
    if (!queue) {
      const created = new TokenQueue<TItem>(
        (next) => this.#process(token, next),
        () => {
          if (this.#queues.get(token) === created) this.#queues.delete(token);
          if (this.#queues.size > 0) return;
          for (const wake of this.#idleWaiters) wake();
          this.#idleWaiters.clear();
        },
      );
      queue = created;
      this.#queues.set(token, queue);
    }
    queue.push(item);
  }

  /** Resolves when no queue has work (at once if none has). */
  idle(): Promise<void> {
    if (this.#queues.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.add(resolve));
  }

  /** Removes and returns every waiting item of every token (running ones finish). */
  drainWaiting(): TItem[] {
    return [...this.#queues.values()].flatMap((queue) => queue.drainWaiting());
  }
}
