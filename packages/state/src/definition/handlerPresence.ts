/**
 * `ctx.presence`: the entry of the page that sent the event in the presence list of the handler's
 * own document (its state's room, browser session, the app, or the tab). What a handler sets there
 * is the server's word: it wins over what the page sets itself (`usePresence(state, meta)`) and
 * over what `createApp({ presenceMeta })` derives, and it lasts while the page stays in the list.
 * Checked at the call like the page's own (a JSON object of at most 1 KiB); applied when the step
 * commits (a `yield` or its end), so a handler that throws sets nothing.
 *
 * @example
 * claimSeat(s, seat: number, ctx) {
 *   s.taken = [...s.taken, seat];
 *   ctx.presence?.update({ seat });
 * }
 */
export interface HandlerPresence {
  /** What handlers have set for the page in this list so far (this step's calls included). */
  readonly meta: Readonly<Record<string, unknown>>;
  /** Replaces what handlers set for the page in this list (`set({})` clears it). */
  set(meta: Readonly<Record<string, unknown>>): void;
  /** Merges `fields` into what handlers set for the page in this list (`null` stays a value). */
  update(fields: Readonly<Record<string, unknown>>): void;
}
