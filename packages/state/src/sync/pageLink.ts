import type { HydrateMessage, Hydration, ReplayMessage, ResyncRequest } from '../protocol.js';
import type { StoredValuesOutcome } from './applyStoredValues.js';
import type { PageRooms } from './pageRooms.js';
import type { ReplayPosition, TabReplay } from './replayView.js';

/** What a page sends when it connects, as its transport checked it. */
export interface PageOpening {
  /** For a duplicated tab: the token whose state the new token starts from (a copy). */
  readonly copyFrom?: string;
  /** Values of storage vars the page read from the browser as it connected. */
  readonly stored?: Readonly<Record<string, unknown>>;
  /** The page's browser session (from its signed cookie). */
  readonly session?: string;
}

/** What a page link uses of its app. */
export interface PageLinkParts {
  copyState(from: string, to: string): Promise<void>;
  applyStoredValues(token: string, values: Readonly<Record<string, unknown>>): Promise<StoredValuesOutcome>;
  linkSession(token: string, session: string): Promise<void>;
  /** The tab's hydrate; the page enters the rooms of its shared documents before they are read. */
  hydrate(token: string, rooms: PageRooms): Promise<Hydration & { readonly keys: readonly string[] }>;
  /** What the page missed; it enters the rooms of the tab's shared documents before their logs are read. */
  replay(
    token: string,
    since: ReplayPosition,
    options: { session?: string; rooms: PageRooms },
  ): Promise<TabReplay | undefined>;
  readonly storageBindings: readonly unknown[];
  /** Counts the page as connected (task grace period, presence); returns its disconnect. */
  connected(token: string): () => void;
}

/**
 * One connected page of a tab, from the runtime's side: the work that must happen before it sees
 * its state (a duplicated tab's copy, the values the browser's storage holds, its session's link)
 * and, at connect and at each resync, what it gets — the updates it missed from the replay logs
 * when it says where it stands and the logs cover it, else a hydrate. The page is in the rooms of
 * the shared documents its tab's stored links lead to, and of no others: what it says it shows only
 * tells where it stands in each.
 */
export class PageLink {
  /**
   * Settles (never rejects) once a duplicated tab's copy is made and the stored values sent at
   * connect are applied: the page's first navigation waits for it.
   */
  readonly ready: Promise<void>;
  readonly #parts: PageLinkParts;
  readonly #token: string;
  readonly #session: string | undefined;
  readonly #rooms: PageRooms;
  readonly #disconnected: () => void;
  #copied: Promise<void> | undefined;
  #pendingStored: Promise<unknown> | undefined;

  constructor(parts: PageLinkParts, token: string, opening: PageOpening, rooms: PageRooms) {
    this.#parts = parts;
    this.#token = token;
    this.#session = opening.session;
    this.#rooms = rooms;
    this.#disconnected = parts.connected(token);
    this.#copied = opening.copyFrom ? parts.copyState(opening.copyFrom, token) : undefined;
    // Values from the browser's storage count before anything reads the state: the hydrate waits
    // for them, and so does the page's first navigation (its on-load events).
    const { stored } = opening;
    const copied = this.#copied;
    const applied =
      stored &&
      (async () => {
        if (copied) await copied;
        await parts.applyStoredValues(token, stored);
      })();
    this.#pendingStored = applied;
    this.ready = (applied ?? copied ?? Promise.resolve()).then(noop, noop);
  }

  /**
   * What the page needs: when it says where it stands (`since`) and the replay logs still hold
   * what came after, those updates; a hydrate otherwise. The rooms are joined after the tab's
   * links are read and before the shared documents' logs are: updates committed after a room join
   * reach the page twice at most (here and live), and it applies each `seq` once.
   */
  async catchUp(since?: ResyncRequest): Promise<HydrateMessage | ReplayMessage> {
    const token = this.#token;
    if (since && !this.#copied) {
      // The browser's stored values count first, as for a hydrate; their update is replayed.
      await this.#takeStored();
      const replayed = await this.#parts.replay(token, since, { session: this.#session, rooms: this.#rooms });
      if (replayed) {
        const { updates } = replayed;
        const floats = updates.some((update) => update.floats);
        return floats ? { token, epoch: since.epoch, updates, floats } : { token, epoch: since.epoch, updates };
      }
    }
    return this.hydrate();
  }

  /** The page went away. */
  close(): void {
    this.#disconnected();
  }

  /**
   * A hydrate, whatever the page says of where it stands (the transport leaves out what a
   * partially rendered page already holds): a duplicated tab's copy and the stored values first.
   */
  async hydrate(): Promise<HydrateMessage> {
    const token = this.#token;
    if (this.#copied) {
      await this.#copied;
      this.#copied = undefined;
    }
    await this.#takeStored();
    if (this.#session !== undefined) await this.#parts.linkSession(token, this.#session);
    // The shared documents this tab shows: their updates go to rooms named after their keys.
    const { keys: _keys, ...hydration } = await this.#parts.hydrate(token, this.#rooms);
    const storage = this.#parts.storageBindings as HydrateMessage['storage'];
    return storage && storage.length > 0 ? { token, ...hydration, storage } : { token, ...hydration };
  }

  async #takeStored(): Promise<void> {
    const applying = this.#pendingStored;
    this.#pendingStored = undefined;
    if (applying) await applying;
  }
}

function noop(): void {}
