import type { DefinitionInternals } from '../definition/index.js';
import { StateError } from '../errors.js';
import type { StateLease } from '../managers/index.js';
import type { UpdatePosition } from '../protocol.js';
import type { EventOrder } from '../scopes/index.js';
import { compareKeys, docKeyFor, linksOf } from '../scopes/index.js';
import { andThen, inSequence, isPromiseLike } from './handlerResult.js';
import { HeldDoc } from './heldDoc.js';
import type { StepRuntime } from './stepRuntime.js';

/** Thrown inside a step that reached for a busy lock out of order: it starts over with these keys. */
export class StartOver {
  constructor(readonly keys: readonly string[]) {}
}

/**
 * The documents one step holds: its own key's (`primary`) and the shared documents it touched,
 * locked in `compareKeys` order (tab, session, rooms, app). A key reached out of that order is
 * taken at once when it is free; when it is busy, the step starts over holding every key it needs
 * in order (before anything was committed) or fails with `LOCK_ORDER` (after a `yield`). At the end
 * or at a `yield` it commits, stores, releases and sends every document.
 */
export class StepDocs {
  readonly primary: HeldDoc;
  readonly #runtime: StepRuntime;
  #shared: Map<string, HeldDoc> | undefined;
  #flushed = false;

  constructor(runtime: StepRuntime, primary: HeldDoc) {
    this.#runtime = runtime;
    this.primary = primary;
  }

  /** The document key that holds `internals` for this step. */
  keyFor(internals: DefinitionInternals): string {
    const { primary } = this;
    const key = docKeyFor(internals.scope, internals.name, primary.key, linksOf(primary.doc));
    if (key !== undefined) return key;
    throw new StateError(
      'WRONG_SCOPE',
      `State "${internals.name}" (scope '${internals.scope}') is not part of a step on a ${primary.kind} document; reach it from a handler of the tab, or with app.modifyState on its own scope.`,
    );
  }

  /** Locks the document of `internals` (in order) and returns it. */
  ensure(internals: DefinitionInternals): HeldDoc | Promise<HeldDoc> {
    return this.ensureKey(this.keyFor(internals));
  }

