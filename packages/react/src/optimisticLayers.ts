import type { PublicState } from '@core/state/types';
import { copyOnWrite } from './copyOnWrite.js';

/**
 * Changes the page's copy of one state the way its handler is expected to change the server's:
 * `useEvent(TodoState.add, { optimistic: (draft, text) => { draft.items.push(text); } })`.
 * `draft` is a writable copy of the state's public values (computed vars are not recomputed).
 */
export type OptimisticUpdate<TState = any, TPayload = any> = (draft: TState, payload: TPayload) => void;

/** One event's optimistic change, from its dispatch until the server has answered it. */
export interface OptimisticLayer {
  /** The state whose copy the change applies to. */
  readonly state: string;
  readonly update: OptimisticUpdate;
  readonly payload: unknown;
}

/**
 * The optimistic changes of the events in flight, in dispatch order, over the state the server
 * confirmed. The page shows {@link view}: the confirmed state with every change applied again on
 * top (rebased: a server update that arrives meanwhile is under them, in order), so dropping a
 * layer when its event's own update has arrived leaves exactly the server's state, and dropping it
 * when the event failed rolls the change back. Each view is computed once per confirmed state and
 * set of layers, and costs what the changes touch, not the state's size.
 */
export class OptimisticLayers {
  #layers: OptimisticLayer[] = [];
  #base: PublicState | undefined;
  #view: PublicState | undefined;
  #stale = false;

  /**
   * Puts a change on top of the others and applies it to `base` at once: a change that throws
   * there (a bug in it) is not added, and its error is thrown to the caller.
   */
  add(layer: OptimisticLayer, base: PublicState | undefined): void {
    const below = this.view(base);
    const slice = below?.[layer.state];
    const changed = slice && copyOnWrite(slice, (draft) => layer.update(draft, layer.payload));
    this.#layers.push(layer);
    // The new view is the one below with this change on top: no need to apply the others again.
    this.#base = base;
    this.#view = below && changed !== slice ? { ...below, [layer.state]: changed as Record<string, unknown> } : below;
    this.#stale = base === undefined;
  }

  /** Takes a change out (its event's update arrived, or it failed); false when it was not there. */
  drop(layer: OptimisticLayer): boolean {
    const index = this.#layers.indexOf(layer);
    if (index < 0) return false;
    this.#layers.splice(index, 1);
    this.#changed();
    return true;
  }

  /** The confirmed state with the changes in flight applied on top, in dispatch order. */
  view(base: PublicState | undefined): PublicState | undefined {
    if (this.#layers.length === 0 || base === undefined) return base;
    if (!this.#stale && base === this.#base) return this.#view;
    let view = base;
    for (const layer of this.#layers) {
      const slice = view[layer.state];
      if (slice === undefined) continue;
      try {
        const changed = copyOnWrite(slice, (draft) => layer.update(draft, layer.payload));
        if (changed !== slice) view = { ...view, [layer.state]: changed };
      } catch {
        // A change that no longer fits the state under it (the server removed what it edits) is
        // left out of this view; its event's answer drops it soon.
      }
    }
    this.#base = base;
    this.#view = view;
    this.#stale = false;
    return view;
  }

  #changed(): void {
    this.#stale = true;
  }
}
