import type { EventSpec } from '../definition/index.js';
import type { StateLease, StateManager } from '../managers/index.js';
import type { StateUpdate } from '../protocol.js';
import type { StepRuntime } from '../step/index.js';

/** What a measured runtime reports about the steps run through it. */
export interface RuntimeMeasure {
  /** A lock was taken after `wait` ms (a step that touches shared documents takes several). */
  locked(wait: number): void;
  /** The step's last lock was released, `held` ms after its first was taken. */
  released(held: number): void;
  /** An update went to the token's listeners. */
  sent(update: StateUpdate): void;
  /** The step chained these events (queue them, noting where they came from). */
  enqueue(token: string, events: readonly EventSpec[]): void;
}

/**
 * A step runtime that reports its lock times, updates and chained events to `measure`, for the
 * inspector. Built only for a step someone inspects: the runner itself carries no measuring code.
 */
export function measuredRuntime(runtime: StepRuntime, measure: RuntimeMeasure): StepRuntime {
  const leases = { open: 0, since: 0 };
  const overrides: Pick<StepRuntime, 'send' | 'enqueue'> = {
    send(key, update, epoch) {
      measure.sent(update);
      runtime.send(key, update, epoch);
    },
    enqueue: (token, events) => measure.enqueue(token, events),
  };
  // Everything else (registry, logger, links…) is the app's runtime itself, whatever it grows.
  return Object.create(runtime, {
    manager: { get: () => measuredManager(runtime.manager, measure, leases) },
    send: { value: overrides.send },
    enqueue: { value: overrides.enqueue },
  }) as StepRuntime;
}

function measuredManager(
  manager: StateManager,
  measure: RuntimeMeasure,
  leases: { open: number; since: number },
): StateManager {
  return {
    get: (token) => manager.get(token),
    delete: (token) => manager.delete(token),
    close: () => manager.close(),
    touch: manager.touch ? (tokens) => manager.touch?.(tokens) ?? Promise.resolve() : undefined,
    async lock(token, options) {
      const asked = performance.now();
      const lease = await manager.lock(token, options);
      const taken = performance.now();
      if (leases.open++ === 0) leases.since = taken;
      measure.locked(taken - asked);
      return measuredLease(lease, () => {
        if (--leases.open === 0) measure.released(performance.now() - leases.since);
      });
    },
  };
}

function measuredLease(lease: StateLease, released: () => void): StateLease {
  return {
    token: lease.token,
    doc: lease.doc,
    save: (doc, updates) => lease.save(doc, updates),
    release(doc, updates) {
      let done: void | Promise<void>;
      try {
        done = lease.release(doc, updates);
      } catch (error) {
        released();
        throw error;
      }
      if (done) return done.finally(released);
      released();
    },
  };
}

/** The size of an update's patches as JSON (what the page receives, give or take the framing). */
export function patchBytes(update: StateUpdate): number {
  return update.patches.length === 0 ? 0 : JSON.stringify(update.patches).length;
}
