/** Sends `core:navigate` and calls `done` once the server has run the page's on-load events. */
export type EmitNavigate = (href: string, reason: 'navigate' | 'connect', done: () => void) => void;

/**
 * Where a pages app is, as the server must know it: each navigation is sent at once when
 * connected, else it waits; every (re)connect sends the current location first, so the page's
 * on-load events run before the events it queued.
 */
export class PageLocation {
  #href: string | undefined;
  #waiting: { href: string; resolve: () => void }[] = [];
  readonly #emit: EmitNavigate;

  /** `href`: the location the page opened at (none for an app without pages). */
  constructor(href: string | undefined, emit: EmitNavigate) {
    this.#href = href;
    this.#emit = emit;
  }

  /** The page is now at `href`; resolves when its on-load events have run. */
  navigate(href: string, connected: boolean): Promise<void> {
    this.#href = href;
    return new Promise<void>((resolve) => {
      if (connected) this.#emit(href, 'navigate', resolve);
      else this.#waiting.push({ href, resolve });
    });
  }

  /** Connected (again) and caught up: says where the page is; the waiting navigations resolve then. */
  connected(): void {
    if (this.#href === undefined) return;
    const waiting = this.#waiting.splice(0);
    const reason = waiting.length > 0 ? 'navigate' : 'connect';
    this.#emit(this.#href, reason, () => {
      for (const navigation of waiting) navigation.resolve();
    });
  }
}
