import type { DefinitionInternals } from '../definition/index.js';

/** How an async computed var's run ended. */
export type ComputedResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: unknown };

/** One run of an async computed var, from its start to the step that commits its result. */
export interface ComputedFlight {
  /** The document's key and its epoch when the run started (`''`: a document not stored yet). */
  readonly key: string;
  readonly epoch: string;
  readonly internals: DefinitionInternals;
  readonly name: string;
  /** A change it depends on came while it ran: its result is outdated, it runs again instead. */
  superseded: boolean;
}

/** Commits a finished run in a locked step of its document (`settleComputedStep`). */
export type SettleComputed = (flight: ComputedFlight, result: ComputedResult) => Promise<void>;

/**
 * The async computed vars running in this process: at most one run per document and var. A commit
 * that would recompute a var whose run is still going marks that run superseded instead of starting
 * another, so a slow function under a stream of changes costs one run at a time, and the value
 * committed was always computed from the dependencies as they stand.
 */
export class ComputedFlights {
  readonly #flights = new Map<string, Map<string, ComputedFlight>>();
  readonly #settling = new Set<Promise<void>>();
  readonly #settle: SettleComputed;
  #closed = false;
  #wake: () => void = ignore;
  readonly #closing = new Promise<void>((resolve) => {
    this.#wake = resolve;
  });

  constructor(settle: SettleComputed) {
    this.#settle = settle;
  }

  /** The run of `name` (`state.var`) on document `key`, if one is going. */
  get(key: string, name: string): ComputedFlight | undefined {
    return this.#flights.get(key)?.get(name);
  }

  /** Starts tracking a run; its result is committed by a later step. */
  start(key: string, epoch: string, internals: DefinitionInternals, name: string, run: PromiseLike<unknown>): void {
    if (this.#closed) return void Promise.resolve(run).catch(ignore);
    const flight: ComputedFlight = { key, epoch, internals, name, superseded: false };
    let runs = this.#flights.get(key);
    if (!runs) this.#flights.set(key, (runs = new Map()));
    runs.set(`${internals.name}.${name}`, flight);
    const settled = Promise.resolve(run)
      .then(
        (value): ComputedResult => ({ ok: true, value }),
        (error: unknown): ComputedResult => ({ ok: false, error }),
      )
      .then((result) => (this.#closed ? undefined : this.#settle(flight, result)))
      .catch(ignore)
      .finally(() => {
        this.#settling.delete(settled);
        // A settle that never reached its step (the document expired) still ends the run.
        if (this.#flights.get(key)?.get(`${internals.name}.${name}`) === flight) this.end(flight);
      });
    this.#settling.add(settled);
  }

  /** The run is over (called by its step, under the lock, before anything recomputes it). */
  end(flight: ComputedFlight): void {
    const runs = this.#flights.get(flight.key);
    const full = `${flight.internals.name}.${flight.name}`;
    if (runs?.get(full) !== flight) return;
    runs.delete(full);
    if (runs.size === 0) this.#flights.delete(flight.key);
  }

  /** True while some run has not been committed (never once closed: nobody waits for a dropped run). */
  get busy(): boolean {
    return !this.#closed && this.#settling.size > 0;
  }

  /** Resolves once the runs going now have been committed (or dropped). */
  async settled(): Promise<void> {
    while (this.busy) await Promise.race([Promise.all(this.#settling), this.#closing]);
  }

  /** Drops every run (the app closes): their results are not committed, and nothing waits for them. */
  close(): void {
    this.#closed = true;
    this.#flights.clear();
    this.#wake();
  }
}

function ignore(): void {}
