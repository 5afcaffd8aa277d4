import type { DefinitionInternals, DispatchOptions, EventSpec } from '../definition/index.js';
import { checkPayload, hasPayloadSchema } from '../definition/index.js';
import type { Failure } from '../errorReport.js';
import type { StateError } from '../errors.js';
import type { EventTrace, Inspector } from '../inspect/index.js';
import type { ErrorReport, UpdatePosition } from '../protocol.js';
import type { EventOrder } from '../scopes/index.js';
import type { StepOutcome, StepRuntime } from '../step/index.js';
import { isPromiseLike, outsideLocks, runLockedStep } from '../step/index.js';
import { type EventTarget, endedMessage, resolveEvent } from './resolveEvent.js';
import { TokenQueues } from './tokenQueues.js';

/** How a queued event ended: the page's ack is decided from it (see `AppPort.dispatch`). */
export type EventOutcome =
  | {
      readonly ok: true;
      /** The event's last update carried its id (its ack). */
      readonly carried: boolean;
      /**
       * The event changed shared documents: where each of its updates landed. Told after they
       * were stored and before they are sent, so the page's ack can go ahead of them.
       */
      readonly after?: readonly UpdatePosition[];
    }
  | { readonly ok: false; readonly error: StateError /** What the page is told. */; readonly report: ErrorReport };

interface QueuedEvent extends EventTarget {
  readonly spec: EventSpec;
  readonly id?: string;
  readonly order?: EventOrder;
  readonly origin?: DispatchOptions['origin'];
  /** Its failure reaches the page by its ack (the transport's port): not reported to the token's pages. */
  readonly acked?: boolean;
  readonly page?: string;
  readonly session?: string;
  readonly user?: unknown;
  /** Set when the token was inspected as the event was queued. */
  readonly trace?: EventTrace;
  /** Called once with how the event ended; it must not throw. */
  readonly done: (outcome: EventOutcome) => void;
  /** Set once `done` heard the positions of its updates (`EventOutcome.after`), before they were sent. */
  told?: boolean;
}

/** What the queue needs from its app besides the runner's runtime. */
export interface EventQueueHost {
  readonly runtime: StepRuntime;
  /** The app's devtools hook (see `App.inspect`). */
  readonly inspector: Inspector;
  /** Starts a background task (chained events may name one); resolves once started. */
  startTask(
    token: string,
    internals: DefinitionInternals,
    spec: EventSpec,
    dedupe?: DispatchOptions,
    trace?: EventTrace,
  ): Promise<void>;
  /**
   * Reports a failure: logged, and sent to the token's pages unless the page that sent the event
   * is told by its ack (`acked`). Returns the error and the report.
   */
  report(token: string, error: unknown, handler: string, acked?: boolean): Failure;
  /** False once the app closed: chained events are dropped. */
  isOpen(): boolean;
}

/**
 * The app's events, one queue per token: each handler runs as one locked step, in arrival order;
 * chained events (returned, yielded, dispatched) join the back of their token's queue, so chains
 * run breadth-first behind events already waiting. An event whose step needs no promise (a free
 * lock on the memory manager, a synchronous handler) runs to its end inside `push`.
 */
export class EventQueue {
  readonly #host: EventQueueHost;
  readonly #queues = new TokenQueues<QueuedEvent>((token, item) => this.#process(token, item));

  constructor(host: EventQueueHost) {
    this.#host = host;
  }

  /** True while any token has an event running or waiting. */
  get busy(): boolean {
    return this.#queues.busy;
  }

