/**
 * A first-in, first-out queue of one token's work, processed one item at a time. Items pushed
 * while one runs wait behind those already queued, which is what makes chained events run
 * breadth-first.
 */
export class TokenQueue<TItem> {
  #items: (TItem | undefined)[] = [];
  #head = 0;
  #running = false;
  readonly #process: (item: TItem) => Promise<void>;
  readonly #onIdle: () => void;

  /**
   * @param process runs one item; it must not reject (report failures itself).
   * @param onIdle called when the queue has run dry.
   */
  constructor(process: (item: TItem) => Promise<void>, onIdle: () => void) {
    this.#process = process;
    this.#onIdle = onIdle;
  }

  /** Appends an item; starts processing when idle. */
  push(item: TItem): void {
    this.#items.push(item);
    if (!this.#running) {
      this.#running = true;
      void this.#drain();
    }
  }

  /** Removes and returns every waiting item (not the running one). */
  drainWaiting(): TItem[] {
    const waiting = this.#items.slice(this.#head) as TItem[];
    this.#items = [];
    this.#head = 0;
    return waiting;
  }

  async #drain(): Promise<void> {
    while (this.#head < this.#items.length) {
      const item = this.#items[this.#head] as TItem;
      this.#items[this.#head++] = undefined;
      await this.#process(item);
    }
    this.#items = [];
    this.#head = 0;
    this.#running = false;
    this.#onIdle();
  }
}
