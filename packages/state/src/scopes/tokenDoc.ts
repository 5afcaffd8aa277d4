import { publicVarValue } from '../collections/index.js';
import type { PublicState } from '../protocol.js';
import type { DocLinks } from './docKey.js';
import type { TaskEntry } from './taskEntry.js';

/**
 * Everything stored for one token: the vars (backend ones included) and cached computed values
 * of every state, and the sequence number of the last update sent. Documents are immutable:
 * every commit makes a new one that shares the unchanged parts.
 */
export interface TokenDoc {
  /** Incremented once per update sent to the page; the page applies updates in this order. */
  readonly seq: number;
  /**
   * Random per creation of the document: a page that sees another epoch than the one it hydrated
   * from knows the document was recreated (it expired, Redis lost it) and resyncs, although `seq`
   * started over. Empty for a document not stored yet; absent in documents from older versions.
   */
  readonly epoch?: string;
  /** The app's state shape this document matches (see `StateRegistry.shape`). */
  readonly shape: string;
  /** The states by name: vars and computed values. */
  readonly states: Readonly<Record<string, Record<string, unknown>>>;
  /**
   * Ids of the last events from pages that ran on this token (at most {@link RECENT_EVENTS}), kept
   * with the state so that an event resent after a lost ack is not run twice, whichever process
   * gets it.
   */
  readonly events?: readonly string[];
  /**
   * The highest position run per event source (a page instance), for the events that carry one
   * (`DispatchOptions.order`): a resend at or below it is skipped however many were in flight.
   * At most {@link RECENT_SOURCES} sources, the least recent dropped first.
   */
  readonly sources?: Readonly<Record<string, number>>;
  /**
   * The token's background tasks, running and waiting, in start order: its task registry, changed
   * under the lock like the state (so exclusivity holds across processes) and never sent to a page.
   */
  readonly tasks?: readonly TaskEntry[];
  /** A tab's document: the session and rooms whose shared documents it shows. */
  readonly links?: DocLinks;
  /**
   * True once a commit stored `NaN`, `Infinity` or `-Infinity` (JSON cannot carry them): a store
   * or a hydrate that serialises the document writes them as their strings (`floatReplacer`).
   */
  readonly floats?: true;
  /**
   * When each computed var with an `interval` was last computed (ms, by `state.var`): its value
   * expires `interval` after, and the first step on the document then recomputes it.
   */
  readonly computedAt?: Readonly<Record<string, number>>;
}

/** Where an event stands among those of its source: see `DispatchOptions.order`. */
export interface EventOrder {
  /** The page instance (or any producer) that numbers its events. */
  readonly source: string;
  /** The event's position; a source's events run in increasing position. */
  readonly n: number;
}

/** How many event sources (page instances) a token document remembers positions for. */
export const RECENT_SOURCES = 32;

/** A new random epoch for a document being created. */
export function newEpoch(): string {
  return Math.random().toString(36).slice(2, 10).padEnd(8, '0');
}

/** How many event ids a token document remembers. */
export const RECENT_EVENTS = 64;

/** True for the names that never leave the server. */
export function isBackendName(name: string | number): boolean {
  return typeof name === 'string' && name.startsWith('_');
}

/**
 * A deep copy of the public part of `doc` (proportional to the state: for hydrate, not per event);
 * a collection is its first window.
 */
export function toPublicState(doc: TokenDoc): PublicState {
  const result: PublicState = {};
  for (const [stateName, values] of Object.entries(doc.states)) result[stateName] = publicValues(values);
  return result;
}

/** A deep copy of one state's public vars (a collection: its first window). */
export function publicValues(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const visible: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) if (!isBackendName(key)) visible[key] = publicVarValue(value);
  return visible;
}

/*
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

/**
 * A new, empty document for a token: no states yet; `reconcile()` fills in the defaults. A
 * document being stored gets a new epoch; a preview (`''`) is what a page may hydrate from before
 * the token's first event stores anything.
 */
export function createEmptyDoc(epoch = newEpoch()): TokenDoc {
  return { seq: 0, epoch, shape: '', states: {} };
}
