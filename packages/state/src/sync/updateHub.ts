import type { ClientCallAnswer } from '../client/index.js';
import type { Logger } from '../logger.js';
import type { ErrorReport, StateUpdate } from '../protocol.js';
import type { DocLinks } from '../scopes/index.js';
import type { ActionDelivery, AppListener, ClientCallRequest } from './appListener.js';

interface TokenListener {
  readonly update: (update: StateUpdate) => void;
  readonly error?: (error: ErrorReport) => void;
}

/**
 * The app's listeners: per token (tests, server-side code) and for every token (the transport).
 * A listener that throws is reported to the logger and the others still run.
 */
export class UpdateHub {
  readonly #byToken = new Map<string, Set<TokenListener>>();
  readonly #all = new Set<AppListener>();
  readonly #logger: () => Logger;

  constructor(logger: () => Logger) {
    this.#logger = logger;
  }

  /** Adds a listener for one token; returns the function that removes it. */
  subscribe(token: string, update: (update: StateUpdate) => void, error?: (error: ErrorReport) => void): () => void {
    let set = this.#byToken.get(token);
    if (!set) {
      set = new Set();
      this.#byToken.set(token, set);
    }
    const entry: TokenListener = { update, error };
    set.add(entry);
    return () => {
      set.delete(entry);
      if (set.size === 0 && this.#byToken.get(token) === set) this.#byToken.delete(token);
    };
  }

  /** Adds a listener for every token; returns the function that removes it. */
  subscribeAll(listener: AppListener): () => void {
    this.#all.add(listener);
    return () => this.#all.delete(listener);
  }

  /** Delivers an update of `token` (of the document with this epoch). No closure per listener: it runs per event. */
  update(token: string, update: StateUpdate, epoch: string): void {
    const listeners = this.#byToken.get(token);
    if (listeners) {
      for (const listener of listeners) {
        try {
          listener.update(update);
        } catch (error) {
          this.#threw(error);
        }
      }
    }
    for (const listener of this.#all) {
      try {
        listener.update?.(token, update, epoch);
      } catch (error) {
        this.#threw(error);
      }
    }
  }

  /** Tells the transport that a tab's links changed (it joined or left a room, or its session). */
  relinked(token: string, links: DocLinks, previous: DocLinks): void {
    for (const listener of this.#all) this.#call(() => listener.relinked?.(token, links, previous));
  }

  /** Tells the transport that a tab signed in or out: its session id moved from `from` to `to`. */
  sessionRotated(token: string, from: string | undefined, to: string): void {
    for (const listener of this.#all) this.#call(() => listener.sessionRotated?.(token, from, to));
  }

  /** Delivers a failure report of `token`. */
  error(token: string, report: ErrorReport): void {
    const listeners = this.#byToken.get(token);
    if (listeners) for (const listener of listeners) this.#call(() => listener.error?.(report));
    for (const listener of this.#all) this.#call(() => listener.error?.(token, report));
  }

  /** Delivers client actions of `token`. */
  action(token: string, delivery: ActionDelivery): void {
    for (const listener of this.#all) this.#call(() => listener.action?.(token, delivery));
  }

  /** Asks the first listener that can reach pages to call a client function. */
  callClient(token: string, request: ClientCallRequest): Promise<ClientCallAnswer> {
    for (const listener of this.#all) if (listener.call) return listener.call(token, request);
    return Promise.resolve({
      ok: false,
      error: { code: 'NO_PAGE', message: 'no transport reaches the pages (nothing subscribed with call)' },
    });
  }

  #call(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#threw(error);
    }
  }

  #threw(error: unknown): void {
    this.#logger().error('A state listener threw', { error });
  }
}
