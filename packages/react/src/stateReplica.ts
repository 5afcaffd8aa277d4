import {
  type HydrateMessage,
  isReplayMessage,
  type Patch,
  type PatchMessage,
  type ReplayMessage,
  type ResyncRequest,
  reviveFloats,
  type UpdatePosition,
  type WindowAnswer,
  type WindowRequest,
} from '@core/state/protocol';
import type { PublicState } from '@core/state/types';
import { applyJsonPatches } from './applyJsonPatches.js';
import { keepNewerDocuments } from './keepNewerDocuments.js';
import { SourcePositions } from './sourcePositions.js';
import { loadWindowFunctions, windowFunctions } from './windowFunctions.js';

/** True for a patch carrying a collection's ops (applied to the page's window of it). */
function isCollectionOps(patch: { readonly op: string }): boolean {
  return patch.op === 'collection';
}

/**
 * `patches` applied in order, a collection's ops to its window (a `replace` of the window by the
 * new one), everything else by `applyJsonPatches`.
 */
function applyPatches(state: PublicState, patches: readonly Patch[]): PublicState {
  const apply = windowFunctions()?.apply;
  if (!apply || !patches.some(isCollectionOps)) return applyJsonPatches(state, patches);
  let next = state;
  let run: Patch[] = [];
  for (const patch of patches) {
    if (!isCollectionOps(patch)) {
      run.push(patch);
      continue;
    }
    next = applyJsonPatches(next, run);
    run = [];
    const [name, key] = patch.path as [string, string];
    next = applyJsonPatches(next, [
      {
        op: 'replace',
        path: [name, key],
        value: apply(next[name]?.[key], patch.value, (patch as { total?: number }).total),
      },
    ]);
  }
  return applyJsonPatches(next, run);
}

/** What a {@link StateReplica} asks of the client that feeds it. */
export interface ReplicaHost {
  /** The tab's token: a hydrate or replay of another token's document starts over. */
  currentToken(): string | undefined;
  /**
   * A hydrate was taken (with the page's newer state when the hydrate was stale). `recreated`: it
   * is not of the document the page's state came from (another token, or the document was made
   * anew: it expired, or the server lost it).
   */
  hydrated(message: HydrateMessage, recreated: boolean): void;
  /** Caught up after a hydrate or a replay, and after what arrived meanwhile. */
  caughtUp(state: PublicState | undefined): void;
  /** A live update was applied (before listeners are told): the events waiting for it settle here. */
  updated(state: PublicState): void;
  /** Tells the listeners that the state changed. */
  notify(): void;
  /** An update carried the id of the event that made it: that event has ended. */
  settle(eventId: string): void;
  /** Sends `core:resync`: with the page's positions for a replay, without for a fresh hydrate. */
  resync(position: ResyncRequest | undefined, answer: (message: HydrateMessage | ReplayMessage) => void): void;
}

/**
 * The page's copy of the public state: an immutable snapshot replaced on every update (unchanged
 * parts keep their identity). Applies each document's updates in `seq` order, once; on a gap, an
 * epoch change or a patch that does not apply it resyncs (a replay of what it missed when the
 * server still has it, else a fresh hydrate) and holds what arrives until the answer is in.
 */
export class StateReplica {
  #state: PublicState | undefined;
  readonly #positions = new SourcePositions();
  #buffered: PatchMessage[] = [];
  /** Loaded collection slices waiting for their document's update (see `extendWindow`). */
  #windows: { request: WindowRequest; answer: WindowAnswer & { ok: true }; resolve(done: boolean): void }[] = [];
  #resyncing = false;
  /** States a server render left out (it did not read them), until a hydrate brings them. */
  #missing: readonly string[] = [];
  #completed: (() => void) | undefined;
  /** Resolves once the page holds every state (at once, unless it started from a partial render). */
  readonly complete: Promise<void>;
  readonly #host: ReplicaHost;

