/**
 * Where a state lives. `tab`: one copy per browser tab (the token). `session`: one per browser
 * session (all tabs of one signed cookie). `app`: one for everyone. `room`: one per room a tab has
 * joined (`ctx.join`); a tab in no room has its own private copy, as with `tab`.
 */
export type StateScope = 'tab' | 'session' | 'app' | 'room';

/** The kinds of document: one per tab (which also holds unlinked session/room copies), session, room, app. */
export type DocKind = 'tab' | 'session' | 'room' | 'app';

/** A shared document's address: `{ scope: 'app' }`, `{ scope: 'room', key }`, `{ scope: 'session', key }`. */
export type ScopeRef = { readonly scope: 'app' } | { readonly scope: 'room' | 'session'; readonly key: string };

/** The key of the app-wide document. Tokens are signed base64url and never start with `@`. */
export const APP_KEY = '@app';

/** The document key of a shared scope. */
export function sharedKey(ref: ScopeRef): string {
  if (ref.scope === 'app') return APP_KEY;
  return `@${ref.scope}:${ref.key}`;
}

/** What kind of document a key names. */
export function docKindOf(key: string): DocKind {
  if (key.charCodeAt(0) !== 64 /* @ */) return 'tab';
  if (key === APP_KEY) return 'app';
  return key.startsWith('@session:') ? 'session' : 'room';
}

/**
 * How pages tell a shared document's updates apart: `@app`, `@room:<key>` (room keys are public)
 * and `@session` (the session id itself stays out of page scripts). A tab's own updates have none.
 */
export function sourceOf(key: string): string | undefined {
  const kind = docKindOf(key);
  if (kind === 'tab') return undefined;
  return kind === 'session' ? '@session' : key;
}

const RANK: Record<DocKind, number> = { tab: 0, session: 1, room: 2, app: 3 };

/**
 * The total order in which a step takes several locks: tab, session, rooms, app, then by key.
 * Every step takes its locks in this order, so two steps never wait for each other in a cycle.
 */
export function compareKeys(a: string, b: string): number {
  const rank = RANK[docKindOf(a)] - RANK[docKindOf(b)];
  return rank !== 0 ? rank : a < b ? -1 : a > b ? 1 : 0;
}

/** What a tab's document records about the shared documents it shows. */
export interface DocLinks {
  /** The browser session the tab belongs to. */
  readonly session?: string;
  /** The signed-in user of that session, as the tab last saw it (set by `ctx.signIn`). */
  readonly user?: unknown;
  /** The session this tab's sign-in or sign-out replaced: its other pages are moved on. */
  readonly rotatedFrom?: string;
  /** Per room-scoped state name: the room it joined. */
  readonly rooms?: Readonly<Record<string, string>>;
}

/**
 * The key of the document that holds a state of `scope` named `name`, for a step on `primary`
 * (whose document has `links`); undefined when that document cannot reach it (a tab state from a
 * room's step, say).
 */
export function docKeyFor(scope: StateScope, name: string, primary: string, links: DocLinks): string | undefined {
  if (scope === 'app') return APP_KEY;
  const kind = docKindOf(primary);
  if (kind === 'tab') {
    if (scope === 'session' && links.session !== undefined) return `@session:${links.session}`;
    const room = scope === 'room' ? links.rooms?.[name] : undefined;
    return room === undefined ? primary : `@room:${room}`;
  }
  return scope === kind ? primary : undefined;
}
