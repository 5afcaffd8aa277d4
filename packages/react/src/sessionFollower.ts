import type { SessionMessage } from '@core/state/protocol';

/**
 * Follows the tab's sign-ins and sign-outs (`core:session`, see `followSession`): fetches this
 * tab's new session cookie, or waits until the browser sends the one another tab is getting, then
 * calls `reconnect` so that the socket's handshake carries it. Sign-ins are rare: the code that
 * follows them is a chunk of its own, loaded then.
 *
 * Until this tab's new cookie has come, {@link SessionFollower.unfinished} is the proof that gets
 * it: a page load in that moment (a reload, a link, a form post) would go out with the old cookie,
 * so the page leaves the proof for the server with its token (`leaveToken`), and the render
 * finishes the renewal itself.
 */
export class SessionFollower {
  readonly #token: () => string | undefined;
  readonly #url: string | undefined;
  readonly #reconnect: () => void;
  #unfinished: string | undefined;

  /** `token`: the tab's token now; `url`: the server's origin (this page's when undefined). */
  constructor(token: () => string | undefined, url: string | undefined, reconnect: () => void) {
    this.#token = token;
    this.#url = url;
    this.#reconnect = reconnect;
  }

  /** The proof of this tab's renewal while its POST has no answer yet; undefined otherwise. */
  get unfinished(): string | undefined {
    return this.#unfinished;
  }

  /** Follows one `core:session` message. */
  follow(message: SessionMessage): void {
    // Set at once, before the chunk loads: the page may be left while it does.
    const proof = message.renew ? message.proof : undefined;
    if (proof !== undefined) this.#unfinished = proof;
    import('./followSession.js')
      .then(({ followSession }) => followSession(message, this.#token(), this.#url))
      .then(
        (again) => {
          // The POST was answered: the browser holds the cookie it was given.
          if (proof !== undefined && this.#unfinished === proof) this.#unfinished = undefined;
          if (again) this.#reconnect();
        },
        () => undefined,
      );
  }
}
