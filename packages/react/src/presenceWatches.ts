import { type PresenceMessage, type PresenceWatchAnswer, WireEvent } from '@core/state/protocol';
import type { CoreClient } from './coreClient.js';
import { type PresencePeer, PresenceReplica } from './presenceReplica.js';

interface Watch {
  readonly replica: PresenceReplica;
  readonly listeners: Set<() => void>;
  /** The label the server's changes for this list carry, once it answered. */
  source: string | undefined;
}

/**
 * The presence lists a page watches (`usePresence`), over its client's socket: asked for when the
 * first component needs one and again after every hydrate or replay (a reconnect, or the tab moved
 * to another room or session), kept up to date from `core:presence` changes, asked for again when
 * one was missed. The page's own metadata is sent with `core:presence-set`.
 */
export class PresenceWatches {
  readonly #client: CoreClient;
  readonly #watches = new Map<string, Watch>();
  #meta: string | undefined;

  constructor(client: CoreClient) {
    this.#client = client;
    client.listen(WireEvent.presence, (message) => this.#receive(message as PresenceMessage));
    const again = () => {
      for (const state of this.#watches.keys()) this.#ask(state);
      if (this.#meta !== undefined) this.#sendMeta();
    };
    client.listen(WireEvent.hydrate, again);
    client.listen(WireEvent.replay, again);
  }

  /** The list of the document holding `state` for this tab, oldest join first; empty until it arrived. */
  peers(state: string): readonly PresencePeer[] {
    return this.#watches.get(state)?.replica.peers ?? EMPTY;
  }

  /** Calls `listener` when the list of `state` changes; watches it while anyone listens. */
  subscribe(state: string, listener: () => void): () => void {
    let watch = this.#watches.get(state);
    if (!watch) {
      watch = { replica: new PresenceReplica(), listeners: new Set(), source: undefined };
      this.#watches.set(state, watch);
      this.#ask(state);
    }
    watch.listeners.add(listener);
    const current = watch;
    return () => {
      current.listeners.delete(listener);
      // The server keeps the socket in the list's room until it disconnects: cheap, and the next
      // component to watch it finds it ready.
    };
  }

  /** Sets this page's own metadata (a JSON object of at most 1 KiB; fields the app derives win). */
  set(meta: Readonly<Record<string, unknown>>): void {
    const json = JSON.stringify(meta);
    if (json === this.#meta) return;
    this.#meta = json;
    this.#sendMeta();
  }

  #sendMeta(): void {
    const meta = JSON.parse(this.#meta ?? '{}') as Record<string, unknown>;
    this.#client.request(WireEvent.presenceSet, { meta }).catch(() => {});
  }

  #ask(state: string): void {
    this.#client
      .request<PresenceWatchAnswer>(WireEvent.presenceWatch, { state })
      .then((answer) => {
        const watch = this.#watches.get(state);
        if (!watch || !answer.ok) return;
        watch.source = answer.source;
        watch.replica.reset(answer.list);
        for (const listener of watch.listeners) listener();
      })
      .catch(() => {}); // asked again at the next hydrate
  }

  #receive(message: PresenceMessage): void {
    for (const [state, watch] of this.#watches) {
      if (watch.source !== message.source) continue;
      const outcome = watch.replica.apply(message.change);
      if (outcome === 'applied') for (const listener of watch.listeners) listener();
      else if (outcome === 'gap') this.#ask(state);
    }
  }
}

const EMPTY: readonly PresencePeer[] = Object.freeze([]);
