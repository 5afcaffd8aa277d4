/**
 * Listeners told that something changed, coalesced: however many changes arrive within `delay`
 * milliseconds, each listener runs once after it. A listener that throws or rejects is reported.
 */
export class ChangeListeners {
  readonly #listeners = new Set<() => unknown>();
  readonly #delay: number;
  readonly #report: (error: unknown) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(delay: number, report: (error: unknown) => void) {
    this.#delay = delay;
    this.#report = report;
  }

  /** Adds a listener; returns the function that removes it. */
  add(listener: () => unknown): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Something changed: run the listeners once the burst is over. */
  changed(): void {
    if (this.#timer || this.#listeners.size === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      for (const listener of this.#listeners) {
        try {
          Promise.resolve(listener()).catch(this.#report);
        } catch (error) {
          this.#report(error);
        }
      }
    }, this.#delay);
  }

  /** Drops every listener and a pending run. */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#listeners.clear();
  }
}