  /**
   * Queues a resolved event; `done` is called once its handler has finished (or failed). With
   * `acked`, its failure is the caller's to tell the page (the transport's ack).
   */
  push(
    token: string,
    spec: EventSpec,
    target: EventTarget,
    options: DispatchOptions,
    done: (outcome: EventOutcome) => void,
    acked = false,
  ): void {
    const { inspector } = this.#host;
    const { origin, id, order, session, user, page } = options;
    const trace = inspector.wants(token)
      ? inspector.queued(token, spec, origin === 'client' ? 'page' : 'server', target.background)
      : undefined;
    const item: QueuedEvent = { spec, id, order, origin, acked, session, user, page, ...target, trace, done };
    outsideLocks(() => this.#queues.push(token, item));
  }

  /**
   * Appends chained events behind the token's waiting events; nobody awaits them. `from` is the
   * inspected event or task that chained them.
   */
  chain(token: string, events: readonly EventSpec[], from?: EventTrace): void {
    const { inspector } = this.#host;
    for (const spec of events) {
      if (!this.#host.isOpen()) return;
      try {
        const target = resolveEvent(this.#host.runtime.registry, spec, 'server');
        const trace = inspector.wants(token)
          ? inspector.queued(token, spec, from?.origin ?? 'chain', target.background, from?.id)
          : undefined;
        outsideLocks(() => this.#queues.push(token, { spec, ...target, trace, done: noop }));
      } catch (error) {
        this.#host.report(token, error, `${spec.state}.${spec.name}`);
      }
    }
  }

  /** Resolves when no queue has work. */
  idle(): Promise<void> {
    return this.#queues.idle();
  }

  /** Removes the waiting events (not the running ones) and ends each as failed with `reason`. */
  rejectWaiting(reason: StateError): void {
    for (const item of this.#queues.drainWaiting()) {
      item.done({ ok: false, error: reason, report: { code: reason.code, message: reason.message } });
    }
  }

  #process(token: string, item: QueuedEvent): void | Promise<void> {
    const name = `${item.internals.name}.${item.spec.name}`;
    const failed = (error: unknown) => {
      // After the page heard its event's positions, a failure (it would be a bug) reaches the tab's pages.
      const { wrapped, report } = this.#host.report(token, error, name, item.acked && !item.told);
      if (!item.told) item.done({ ok: false, error: wrapped, report });
    };
    let carried: boolean | Promise<boolean>;
    try {
      if (item.background) {
        return this.#host
          .startTask(token, item.internals, item.spec, item, item.trace)
          .then(() => item.done(ENDED), failed);
      }
      carried = this.#run(token, item);
    } catch (error) {
      failed(error);
      return;
    }
    // `done` runs outside the try: it must not throw, and a throw there is not the handler's.
    if (isPromiseLike(carried)) return carried.then((value) => ended(item, value), failed);
    ended(item, carried);
  }

  /** Runs the event's handler as one locked step; true when its last update carried the event's id. */
  #run(token: string, item: QueuedEvent): boolean | Promise<boolean> {
    const { internals, spec, trace } = item;
    const handler = internals.events.get(spec.name) as (...args: unknown[]) => unknown;
    const inspection = trace && this.#inspect(token, trace);
    const runtime = inspection?.runtime ?? this.#host.runtime;
    const options = {
      eventId: item.id,
      order: item.order,
      own: internals,
      session: item.session,
      user: item.user,
      target: item.page,
      returnsChain: true,
      ended: endedMessage(internals, spec.name),
      committed: item.id === undefined ? undefined : (after: readonly UpdatePosition[]) => committed(item, after),
    };
    if (!inspection && !hasPayloadSchema(handler)) {
      // The common event: no closure besides the body, no promise when the step needs none.
      const payload = spec.payload;
      const outcome = runLockedStep(runtime, token, options, (s) => handler(s.view(internals), payload, s.access));
      return isPromiseLike(outcome) ? outcome.then(carriedOf) : outcome.carried;
    }
    const step = (payload: unknown) =>
      runLockedStep(runtime, token, options, (s) => handler(s.view(internals), payload, s.access));
    const ended = (outcome: StepOutcome<unknown>) => {
      inspection?.end();
      return outcome.carried;
    };
    const failed = (error: unknown): never => {
      inspection?.end(error);
      throw error;
    };
    try {
      const outcome = hasPayloadSchema(handler)
        ? checkPayload(handler, spec.payload, `${internals.name}.${spec.name}`).then(step)
        : step(spec.payload);
      return isPromiseLike(outcome) ? outcome.then(ended, failed) : ended(outcome);
    } catch (error) {
      return failed(error);
    }
  }

  #inspect(token: string, trace: EventTrace) {
    return this.#host.inspector.runEvent(token, trace, this.#host.runtime, (events, from) =>
      this.chain(token, events, from),
    );
  }
}

function noop(): void {}

/** Tells `done` how the event ended, unless it heard already (see {@link committed}). */
function ended(item: QueuedEvent, carried: boolean): void {
  if (!item.told) item.done(carried ? CARRIED : ENDED);
}

/** The event's shared updates are stored and about to be sent: its outcome goes ahead of them. */
function committed(item: QueuedEvent, after: readonly UpdatePosition[]): void {
  item.told = true;
  item.done({ ok: true, carried: false, after });
}

function carriedOf(outcome: StepOutcome<unknown>): boolean {
  return outcome.carried;
}

/** The two ways an event ends well: its last update carried its id (its ack), or not. */
const CARRIED: EventOutcome = { ok: true, carried: true };
const ENDED: EventOutcome = { ok: true, carried: false };
