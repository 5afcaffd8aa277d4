import type { Logger } from '../logger.js';
import { ChangeListeners } from './changeListeners.js';
import { PagePresence } from './pagePresence.js';
import type { Presence } from './presence.js';

/** What an app's presence takes from its app. */
export interface AppPresenceHost {
  /** The transport's presence (across processes), once the app is resolved. */
  presence(): Presence | undefined;
  readonly logger: () => Logger;
  /** Cancels the background tasks of a token whose pages have all gone for the grace period. */
  cancelTasks(token: string): Promise<void>;
  /** The app's `taskGracePeriod`, in ms. */
  readonly gracePeriod: number;
}

/**
 * Which tabs an app's pages are on: the transport's presence across processes (`app.tokens()`,
 * `app.onTokensChange`) and the pages connected to this process, whose tokens' background tasks
 * are cancelled after the grace period once none is left.
 */
export class AppPresence {
  readonly #host: AppPresenceHost;
  /** Pages connected to this process, per token: the grace period of their tasks. */
  readonly #pages: PagePresence;
  readonly #listeners: ChangeListeners;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: AppPresenceHost) {
    this.#host = host;
    this.#listeners = new ChangeListeners(50, (error) => host.logger().error('A tokens listener failed', { error }));
    this.#pages = new PagePresence(
      host.gracePeriod,
      (token) => {
        host.cancelTasks(token).catch((error: unknown) => {
          host.logger().warn('Cancelling the tasks of a token without pages failed', { token, error });
        });
      },
      () => {
        // A page of the token may be connected to another process: the transport's presence says.
        const presence = host.presence();
        return presence && (async (token) => (await presence.tokens()).includes(token));
      },
    );
  }

  /** The tokens with a page connected now, on every process; empty without a presence. */
  async tokens(): Promise<readonly string[]> {
    return (await this.#host.presence()?.tokens()) ?? [];
  }

  /** Adds a listener called (at most every 50 ms) when tabs may have connected or gone away. */
  listen(listener: () => void): () => void {
    return this.#listeners.add(listener);
  }

  /** The transport says pages connected or went away. */
  changed(): void {
    this.#listeners.changed();
  }

  /** A page of `token` connected to this process; returns the function to call when it disconnects. */
  connected(token: string): () => void {
    return this.#pages.connected(token);
  }

  /** Tells listeners to look again every `interval` ms (the transport's presence may have changed elsewhere). */
  poll(interval: number): void {
    clearInterval(this.#timer);
    this.#timer = setInterval(() => this.#listeners.changed(), interval);
    this.#timer.unref?.();
  }

  /** Drops the grace timers, the polling and the listeners (the app is closing). */
  close(): void {
    clearInterval(this.#timer);
    this.#pages.close();
    this.#listeners.clear();
  }
}
