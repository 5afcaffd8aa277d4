import { isPromiseLike } from '../step/index.js';

/** Runs `fn` on a later turn of the event loop, before timers where the platform allows. */
const nextTurn: (fn: () => void) => void =
  typeof setImmediate === 'function' ? (fn) => void setImmediate(fn) : (fn) => void setTimeout(fn, 0);

/** One token's work: waiting items from `head` on (the one before `head` may be running). */
interface Queue<TItem> {
  items: (TItem | undefined)[];
  head: number;
}

/**
 * The queues of {@link EventQueue}: one first-in, first-out queue per token, processed one item at
 * a time. Items pushed while one runs wait behind those already queued (chains run breadth-first).
 * An item processed without a promise (a free lock, a synchronous handler) is followed at once by
 * the next: no promise per item. A queue exists only while its token has work, so idle tokens cost
 * nothing; {@link idle} waits until every queue is empty.
 */
export class TokenQueues<TItem> {
  readonly #queues = new Map<string, Queue<TItem>>();
  readonly #idleWaiters = new Set<() => void>();
  readonly #process: (token: string, item: TItem) => void | PromiseLike<void>;

  /** @param process runs one item of a token; it must not throw or reject (it reports failures itself). */
  constructor(process: (token: string, item: TItem) => void | PromiseLike<void>) {
    this.#process = process;
  }

  /** True while any token has an item running or waiting. */
  get busy(): boolean {
    return this.#queues.size > 0;
  }

  /** Appends an item to the token's queue; runs it now when the token has no other work. */
  push(token: string, item: TItem): void {
    const queue = this.#queues.get(token);
    if (queue) {
      queue.items.push(item);
      return;
    }
    const created: Queue<TItem> = { items: [item], head: 0 };
    this.#queues.set(token, created);
    this.#drain(token, created);
  }

  /** Resolves when no queue has work (at once if none has). */
  idle(): Promise<void> {
    if (this.#queues.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.add(resolve));
  }

  /** Removes and returns every waiting item of every token (running ones finish). */
  drainWaiting(): TItem[] {
    const waiting: TItem[] = [];
    for (const queue of this.#queues.values()) {
      for (let i = queue.head; i < queue.items.length; i++) waiting.push(queue.items[i] as TItem);
      queue.items.length = queue.head;
    }
    return waiting;
  }

  #drain(token: string, queue: Queue<TItem>): void {
    while (queue.head < queue.items.length) {
      const item = queue.items[queue.head] as TItem;
      queue.items[queue.head++] = undefined;
      if (queue.head > 1_024 && queue.head * 2 > queue.items.length) {
        // A token that stays busy: drop what ran, in bulk.
        queue.items = queue.items.slice(queue.head);
        queue.head = 0;
      }
      const pending = this.#process(token, item);
      if (isPromiseLike(pending)) {
        pending.then(() => this.#drain(token, queue));
        return;
      }
      if (queue.head < queue.items.length) {
        // What the item chained (or what arrived meanwhile) runs on a later turn: the caller of
        // `dispatch` hears that its handler finished before its chained events run.
        nextTurn(() => this.#drain(token, queue));
        return;
      }
    }
    this.#queues.delete(token);
    if (this.#queues.size > 0) return;
    for (const wake of this.#idleWaiters) wake();
    this.#idleWaiters.clear();
  }
}
