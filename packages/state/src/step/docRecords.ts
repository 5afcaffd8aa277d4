import type { EventOrder } from '../definition/index.js';
import type { DocLinks, TaskEntry } from '../scopes/index.js';
import { RECENT_EVENTS, RECENT_SOURCES, type TokenDoc } from '../scopes/index.js';

/**
 * What a document records beside its states, as plain functions of an immutable `TokenDoc`: which
 * page events already ran (so a resend runs once), its links to shared documents, and its task
 * registry. Each returns a new document; the states are shared.
 */

const NO_LINKS: DocLinks = {};

/** True when the event with this id (or at this position of its source) already ran on the document. */
export function hasRun(doc: TokenDoc, eventId: string, order?: EventOrder): boolean {
  if (order) {
    const highest = doc.sources?.[order.source];
    return highest !== undefined && order.n <= highest;
  }
  return doc.events?.includes(eventId) ?? false;
}

/**
 * `doc` recording that the event ran: its position for its source when it has one (the last
 * {@link RECENT_SOURCES} sources are kept), else its id among the last {@link RECENT_EVENTS}.
 */
export function withEvent(doc: TokenDoc, eventId: string, order?: EventOrder): TokenDoc {
  if (order) {
    const current = doc.sources;
    let last: string | undefined;
    let count = 0;
    for (const name in current) {
      last = name;
      count += 1;
    }
    let sources: Record<string, number>;
    if (last === order.source) {
      // The common case (one page per token): already the most recent source, a copy with the
      // new position keeps the order. No `delete`, which would leave the object slow to copy.
      sources = count === 1 ? { [order.source]: order.n } : { ...current, [order.source]: order.n };
    } else {
      sources = { ...current };
      delete sources[order.source]; // re-inserted last: the most recent source
      sources[order.source] = order.n;
      const names = Object.keys(sources);
      for (let i = 0; i < names.length - RECENT_SOURCES; i++) delete sources[names[i]];
    }
    return { ...doc, sources };
  }
  const events = doc.events ?? [];
  const kept = events.length >= RECENT_EVENTS ? events.slice(events.length - RECENT_EVENTS + 1) : events;
  return { ...doc, events: [...kept, eventId] };
}

/** The links of a tab's document (its session and rooms). */
export function linksOf(doc: TokenDoc): DocLinks {
  return doc.links ?? NO_LINKS;
}

/** `doc` with its task registry replaced (no `tasks` field when empty). */
export function withTasks(doc: TokenDoc, tasks: readonly TaskEntry[]): TokenDoc {
  const { tasks: _old, ...rest } = doc;
  return tasks.length > 0 ? { ...rest, tasks } : rest;
}
