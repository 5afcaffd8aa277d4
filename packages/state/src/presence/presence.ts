/** Tells which tabs have a page connected (see `app.tokens()`). */
export interface Presence {
  /** The tokens with at least one connected page, on every process. */
  tokens(): Promise<readonly string[]>;
}
