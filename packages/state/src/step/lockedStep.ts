/**
 * The locked step: the one path by which a token's state changes. Event handlers, `task.modify`,
 * `app.modifyState` and the app's own upkeep (creating, reconciling, copying a token) all run
 * through {@link runLockedStep}; callers pass only what differs.
 *
 * Order of operations:
 * 1. Refuse re-entry: a `modify`/`modifyState` whose async context already holds the token's lock
 *    would wait for itself (a nested `modify` of the same task is an `ImmutableStateError`).
 * 2. Take the token's lock from the state manager; the lease carries the stored document.
 * 3. Reconcile the document with the app's states (a new token, a hot reload, a deploy). From here
 *    on, any failure releases every lease. Shared documents (the tab's session, a room it joined,
 *    the app) are locked when the step first touches one of their states — the handler's own state
 *    before it runs, others at `ctx.get` — always in one total order (`compareKeys`: tab, session,
 *    rooms, app). A step that reaches for one out of that order before it committed anything starts
 *    over holding every key it needs, in order; so two steps never wait for each other in a cycle.
 * 4. For a page's event, skip it if its id already ran (a resend after a lost ack).
 * 5. Run the body with its views: stable proxies onto one immer draft. Drive what it returns — a
 *    value, a promise, a generator or an async generator.
 * 6. On each `yield`: commit the drafts, store them (the locks stay held), send the updates and the
 *    client actions made so far (`ctx.client`), then queue the events yielded so far. A yield
 *    means the same in every caller.
 * 7. At the end: commit, store and release in one call, then send the updates, then the client
 *    actions; the last update carries the page's event id. The body's return value is the chain
 *    (event handlers) or the result (blocks). If anything threw from step 3 on: drop the
 *    uncommitted draft and unsent client actions, store what earlier yields committed, release,
 *    rethrow.
 * 8. Close the views (a view kept past its step reads committed values and refuses writes), then
 *    queue the chained events behind the token's waiting ones.
 *
 * Updates are sent only after the store accepted them, so a fenced write never reaches a page.
 */

import type { DefinitionInternals } from '../definition/definitionInternals.js';
import type { EventOrder } from '../definition/eventSpec.js';
import { collectEventSpecs, type EventSpec } from '../definition/eventSpec.js';
import type { AppHandle, HandlerContext } from '../definition/handlerContext.js';
import type { AnyStateDefinition } from '../definition/stateShape.js';
import { ImmutableStateError, StateError } from '../errors.js';
import type { TokenDoc } from '../scopes/tokenDoc.js';
import type { TaskEntry } from '../tasks/taskEntry.js';
import { isGenerator, isPromiseLike } from './handlerResult.js';
import { KeyHold } from './keyHold.js';
import { currentHold, type LockHold, lockContext } from './lockContext.js';
import { StartOver, StepLocks } from './stepLocks.js';
import type { StepRuntime } from './stepRuntime.js';

/** How one caller's step differs from the others. */
export interface StepOptions {
  /** A page's event id: skipped when it already ran, recorded with the commit, carried by the last update. */
  readonly eventId?: string;
  /** The event's position among its source's (see `DispatchOptions.order`). */
  readonly order?: EventOrder;
  /**
   * For `modify` / `modifyState`: the async context holds the lock while the body runs, so a
   * nested call fails at once instead of waiting for itself. `owner` is the task whose `modify` it is.
   */
  readonly hold?: { readonly owner: object | undefined; readonly nested: string };
  /** The body's return value is a chain of events (an event handler), not a result. */
  readonly returnsChain?: boolean;
  /** Why a write through a view fails once the step has ended. */
  readonly ended: string;
  /** Added to the access object as `app` (an event handler's `ctx.app`). */
  readonly app?: AppHandle;
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
  /** `token`, `get`, `dispatch`, `join`, `leave`, `session` (and `app`): a handler's `ctx`, a block's `tx`. */
  readonly access: StepAccess;
  /** The writable view of one state for this step (its document must be locked: `options.own`). */
  view(internals: DefinitionInternals): Record<string, unknown>;
  /** Stores `doc` as the token's whole document (copying a token); the body's draft is dropped. */
  replaceDocument(doc: TokenDoc): void;
  /** The task registry of the step's document: every entry, running and queued, as stored. */
  readonly tasks: readonly TaskEntry[];
  /** The epoch of the step's document (another one than a task started on: the token expired). */
  readonly epoch: string;
  /** Replaces the task registry of the step's document; kept even if the body throws afterwards. */
  setTasks(tasks: readonly TaskEntry[]): void;
}

