/**
 * queue/ — events: checking an event against the app's states, one first-in first-out queue per
 * token that runs each handler as a locked step (synchronously when nothing has to be awaited), and
 * how an event ended (what its ack is decided from).
 *
 * May import: inspect/, step/ and below, and the root's errors and error reports.
 */

export { type EventOutcome, EventQueue } from './eventQueue.js';
export { resolveEvent } from './resolveEvent.js';
