import type { ClientErrorReport } from '../client/index.js';
import type { CollectionSlice } from '../collections/index.js';
import type { DispatchOptions, EventSpec, StateRegistry, StorageBinding } from '../definition/index.js';
import { type InspectedTab, inspectTab } from '../inspect/index.js';
import { checkPresence, type PresenceList, type PresenceMeta } from '../managers/index.js';
import type { AppPresence, PresenceHub } from '../presence/index.js';
import type { Hydration } from '../protocol.js';
import type { EventOutcome } from '../queue/index.js';
import { docKeyFor } from '../scopes/index.js';
import type { StepRuntime } from '../step/index.js';
import { copyStateStep, linkSessionStep } from '../step/index.js';
import type { AppListener, StoredValuesOutcome } from '../sync/index.js';
import {
  PageLink,
  type PageLinkParts,
  type PageOpening,
  type PageRooms,
  type ReplayPosition,
  readReplay,
  readTabView,
  readWindowStep,
  storedValuesStep,
  type TabReplay,
  type WindowAsk,
  type WindowRead,
} from '../sync/index.js';
import type { TaskSet } from '../tasks/index.js';
import type { ResolvedAppSettings } from './appSettings.js';
import { type ClientErrorHook, reportClientError } from './reportClientError.js';

/** What a host passes to the app's one resolve step (see `resolveApp`). */
export interface AppHost extends Partial<Omit<ResolvedAppSettings, 'presence'>> {
  /** Which tabs are connected now, on every process (the transport's presence). */
  readonly presence?: ResolvedAppSettings['presence'];
  /**
   * How often, in ms, `app.onTokensChange` listeners are told to look again even without a
   * connection here (a tab whose process died drops out then).
   */
  readonly presenceInterval?: number;
  /** Receives every token's updates, failures, client actions and calls: the transport's side. */
  readonly listener?: AppListener;
}

/** A hydrate as a transport sends it, with the keys of the shared documents (the rooms to join). */
export type TabHydration = Hydration & { readonly keys: readonly string[] };

/**
 * The one interface between an app and its transport (`@core/server`): what the transport asks of
 * the app besides the methods everyone has. Not for apps: they use `App`.
 */
export interface AppPort {
  /** The settings the app was resolved with. */
  readonly settings: ResolvedAppSettings;
  /** Every var bound to browser storage (the page reads and writes these; sent with the hydrate). */
  readonly storageBindings: readonly StorageBinding[];
  /** True when `state.handler` is an upload handler (`uploadHandler(...)`): what an upload may run. */
  acceptsUpload(state: string, handler: string): boolean;
  /**
   * Runs an event from a page as `App.dispatch` does, and calls `done` once with how it ended —
   * whether its last update carried its id (then that update is its ack), or the failure report
   * the page gets. A failed event is logged here and reported to the page by its ack only. No
   * promise: an event whose step needs none ends before this returns.
   */
  dispatch(
    token: string,
    event: EventSpec<unknown>,
    options: DispatchOptions,
    done: (outcome: EventOutcome) => void,
  ): void;
  /** A page of `token` connected: the runtime's side of it (see `PageLink`). */
  open(token: string, page: PageOpening, rooms: PageRooms): PageLink;
  /** The tab's public state, `seq` and epochs, and the shared documents' keys; `session` as the page knows it. */
  hydrate(token: string, options?: { session?: string }): Promise<TabHydration>;
  /** What a page at `since` missed, from the replay logs; undefined when it needs a hydrate. */
  replay(token: string, since: ReplayPosition, options?: { session?: string }): Promise<TabReplay | undefined>;
  /**
   * Applies values the page read from its storage (`{ 'local:theme': 'dark' }`) in one locked step.
   * They are untrusted: a value that is not a string of the var's encoding and type, or too long,
   * is skipped and logged; unknown keys are ignored.
   */
  applyStoredValues(token: string, values: Readonly<Record<string, unknown>>): Promise<StoredValuesOutcome>;
  /**
   * Reads part of a collection the tab shows (`core:window`), under its document's lock; `seen`
   * runs with the slice before the lock is released (see `readWindowStep`).
   */
  readWindow(
    token: string,
    ask: WindowAsk,
    seen: (slice: CollectionSlice, source: string) => void,
  ): Promise<WindowRead>;
  /**
   * Every state the tab sees, whole — backend (`_`) vars included — for development tools on the
   * developer's own server; never send it to a page in production.
   */
  inspectTab(token: string): Promise<InspectedTab>;
  /**
   * A page of `token` reported an error (checked and cut by `readClientErrorReport`): logged, and
   * passed to the app's `onClientError` hook. Never throws; the transport keeps the rate limit.
   */
  reportClientError(token: string, report: ClientErrorReport, user?: unknown): void;
  /** Presence: which lists the transport's pages are in, and lists for the pages that watch one. */
  readonly presence: PresencePort;
  /**
   * Resolves once the app's `onStart` has run (rejects with what it threw): the transport accepts
   * connections after it, so the first page finds what it prepared.
   */
  started(): Promise<void>;
}

