import type { DefinitionInternals, HandlerContext } from '../definition/index.js';
import type { UpdatePosition } from '../protocol.js';
import type { EventOrder, TaskEntry, TokenDoc } from '../scopes/index.js';
import type { DocDraft } from './docDraft.js';

/** How one caller's step differs from the others. */
export interface StepOptions {
  /** A page's event id: skipped when it already ran, recorded with the commit, carried by the last update. */
  readonly eventId?: string;
  /** The event's position among its source's (see `DispatchOptions.order`). */
  readonly order?: EventOrder;
  /**
   * With `eventId`: when the step changed shared documents, called once they are stored and
   * before their updates are sent, with where each update landed (the tab's own included); the
   * event is then acknowledged by those positions, and no update carries its id.
   */
  readonly committed?: (after: readonly UpdatePosition[]) => void;
  /**
   * For `modify` / `modifyState`: the async context holds the lock while the body runs, so a
   * nested call fails at once instead of waiting for itself. `owner` is the task whose `modify` it is.
   */
  readonly hold?: { readonly owner: object | undefined; readonly nested: string };
  /** The body's return value is a chain of events (an event handler), not a result. */
  readonly returnsChain?: boolean;
  /** Why a write through a view fails once the step has ended. */
  readonly ended: string;
  /** The state the body views synchronously (a handler's own): its document is locked before. */
  readonly own?: DefinitionInternals;
  /** The browser session the tab's page is in now (from its cookie): linked when it changed. */
  readonly session?: string;
  /** Gives up waiting for the lock when aborted (a background task's signal). */
  readonly signal?: AbortSignal;
  /** The page that fired the event: the step's client actions go to it alone. */
  readonly target?: string;
  /** The user the server's `authenticate` hook found for the page (else the session's). */
  readonly user?: unknown;
}

/** What the body of a step gets. */
export interface StepScope {
  /** The handler context of the step: a handler's `ctx`, a block's `tx`. */
  readonly access: HandlerContext;
  /** The writable view of one state for this step (its document must be locked: `options.own`). */
  readonly view: (internals: DefinitionInternals) => Record<string, unknown>;
  /** The draft of the step's own document (the key it was run for). */
  readonly draft: DocDraft;
  /** Stores `doc` as the token's whole document (copying a token); the body's draft is dropped. */
  replaceDocument(doc: TokenDoc): void;
  /** The task registry of the step's document: every entry, running and queued, as stored. */
  readonly tasks: readonly TaskEntry[];
  /** The epoch of the step's document (another one than a task started on: the token expired). */
  readonly epoch: string;
  /** Replaces the task registry of the step's document; kept even if the body throws afterwards. */
  setTasks(tasks: readonly TaskEntry[]): void;
}

/** What a step produced. */
export interface StepOutcome<TResult> {
  /** The body's result (undefined for a chain or a skipped event). */
  readonly result: TResult;
  /** The last committed document of the step's key. */
  readonly doc: TokenDoc;
  /** True when the page's event had already run and the body was not called. */
  readonly skipped: boolean;
  /** True when the step's last update carried the page's event id: that update is the event's ack. */
  readonly carried: boolean;
  /** The committed values of a state this step touched (from whichever document holds it). */
  values(internals: DefinitionInternals): Record<string, unknown> | undefined;
}
