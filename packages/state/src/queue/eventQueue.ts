import type { DefinitionInternals } from '../definition/definitionInternals.js';
import type { DispatchOptions, EventOrder, EventSpec } from '../definition/eventSpec.js';
import type { AppHandle } from '../definition/handlerContext.js';
import { checkPayload, hasPayloadSchema } from '../definition/payloadSchema.js';
import type { EventTrace, Inspector } from '../inspect/inspector.js';
import { lockContext } from '../step/lockContext.js';
import { runLockedStep } from '../step/lockedStep.js';
import type { StepRuntime } from '../step/stepRuntime.js';
import { type EventTarget, resolveEvent } from './resolveEvent.js';
import { TokenQueues } from './tokenQueues.js';

interface QueuedEvent extends EventTarget {
  readonly spec: EventSpec;
  readonly id?: string;
  readonly order?: EventOrder;
  readonly page?: string;
  readonly session?: string;
  readonly user?: unknown;
  /** Set when the token was inspected as the event was queued. */
  readonly trace?: EventTrace;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** What the queue needs from its app besides the runner's runtime. */
export interface EventQueueHost {
  readonly runtime: StepRuntime;
  readonly app: AppHandle;
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
  /** Reports a failure to the token's page and the log; returns the error to reject with. */
  report(token: string, error: unknown, handler: string): unknown;
  /** False once the app closed: chained events are dropped. */
  isOpen(): boolean;
}

/**
 * The app's events, one queue per token: each handler runs as one locked step, in arrival order;
 * chained events (returned, yielded, dispatched) join the back of their token's queue, so chains
 * run breadth-first behind events already waiting.
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

  /** Queues a resolved event; the promise settles when its handler has finished. */
  push(token: string, spec: EventSpec, target: EventTarget, options: DispatchOptions): Promise<void> {
    const { inspector } = this.#host;
    const trace = inspector.wants(token)
      ? inspector.queued(token, spec, options.origin === 'client' ? 'page' : 'server', target.background)
      : undefined;
    return new Promise<void>((resolve, reject) => {
      const { id, order, session, user, page } = options;
      this.#queues.push(token, { spec, id, order, session, user, page, ...target, trace, resolve, reject });
    });
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
        lockContext.exit(() => this.#queues.push(token, { spec, ...target, trace, resolve: noop, reject: noop }));
      } catch (error) {
        this.#host.report(token, error, `${spec.state}.${spec.name}`);
      }
    }
  }

  /** Resolves when no queue has work. */
  idle(): Promise<void> {
    return this.#queues.idle();
  }

  /** Removes the waiting events (not the running ones) and rejects each with `reason`. */
  rejectWaiting(reason: unknown): void {
    for (const item of this.#queues.drainWaiting()) item.reject(reason);
  }

  async #process(token: string, item: QueuedEvent): Promise<void> {
    try {
      if (item.background) await this.#host.startTask(token, item.internals, item.spec, item, item.trace);
      else await this.#run(token, item);
      item.resolve();
    } catch (error) {
      item.reject(error);
    }
  }

  async #run(token: string, { internals, spec, id, order, session, user, page, trace }: QueuedEvent): Promise<void> {
    const handler = internals.events.get(spec.name) as (...args: unknown[]) => unknown;
    const name = `${internals.name}.${spec.name}`;
    const { app, runtime } = this.#host;
    const options = {
      eventId: id,
      order,
      own: internals,
      session,
      user,
      app,
      target: page,
      returnsChain: true,
      ended: `the handler ${name} has finished, so the change would be lost; dispatch an event or use app.modifyState().`,
    };
    const inspection = trace && this.#inspect(token, trace);
    try {
      const payload = hasPayloadSchema(handler) ? await checkPayload(handler, spec.payload, name) : spec.payload;
      await runLockedStep(inspection?.runtime ?? runtime, token, options, (s) =>
        handler(s.view(internals), payload, s.access),
      );
      inspection?.end();
    } catch (error) {
      inspection?.end(error);
      throw this.#host.report(token, error, name);
    }
  }

  #inspect(token: string, trace: EventTrace) {
    return this.#host.inspector.runEvent(token, trace, this.#host.runtime, (events, from) =>
      this.chain(token, events, from),
    );
  }
}

function noop(): void {}
