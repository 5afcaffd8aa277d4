import { collection, defineState, type StateOf } from '@core/state';

/** One line of the event log. */
export interface LogEntry {
  /** 1, 2, 3…: newer entries have larger ids. */
  readonly id: number;
  /** When it happened, in ms since the epoch. */
  readonly at: number;
  /** `warn` for an alert raised, `ok` for one cleared, `info` for the rest. */
  readonly level: 'info' | 'warn' | 'ok';
  readonly text: string;
}

/** How many entries the log keeps: the oldest go first. */
export const KEPT_ENTRIES = 1_000;

/**
 * App-wide: the event log every viewer sees, newest first. It is a collection, so a page's first
 * paint carries the newest 10 entries and the total, a new entry reaches each page as one small op,
 * and older entries are loaded when a page asks for them.
 */
export const LogState = defineState('log', {
  scope: 'app',
  vars: {
    entries: collection<LogEntry, number>({ key: 'id', window: 10, from: 'start' }),
    _next: 1,
  },
});

/**
 * Adds an entry at the top of the log (from a step that holds the app's document: the sampler, a
 * presence change, an export). Server code only: pages cannot write the log.
 */
export function appendLog(log: StateOf<typeof LogState>, level: LogEntry['level'], text: string): void {
  log.entries.insert({ id: log._next, at: Date.now(), level, text }, 'start');
  log._next += 1;
  if (log.entries.size > KEPT_ENTRIES) log.entries.delete(log.entries.at(-1)!.id);
}
