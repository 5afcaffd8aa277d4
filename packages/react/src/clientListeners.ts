import type { WireErrorReport } from '@core/state/protocol';

/** Who a `CoreClient` tells: of each change of its state or status, and of each failure reported. */
export class ClientListeners {
  readonly #changes = new Set<() => void>();
  readonly #errors = new Set<(error: WireErrorReport) => void>();

  /** Calls `listener` after every change. Returns the function that stops it. */
  subscribe(listener: () => void): () => void {
    this.#changes.add(listener);
    return () => this.#changes.delete(listener);
  }

  /** Calls `listener` with every failure. Returns the function that stops it. */
  onError(listener: (error: WireErrorReport) => void): () => void {
    this.#errors.add(listener);
    return () => this.#errors.delete(listener);
  }

  /** Tells every change listener. */
  change(): void {
    for (const listener of this.#changes) listener();
  }

  /** Tells every failure listener. */
  error(report: WireErrorReport): void {
    for (const listener of this.#errors) listener(report);
  }
}
