import type { EventSpec } from '../definition/index.js';
import type { Logger } from '../logger.js';
import type { StepRuntime } from '../step/index.js';
import type { EventOrigin, InspectedError, InspectorListener, InspectorRecord, StepCost } from './inspectorRecord.js';
import { measuredRuntime, patchBytes } from './measuredRuntime.js';

/** An inspected event, from its queueing on: its id and where it came from. */
export interface EventTrace {
  readonly id: number;
  readonly origin: EventOrigin;
  readonly parent?: number;
}

/** A running inspected step or task: the runtime to run it with, and its end. */
export interface Inspection {
  readonly runtime: StepRuntime;
  end(error?: unknown): void;
}

/**
 * The app's devtools hook. With nobody listening it costs one check per event (`wants`) and
 * builds nothing; while someone listens to a token, that token's events and tasks are traced:
 * queued, started and ended events with their lock wait, hold, patches and bytes, tasks with a
 * record per `modify`. Chained events name the event or task that chained them.
 */
export class Inspector {
  readonly #all = new Set<InspectorListener>();
  readonly #byToken = new Map<string, Set<InspectorListener>>();
  readonly #logger: () => Logger;
  #nextId = 1;

  constructor(logger: () => Logger) {
    this.#logger = logger;
  }

  /** True when someone listens to `token`'s records. */
  wants(token: string): boolean {
    return this.#all.size > 0 || (this.#byToken.size > 0 && this.#byToken.has(token));
  }

  /** Adds a listener (of one token, or of all); returns the function that removes it. */
  listen(listener: InspectorListener, token?: string): () => void {
    if (token === undefined) {
      this.#all.add(listener);
      return () => this.#all.delete(listener);
    }
    let set = this.#byToken.get(token);
    if (!set) {
      set = new Set();
      this.#byToken.set(token, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#byToken.get(token) === set) this.#byToken.delete(token);
    };
  }

  /** Records an event joining its token's queue; the trace goes with the queued event. */
  queued(token: string, spec: EventSpec, origin: EventOrigin, background: boolean, parent?: number): EventTrace {
    const id = this.#nextId++;
    this.#emit({
      type: 'event-queued',
      id,
      token,
      at: Date.now(),
      handler: `${spec.state}.${spec.name}`,
      payload: spec.payload,
      origin,
      background,
      ...(parent === undefined ? {} : { parent }),
    });
    return parent === undefined ? { id, origin } : { id, origin, parent };
  }

  /**
   * Starts an event's step: records `event-started` and gives the runtime that measures it; its
   * chained events are queued through `chain` with this event as their parent.
   */
  runEvent(
    token: string,
    trace: EventTrace,
    runtime: StepRuntime,
    chain: (events: readonly EventSpec[], trace: EventTrace) => void,
  ): Inspection {
    this.#emit({ type: 'event-started', id: trace.id, token, at: Date.now() });
    const cost = newCost();
    return {
      runtime: measuredRuntime(runtime, {
        locked: (wait) => {
          cost.lockWait += wait;
        },
        released: (held) => {
          cost.held += held;
        },
        sent: (update) => addUpdate(cost, update),
        enqueue: (_token, events) => chain(events, { id: trace.id, origin: 'chain' }),
      }),
      end: (error) => {
        this.#emit({
          type: 'event-ended',
          id: trace.id,
          token,
          at: Date.now(),
          ...cost,
          ...(error === undefined ? {} : { error: inspectError(error) }),
        });
      },
    };
  }

  /**
   * Starts a background task: records `task-started` (with the trace of its queued start, if any)
   * and gives the runtime its `modify` blocks run with, each recorded as a `task-modify` tick.
   */
  runTask(
    token: string,
    spec: EventSpec,
    trace: EventTrace | undefined,
    origin: EventOrigin,
    runtime: StepRuntime,
    chain: (events: readonly EventSpec[], trace: EventTrace) => void,
  ): Inspection {
    const id = trace?.id ?? this.#nextId++;
    const parent = trace?.parent;
    this.#emit({
      type: 'task-started',
      id,
      token,
      at: Date.now(),
      handler: `${spec.state}.${spec.name}`,
      payload: spec.payload,
      origin: trace?.origin ?? origin,
      ...(parent === undefined ? {} : { parent }),
    });
    type Tick = { -readonly [K in keyof StepCost]: StepCost[K] };
    let tick: Tick | undefined;
    let ended: Tick | undefined;
    // A block's last update is sent just after its lock is released: its tick is reported once
    // that has happened — at the next block, at the task's end, or on the next turn of the loop.
    const report = () => {
      if (!ended) return;
      const cost = ended;
      ended = undefined;
      this.#emit({ type: 'task-modify', id, token, at: Date.now(), ...cost });
    };
    return {
      runtime: measuredRuntime(runtime, {
        locked: (wait) => {
          if (tick) {
            tick.lockWait += wait; // another document of the same block
            return;
          }
          report();
          tick = { ...newCost(), lockWait: wait };
        },
        released: (held) => {
          if (!tick) return;
          tick.held = held;
          report();
          ended = tick;
          tick = undefined;
          setTimeout(report, 0);
        },
        sent: (update) => {
          const current = tick ?? ended;
          if (current) addUpdate(current, update);
        },
        enqueue: (_token, events) => chain(events, { id, origin: 'task' }),
      }),
      end: (error) => {
        report();
        this.#emit({
          type: 'task-ended',
          id,
          token,
          at: Date.now(),
          ...(error === undefined ? {} : { error: inspectError(error) }),
        });
      },
    };
  }

  #emit(record: InspectorRecord): void {
    const byToken = this.#byToken.get(record.token);
    if (byToken) for (const listener of byToken) this.#call(listener, record);
    for (const listener of this.#all) this.#call(listener, record);
  }

  #call(listener: InspectorListener, record: InspectorRecord): void {
    try {
      listener(record);
    } catch (error) {
      this.#logger().error('An inspector listener threw', { error });
    }
  }
}

function newCost(): { -readonly [K in keyof StepCost]: StepCost[K] } {
  return { lockWait: 0, held: 0, patches: 0, bytes: 0 };
}

function addUpdate(cost: { patches: number; bytes: number }, update: Parameters<typeof patchBytes>[0]): void {
  cost.patches += update.patches.length;
  cost.bytes += patchBytes(update);
}

/** A thrown value as devtools show it (the handler's own error, not the wrapped one). */
function inspectError(error: unknown): InspectedError {
  const code = (error as { code?: unknown } | null)?.code;
  const codeField = typeof code === 'string' ? { code } : {};
  if (error instanceof Error) {
    return error.stack
      ? { ...codeField, message: error.message, stack: error.stack }
      : { ...codeField, message: error.message };
  }
  return { ...codeField, message: String(error) };
}
