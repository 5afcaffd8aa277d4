/**
 * presence/ — which tabs have a page connected: the transport's presence across processes
 * (`app.tokens()`, `app.onTokensChange`) and the pages of this process, whose tokens' tasks are
 * cancelled once none is left for the grace period.
 *
 * May import: the root's logger only (the app hands it what it needs).
 */

export { AppPresence } from './appPresence.js';
export type { Presence } from './presence.js';
