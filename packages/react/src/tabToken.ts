/**
 * The tab's token, kept in `storage` (the tab's `sessionStorage`) so that a reload keeps its state:
 * a server-rendered page's token is adopted when the tab has none of its own yet, and a hydrate's
 * token replaces both.
 */
export class TabToken {
  /** The token of the state the page shows. */
  current: string | undefined;
  /** The token sent when connecting (the tab's own, which may differ from a rendered one). */
  auth: string | undefined;
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  readonly #key: string;

  /** `rendered`: the token the server rendered the page with, if it did. */
  constructor(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined, key: string, rendered?: string) {
    this.#storage = storage;
    this.#key = key;
    this.current = storage?.getItem(key) ?? undefined;
    this.auth = this.current;
    if (rendered === undefined) return;
    this.current = rendered;
    if (this.auth === undefined) {
      this.auth = rendered;
      storage?.setItem(key, rendered);
    }
  }

  /** A hydrate brought `token`: the tab's own from now on. */
  adopt(token: string): void {
    if (token === this.current && token === this.auth) return;
    this.current = token;
    this.auth = token;
    this.#storage?.setItem(this.#key, token);
  }
}
