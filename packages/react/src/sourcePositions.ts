import type { HydrateMessage, ResyncRequest } from '@core/state/protocol';

/** Where the page stands in one document: the `seq` of the last update applied, and its epoch. */
export interface SourcePosition {
  readonly seq: number;
  readonly epoch: string;
}

/**
 * Where the page stands in each document it shows: its tab's own (source `''`) and the shared
 * documents (session, rooms, app), each with its own `seq` and epoch, and which document each
 * state is taken from.
 */
export class SourcePositions {
  /** The `seq` of the tab's document. */
  seq = 0;
  /** The epoch of the tab's document; '' until the server has stored one. */
  epoch = '';
  #shared = new Map<string, SourcePosition>();
  /** The source of each state taken from a shared document (absent: the tab's own). */
  #stateSource = new Map<string, string>();

  /** Starts over from a hydrate: the tab's document and the shared documents it lists. */
  reset(message: HydrateMessage): void {
    this.seq = message.seq;
    this.epoch = message.epoch ?? '';
    this.#shared = new Map();
    this.#stateSource = new Map();
    for (const [source, shared] of Object.entries(message.shared ?? {})) {
      this.#shared.set(source, { seq: shared.seq, epoch: shared.epoch });
      for (const name of shared.states) this.#stateSource.set(name, source);
    }
  }

  /** True when the page shows shared documents. */
  get hasShared(): boolean {
    return this.#shared.size > 0;
  }

  /** The position in `source`'s document; undefined for a shared document the page does not show. */
  get(source: string): SourcePosition | undefined {
    return source === '' ? { seq: this.seq, epoch: this.epoch } : this.#shared.get(source);
  }

  /** Moves `source`'s document on to `position`. */
  set(source: string, position: SourcePosition): void {
    if (source === '') {
      this.seq = position.seq;
      this.epoch = position.epoch;
    } else {
      this.#shared.set(source, position);
    }
  }

  /** True when the page takes state `name` from `source`'s document. */
  owns(source: string, name: string): boolean {
    return (this.#stateSource.get(name) ?? '') === source;
  }

  /** Where the page stands in each document, as `core:resync` and the handshake say it. */
  request(): ResyncRequest {
    const own = { seq: this.seq, epoch: this.epoch };
    return this.#shared.size > 0 ? { ...own, shared: Object.fromEntries(this.#shared) } : own;
  }
}
