import { StateError } from '../errors.js';
import type { EventOrder } from '../scopes/index.js';

/** Marks objects made by an event creator (`TheState.handler(payload)`). */
export const EVENT_SPEC: unique symbol = Symbol.for('core.eventSpec') as never;

/**
 * A request to run one handler of one state: what `TheState.handler(payload)` returns, what a
 * handler returns or yields to chain events, and what the page sends (minus the brand).
 */
export interface EventSpec<TPayload = unknown> {
  /** The state's name, as given to `defineState`. */
  readonly state: string;
  /** The handler's name (an event handler or a background task). */
  readonly name: string;
  /** The handler's payload; `undefined` for handlers without one. */
  readonly payload: TPayload;
}

/** What one step of a chain holds: one event, a list, or nothing. */
export type ChainItem = EventSpec<any> | readonly EventSpec<any>[] | void | undefined;

/**
 * What a handler that chains events returns: one event, a list, or nothing — or, for a generator
 * handler, the generator that yields them. Annotate a handler with it when it refers to its own
 * state (TypeScript cannot infer a self-referential return type); the one annotation fits every
 * kind of handler: `f(s): Chain`, `*f(s): Chain`, `async *f(s): Chain` (an `async` function's is
 * `Promise<Chain>`).
 */
export type Chain =
  | ChainItem
  | Generator<ChainItem, ChainItem, unknown>
  | AsyncGenerator<ChainItem, ChainItem, unknown>;

/** Builds a branded event spec. */
export function createEventSpec<TPayload>(state: string, name: string, payload: TPayload): EventSpec<TPayload> {
  return { state, name, payload, [EVENT_SPEC]: true } as EventSpec<TPayload>;
}

/** True for an event spec made by an event creator (plain look-alikes are not trusted). */
export function isEventSpec(value: unknown): value is EventSpec {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[EVENT_SPEC] === true;
}

const EVENT_CREATOR: unique symbol = Symbol.for('core.eventCreator') as never;

/** Marks `creator` as the event creator of `state.name`, so a chain can tell it from an event. */
export function brandEventCreator<TFn extends (...args: never[]) => unknown>(
  state: string,
  name: string,
  creator: TFn,
): TFn {
  Object.defineProperty(creator, EVENT_CREATOR, { value: `${state}.${name}` });
  return creator;
}

/** `state.name` of an event creator made by `defineState`, or undefined for anything else. */
export function eventCreatorName(value: unknown): string | undefined {
  if (typeof value !== 'function' || !(EVENT_CREATOR in value)) return undefined;
  return (value as unknown as Record<symbol, string>)[EVENT_CREATOR];
}

/**
 * The event specs in a handler's return value or yield (or a `dispatch` argument): one, a (nested)
 * list, or none. An event creator where an event belongs (`return TaskState.myTask` without `()`)
 * throws `INVALID_EVENT` rather than being dropped without a word.
 */
export function collectEventSpecs(value: unknown, into: EventSpec[] = []): EventSpec[] {
  if (isEventSpec(value)) into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectEventSpecs(item, into);
  else if (typeof value === 'function' && EVENT_CREATOR in value) {
    const name = (value as unknown as Record<symbol, string>)[EVENT_CREATOR];
    throw new StateError(
      'INVALID_EVENT',
      `${name} is an event creator, not an event; call it to make the event: ${name}(payload).`,
    );
  }
  return into;
}

/** Options of {@link App.dispatch}. */
export interface DispatchOptions {
  /**
   * `'client'` for events that come from a page: backend-only (`_`-prefixed) handlers and upload
   * handlers are refused. `'upload'` for a file from the upload endpoint: only upload handlers run.
   * @default 'server'
   */
  origin?: 'server' | 'client' | 'upload';
  /**
   * Carried as `eventId` by the update that ends this event's handler, if it changed anything. A
   * token remembers the ids of its last 64 events (with the state), so a resend does not run twice.
   */
  id?: string;
  /**
   * With `id`: the event's position among those of its source (a page instance numbering its
   * events). A source's events run in increasing position, so the token keeps only the highest
   * per source and a resend at or below it is skipped — however many were in flight, which a
   * window of ids cannot promise. Events of one source must be dispatched in increasing `n`.
   */
  order?: EventOrder;
  /**
   * The page that fired the event (the transport's id for it, e.g. a socket id): the handler's
   * client actions (`ctx.client`) go to that page only.
   */
  page?: string;
  /**
   * The browser session of the page that sent the event (from its signed cookie): the tab is
   * linked to it, so its session-scoped states show that session's document.
   */
  session?: string;
  /** The user the transport's `authenticate` hook found for the page: `ctx.user` (else the session's). */
  user?: unknown;
}
