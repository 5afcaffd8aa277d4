import type { EventSpec } from '@core/state';
import type { WireErrorReport } from '@core/state/protocol';
import type { PublicState } from '@core/state/types';
import type { OptimisticLayer, OptimisticLayers, OptimisticUpdate } from './optimisticLayers.js';

export type { OptimisticUpdate } from './optimisticLayers.js';

/**
 * The client's side of optimistic updates: the page's state as shown is the server's with the
 * changes of events in flight on top ({@link OptimisticLayers}, loaded with the first optimistic
 * event: pages without one never download it). What it needs to know of an event is one thing:
 * when it is settled: by the update that ends it (applied right after, before listeners are told),
 * by the last of the shared updates its ack named (in the step that applies it, before listeners
 * are told), or by an ack alone (success without an update, or failure).
 */
export class OptimisticView {
  #layers: OptimisticLayers | undefined;
  readonly #notify: () => void;
  readonly #report: (report: WireErrorReport) => void;

  /** `notify` tells the client's listeners; `report` shows an optimistic update that threw. */
  constructor(notify: () => void, report: (report: WireErrorReport) => void) {
    this.#notify = notify;
    this.#report = report;
  }

  /** `base` with the changes in flight on top. */
  view(base: PublicState | undefined): PublicState | undefined {
    return this.#layers ? this.#layers.view(base) : base;
  }

  /**
   * Shows `update` for `event` on top of `base()` now (or, the first time, once its code has
   * loaded: the event is not held back) and returns what to call when the event is settled.
   */
  track(event: EventSpec<unknown>, update: OptimisticUpdate, base: () => PublicState | undefined): () => void {
    const layer: OptimisticLayer = { state: event.state, update, payload: event.payload };
    let settled = false;
    const apply = (layers: OptimisticLayers) => {
      if (settled) return;
      try {
        layers.add(layer, base());
      } catch (error) {
        const message = `[core/react] The optimistic update of ${event.state}.${event.name} threw, so it is not shown: ${error instanceof Error ? error.message : String(error)}`;
        this.#report({ code: 'INTERNAL_ERROR', handler: `${event.state}.${event.name}`, message });
        return;
      }
      this.#notify();
    };
    if (loaded) apply((this.#layers ??= new loaded()));
    else void this.#load().then(apply);
    return () => {
      settled = true;
      if (!this.#layers?.drop(layer)) return;
      // Settled by an update (its id, or the positions its ack named): it is applied and the
      // listeners told right after, in this task (the change never shows twice). Settled by an ack
      // alone: nothing else tells them, so tell them once more after it; a listener that already
      // saw this state reads the same snapshot again.
      queueMicrotask(this.#notify);
    };
  }

  #load(): Promise<OptimisticLayers> {
    return loadLayers().then((Layers) => (this.#layers ??= new Layers()));
  }
}

let loaded: typeof OptimisticLayers | undefined;
let loading: Promise<typeof OptimisticLayers> | undefined;

/**
 * Starts loading the optimistic layers' code (`useEvent` with `optimistic` does on mount), so that
 * the first optimistic event already shows its change at once.
 */
export function loadLayers(): Promise<typeof OptimisticLayers> {
  loading ??= import('./optimisticLayers.js').then(({ OptimisticLayers }) => (loaded = OptimisticLayers));
  return loading;
}