/** The access object of a step. */
export interface StepAccess extends HandlerContext {
  /** The browser session of the tab, if its page has one. */
  readonly session: string | undefined;
  /** The tab's room-scoped `definition` now shows room `key`'s document (created on first use). */
  join(definition: AnyStateDefinition, key: string): void;
  /** The tab's room-scoped `definition` shows the tab's own copy again. */
  leave(definition: AnyStateDefinition): void;
  /** The signed-in user of the tab's session (`ctx.signIn`), or the server's `authenticate` answer. */
  readonly user: unknown;
  /** Signs the session in as `user`: a new session id (the old one is dropped), its states kept. */
  signIn(user: unknown): Promise<void>;
  /** Signs the session out: a new, empty session (no user, session states from their defaults). */
  signOut(): Promise<void>;
}

/** What a step produced. */
export interface StepOutcome<TResult> {
  /** The body's result (undefined for a chain or a skipped event). */
  readonly result: TResult;
  /** The last committed document of the step's key. */
  readonly doc: TokenDoc;
  /** True when the page's event had already run and the body was not called. */
  readonly skipped: boolean;
  /** The committed values of a state this step touched (from whichever document holds it). */
  values(internals: DefinitionInternals): Record<string, unknown> | undefined;
}

/** Runs `body` as one locked step of `key` (a tab's token or a shared document's key). */
export async function runLockedStep<TResult>(
  runtime: StepRuntime,
  key: string,
  options: StepOptions,
  body: (scope: StepScope) => unknown,
): Promise<StepOutcome<TResult>> {
  let hold: LockHold | undefined;
  if (options.hold) {
    const held = currentHold(key);
    if (held && options.hold.owner && held.owner === options.hold.owner) {
      throw new ImmutableStateError(options.hold.nested);
    }
    if (held) {
      throw new StateError(
        'REENTRANT_LOCK',
        `The lock of token "${key}" is already held by this code path; write through the state you were given instead of taking the lock again.`,
      );
    }
    hold = { token: key, owner: options.hold.owner, active: true };
  }
  const step = new StepLocks(
    runtime,
    new KeyHold(runtime, await runtime.manager.lock(key, { signal: options.signal })),
  );
  let chained: EventSpec[] = [];
  let result: unknown;
  let cancelled: TaskEntry[] = [];
  try {
    step.primary.reconcile();
    if (options.eventId !== undefined && step.primary.session.hasRun(options.eventId, options.order)) {
      await step.finish();
      return step.outcome(undefined as TResult, true);
    }
    if (options.session !== undefined) step.linkSession(options.session);
    const returnsChain = options.returnsChain === true;
    for (;;) {
      try {
        if (options.own) {
          // A tab state is in the primary document: no promise for the common case.
          const own = step.ensure(options.own);
          if (own instanceof Promise) await own;
        }
        const scope = step.scope(chained, options.app, options.user, options.target);
        if (hold) {
          result = await lockContext.run(hold, () => drive(body(scope), step, chained, returnsChain));
        } else {
          // The common event: a plain synchronous handler costs no extra promise.
          const value = body(scope);
          result =
            isPromiseLike(value) || isGenerator(value)
              ? await drive(value, step, chained, returnsChain)
              : settle(value, chained, returnsChain);
        }
        break;
      } catch (error) {
        if (!(error instanceof StartOver)) throw error;
        chained = [];
        await step.startOver(error.keys);
      }
    }
    if (hold) hold.active = false;
    cancelled = step.applyCancels();
    await step.finish(options.eventId, options.order);
  } catch (error) {
    if (hold) hold.active = false;
    await step.abort().catch((abortError) => {
      runtime.logger.error('Releasing a token lock failed', { token: key, error: abortError });
    });
    throw error;
  } finally {
    step.close(options.ended);
  }
  runtime.enqueue(key, chained);
  if (cancelled.length > 0) runtime.tasks?.cancelled(key, cancelled);
  return step.outcome(result as TResult, false);
}

/** Drives the body's value to its end, committing and sending at each `yield`. */
async function drive(value: unknown, step: StepLocks, chained: EventSpec[], returnsChain: boolean): Promise<unknown> {
  let settled = isPromiseLike(value) ? await value : value;
  if (isGenerator(settled)) {
    for (;;) {
      const next = await settled.next();
      if (next.done) {
        settled = next.value;
        break;
      }
      collectEventSpecs(next.value, chained);
      await step.flush();
      step.enqueue(chained.splice(0));
    }
  }
  return settle(settled, chained, returnsChain);
}

/** The body's final value: the result, or (for a handler) the chain, queued after the commit. */
function settle(value: unknown, chained: EventSpec[], returnsChain: boolean): unknown {
  if (!returnsChain) return value;
  collectEventSpecs(value, chained);
  return undefined;
}