/** The transport's side of presence (see `PresenceHub`). */
export interface PresencePort {
  /**
   * Page `pageId` of `token` joined the room of `key` (a tab's token or a shared document's key);
   * `target` is the transport's id for it, as its events carry it (`DispatchOptions.page`).
   */
  enter(pageId: string, token: string, key: string, target?: string): void;
  /** Page `pageId` left the room of `key` (or disconnected). */
  exit(pageId: string, key: string): void;
  /** Page `pageId` set its own metadata (checked: a JSON object of at most 1 KiB). */
  set(pageId: string, meta: PresenceMeta): void;
  /**
   * The key of the list a page of `token` watches with `usePresence(state)`: that of the document
   * holding `state` for this tab (its room, its session, the app, the tab). Undefined for an unknown state.
   */
  keyOf(token: string, state: string): Promise<string | undefined>;
  /** The live list of `key`. */
  list(key: string): Promise<PresenceList>;
}

/** What the port is made of: the app's own parts. */
export interface AppPortParts {
  readonly runtime: StepRuntime;
  readonly registry: StateRegistry;
  readonly tasks: TaskSet;
  readonly presence: AppPresence;
  readonly presenceHub: PresenceHub;
  /** The app's dispatch, with the failure told by the ack. */
  readonly dispatch: AppPort['dispatch'];
  /** Throws `APP_CLOSED` once the app is closed. */
  checkOpen(): void;
  /** `AppOptions.onClientError`. */
  readonly onClientError: ClientErrorHook | undefined;
  /** The app's start (`onStart`) has run. */
  started(): Promise<void>;
}

/** The port of an app just resolved with `settings`. */
export function createAppPort(settings: ResolvedAppSettings, parts: AppPortParts): AppPort {
  const { runtime, registry, presence } = parts;
  const link: PageLinkParts = {
    copyState: (from, to) => copyStateStep(runtime, parts.tasks, from, to),
    applyStoredValues: (token, values) => storedValuesStep(runtime, token, values),
    linkSession: (token, session) => linkSessionStep(runtime, token, session),
    hydrate: (token, rooms) => readTabView(runtime, token, { preview: true, rooms }),
    replay: (token, since, options) => readReplay(runtime, token, since, options),
    get storageBindings() {
      return registry.storageBindings;
    },
    connected: (token) => {
      const disconnected = presence.connected(token);
      presence.changed();
      return () => {
        disconnected();
        presence.changed();
      };
    },
  };
  return {
    settings,
    get storageBindings() {
      return registry.storageBindings;
    },
    acceptsUpload: (state, handler) => registry.get(state)?.uploads.has(handler) ?? false,
    dispatch: parts.dispatch,
    open: (token, page, rooms) => new PageLink(link, token, page, rooms),
    hydrate: (token, options = {}) => readTabView(runtime, token, { ...options, preview: true }),
    replay: (token, since, options = {}) => readReplay(runtime, token, since, options),
    applyStoredValues: (token, values) => {
      parts.checkOpen();
      return storedValuesStep(runtime, token, values);
    },
    readWindow: (token, ask, seen) => {
      parts.checkOpen();
      return readWindowStep(runtime, token, ask, seen);
    },
    inspectTab: (token) => inspectTab(runtime, token),
    presence: {
      enter: (pageId, token, key, target) => parts.presenceHub.enter(pageId, token, key, target),
      exit: (pageId, key) => parts.presenceHub.exit(pageId, key),
      set: (pageId, meta) => {
        checkPresence('@', pageId, meta);
        parts.presenceHub.set(pageId, meta);
      },
      keyOf: async (token, state) => {
        const internals = registry.get(state);
        if (!internals) return undefined;
        const links = (await runtime.manager.get(token))?.links ?? {};
        return docKeyFor(internals.scope, internals.name, token, links);
      },
      list: (key) => parts.presenceHub.list(key),
    },
    started: parts.started,
    reportClientError: (token, report, user) =>
      reportClientError(runtime.logger, parts.onClientError, report, { token, user, app: runtime.app }),
  };
}