  /** The held document of `key`, locked now if the step does not hold it yet. */
  ensureKey(key: string): HeldDoc | Promise<HeldDoc> {
    const known = key === this.primary.key ? this.primary : this.#shared?.get(key);
    if (known) return known;
    const highest = this.#shared ? [...this.#shared.keys()].sort(compareKeys).at(-1) : undefined;
    if (highest === undefined || compareKeys(key, highest) > 0) return this.lock(key);
    // Out of order: waiting could close a cycle with a step that holds it and waits for ours.
    // Taking it when it is free waits for nobody.
    const free = this.#runtime.manager.tryLock?.(key);
    if (free) return this.#hold(free);
    if (this.#flushed) {
      throw new StateError(
        'LOCK_ORDER',
        `Document ${key} was reached after a yield and out of lock order (tab, session, rooms, app) while another step held it; read shared states before the first yield, or in that order.`,
      );
    }
    throw new StartOver([...(this.#shared?.keys() ?? []), key]);
  }

  /** Locks `key` (waiting for it when busy) and holds it for this step. */
  lock(key: string): HeldDoc | Promise<HeldDoc> {
    const free = this.#runtime.manager.tryLock?.(key);
    return free ? this.#hold(free) : this.#runtime.manager.lock(key).then((lease) => this.#hold(lease));
  }

  /** The held document of `internals`; throws when the step does not hold it. */
  holdOf(internals: DefinitionInternals): HeldDoc {
    const key = this.keyFor(internals);
    const hold = key === this.primary.key ? this.primary : this.#shared?.get(key);
    if (!hold) {
      throw new StateError(
        'WRONG_SCOPE',
        `State "${internals.name}" is not locked in this step; use await ctx.get(${internals.name}).`,
      );
    }
    return hold;
  }

  /** The committed values of a state this step touched (from whichever document holds it). */
  valuesOf(internals: DefinitionInternals): Record<string, unknown> | undefined {
    const key = this.keyFor(internals);
    const hold = key === this.primary.key ? this.primary : this.#shared?.get(key);
    return hold?.doc.states[internals.name];
  }

  /** Drops everything this attempt did, then takes `keys` in order (the primary stays held). */
  async startOver(keys: readonly string[]): Promise<void> {
    this.primary.draft.discard();
    const held = [...(this.#shared?.values() ?? [])];
    this.#shared = undefined;
    for (const hold of held) {
      hold.draft.close('the step started over.');
      await hold.abort();
    }
    for (const key of [...new Set(keys)].sort(compareKeys)) await this.lock(key);
  }

  /** Commits every document, stores and sends, keeping the locks (a `yield`). */
  flush(): void | Promise<void> {
    this.#flushed = true;
    return inSequence([this.primary, ...(this.#shared?.values() ?? [])], (hold) => hold.flush());
  }

  /**
   * Commits every document (the primary records the event), stores, releases, then sends. True
   * when the primary's last update carried `eventId`.
   *
   * With `committed`, an event that changed shared documents is acknowledged by position instead
   * (their updates go to every page of the document, so none can carry the id): every document is
   * stored and released first, then `committed` hears where each update landed, then they are sent.
   */
  finish(
    eventId?: string,
    order?: EventOrder,
    committed?: (after: readonly UpdatePosition[]) => void,
  ): boolean | Promise<boolean> {
    const shared = [...(this.#shared?.values() ?? [])];
    for (const hold of shared) hold.commit();
    this.primary.commit(eventId, order);
    if (committed && shared.some(isChanged)) return this.#finishByPosition(shared, committed);
    const released = inSequence(shared, (hold) => andThen(hold.release(), () => undefined));
    return andThen(released, () => this.primary.release(eventId));
  }

  /**
   * Stores and releases every document (shared ones first, as {@link finish} does), tells
   * `committed` where their updates landed, then sends them. What was stored before a failure is
   * sent all the same: pages must not wait for updates the store holds.
   */
  #finishByPosition(shared: HeldDoc[], committed: (after: readonly UpdatePosition[]) => void): false | Promise<false> {
    const holds = [...shared, this.primary];
    const after: UpdatePosition[] = [];
    const sendAll = () => {
      for (const hold of holds) hold.sendHeld();
    };
    const done = (): false => {
      committed(after);
      sendAll();
      return false;
    };
    const failed = (error: unknown): never => {
      sendAll();
      throw error;
    };
    let stored: void | Promise<void>;
    try {
      stored = inSequence(holds, (hold) =>
        andThen(hold.releaseHeld(), (position) => void (position && after.push(position))),
      );
    } catch (error) {
      return failed(error);
    }
    if (!isPromiseLike(stored)) return done();
    return stored.then(done, failed);
  }

  /** Drops the uncommitted drafts, stores what was committed, releases every lock. */
  abort(): void | Promise<void> {
    const failures: unknown[] = [];
    const done = inSequence([...(this.#shared?.values() ?? []), this.primary], (hold) => {
      try {
        const aborted = hold.abort();
        if (isPromiseLike(aborted)) return aborted.catch((error: unknown) => void failures.push(error));
      } catch (error) {
        failures.push(error);
      }
    });
    return andThen(done, () => {
      if (failures.length > 0) throw failures[0];
    });
  }

  /** Ends the views of every document (a view kept past its step reads committed values). */
  close(reason: string): void {
    this.primary.draft.close(reason);
    for (const hold of this.#shared?.values() ?? []) hold.draft.close(reason);
  }

  #hold(lease: StateLease): HeldDoc {
    const hold = new HeldDoc(this.#runtime, lease);
    (this.#shared ??= new Map()).set(hold.key, hold);
    hold.reconcile();
    return hold;
  }
}

function isChanged(hold: HeldDoc): boolean {
  return hold.changed;
}