  /** `omitted`: the states the server render left out of `initial` (see `SsrPayload.omitted`). */
  constructor(host: ReplicaHost, initial?: HydrateMessage, omitted: readonly string[] = []) {
    this.#host = host;
    this.complete = new Promise((resolve) => {
      this.#completed = resolve;
    });
    if (initial) {
      // A server render: the page stands where the render did in every document, so connecting
      // is a replay of what it missed (no second copy of the state); live patches wait for it.
      this.#state = initial.floats ? reviveFloats(initial.state) : initial.state;
      this.#positions.reset(initial);
      this.#resyncing = true;
      this.#missing = omitted;
    }
    if (this.#missing.length === 0) this.#completed?.();
  }

  /** The public state of every state; undefined until the first hydrate. */
  get state(): PublicState | undefined {
    return this.#state;
  }

  /** The `seq` of the last update of the tab's document applied. */
  get seq(): number {
    return this.#positions.seq;
  }

  /**
   * True when the page has applied the update at `position`, or never will (a shared document it
   * does not show).
   */
  hasApplied(position: UpdatePosition): boolean {
    const stream = this.#positions.get(position.source ?? '');
    return stream === undefined || stream.seq >= position.seq;
  }

  /** The connection dropped: the next one starts with a hydrate or a replay; hold patches until then. */
  disconnected(): void {
    this.#resyncing = this.#state !== undefined;
  }

  /**
   * True when the page can ask for a replay: it has state from a stored document. Its positions
   * cover its tab's document and every shared document it shows.
   */
  canReplay(): boolean {
    return this.#state !== undefined && this.#positions.epoch !== '';
  }

  /** Where the page stands in each document it shows, and which states it has not got yet. */
  position(): ResyncRequest & { missing?: string[] } {
    const position = this.#positions.request();
    return this.#missing.length > 0 ? { ...position, missing: [...this.#missing] } : position;
  }

  /** Takes a hydrate: the full state of the token's document and the shared documents it shows. */
  hydrate(message: HydrateMessage): void {
    // NaN and the infinities arrive as their reserved strings (see the protocol).
    if (message.floats) reviveFloats(message.state);
    if (message.kept && this.#state) {
      // The states the page holds where their document has not moved: keep the page's copies.
      const kept: Record<string, PublicState[string]> = {};
      for (const name of message.kept) if (this.#state[name] !== undefined) kept[name] = this.#state[name];
      message = { ...message, state: { ...kept, ...message.state } };
    }
    this.#missing = [];
    this.#completed?.();
    // A hydrate read before updates this page already applied (they overtook it on the way) is
    // older than what the page shows in those documents: keep the page's copy of each, take the rest.
    if (message.token === this.#host.currentToken() && this.#state !== undefined) {
      message = keepNewerDocuments(message, this.#state, this.#positions);
    }
    const recreated =
      this.#state !== undefined &&
      (message.token !== this.#host.currentToken() ||
        (this.#positions.epoch !== '' && (message.epoch ?? '') !== this.#positions.epoch));
    this.#state = message.state;
    this.#positions.reset(message);
    this.#host.hydrated(message, recreated);
    this.#caughtUp();
  }

  /**
   * What was missed since the page's positions (a reconnect or a resync), instead of a hydrate:
   * each update goes through {@link receive}, which applies each document's `seq` once, in order;
   * one that does not fit starts a resync and the rest waits for its answer.
   */
  replay(message: ReplayMessage): void {
    if (
      message.token !== this.#host.currentToken() ||
      message.epoch !== this.#positions.epoch ||
      this.#state === undefined
    ) {
      this.#resyncing = false;
      this.#resync(true);
      return;
    }
    this.#resyncing = false;
    const updates = [...message.updates].sort((a, b) => a.seq - b.seq);
    for (const update of updates) {
      this.receive(update, false);
      if (this.#resyncing) return;
    }
    this.#caughtUp();
  }

  /** Applies one update (`notify`: tell the host and listeners, as for a live one). */
  receive(update: PatchMessage, notify = true): void {
    if (update.floats) reviveFloats(update.patches);
    if (update.eventId !== undefined) this.#host.settle(update.eventId);
    if (this.#state === undefined || this.#resyncing) {
      this.#buffered.push(update);
      return;
    }
    const source = update.source ?? '';
    const stream = this.#positions.get(source);
    if (!stream) return; // a shared document this tab does not show (any more)
    if (update.epoch && stream.epoch && update.epoch !== stream.epoch) {
      // The server's document was recreated (expired, lost): its seq started over. Start over too.
      this.#resync(true);
      return;
    }
    if (update.seq <= stream.seq) return; // already part of the hydrate
    if (update.seq !== stream.seq + 1) {
      this.#buffered.push(update);
      this.#resync();
      return;
    }
    try {
      // Only the states this tab takes from that document (a room's document may hold others).
      const patches = update.patches.filter((patch) => this.#positions.owns(source, String(patch.path[0])));
      if (patches.some(isCollectionOps) && !windowFunctions()) {
        // The first collection patch of a page without `useCollection`: load how to apply it first.
        this.#buffered.push(update);
        this.#resyncing = true;
        void loadWindowFunctions().then(() => this.#caughtUp());
        return;
      }
      if (patches.length > 0) this.#state = applyPatches(this.#state, patches);
      this.#positions.set(source, { seq: update.seq, epoch: update.epoch || stream.epoch });
      if (notify) this.#host.updated(this.#state);
    } catch {
      this.#resync(true); // a patch that does not apply: start over from a fresh hydrate
      return;
    }
    this.#extendWindows();
    if (notify) this.#host.notify();
  }

  /**
   * Adds a slice of a collection the page loaded (`core:window`) to its window, once the page has
   * applied the update of its document the slice was read at. Resolves with false when the window
   * changed meanwhile (a fresh hydrate, a reset) and the slice no longer fits; rejects when the
   * server refused.
   */
  extendWindow(request: WindowRequest, answer: WindowAnswer): Promise<boolean> {
    if (!answer.ok) return Promise.reject(new Error(answer.error.message));
    return new Promise((resolve) => {
      this.#windows.push({ request, answer, resolve });
      this.#extendWindows();
    });
  }

  /** After a hydrate or a replay: apply what arrived meanwhile, then let the host go on. */
  #caughtUp(): void {
    this.#resyncing = false;
    const buffered = this.#buffered.sort((a, b) => a.seq - b.seq);
    this.#buffered = [];
    for (const update of buffered) this.receive(update, false);
    this.#extendWindows();
    this.#host.caughtUp(this.#state);
  }

  /** Applies the loaded slices whose document the page has caught up with (see `extendWindow`). */
  #extendWindows(): void {
    if (this.#windows.length === 0 || this.#resyncing) return;
    const extend = windowFunctions()?.extend;
    this.#windows = this.#windows.filter(({ request, answer, resolve }) => {
      const at = this.#positions.get(answer.source ?? '');
      // A document the page saw before it was stored (epoch '') is the same one, at seq 0.
      const same = at !== undefined && (at.epoch === answer.epoch || at.epoch === '');
      if (same && at.seq < answer.seq) return true; // not there yet
      const current = this.#state?.[request.state]?.[request.name];
      const next = same && extend ? extend(current, answer.slice) : undefined;
      if (next !== undefined && this.#state) {
        this.#state = { ...this.#state, [request.state]: { ...this.#state[request.state], [request.name]: next } };
        this.#host.notify();
      }
      resolve(next !== undefined);
      return false;
    });
  }

  /** Asks for what the page missed (a replay when the server's log has it), or with `fresh` a hydrate. */
  #resync(fresh = false): void {
    if (this.#resyncing) return;
    this.#resyncing = true;
    const answer = (message: HydrateMessage | ReplayMessage) =>
      isReplayMessage(message) ? this.replay(message) : this.hydrate(message);
    this.#host.resync(fresh || !this.canReplay() ? undefined : this.position(), answer);
  }
}
