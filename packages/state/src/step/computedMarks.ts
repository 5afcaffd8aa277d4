import type { DefinitionInternals } from '../definition/index.js';
import { StateError } from '../errors.js';

/** Computed vars a commit must recompute whatever changed (`ctx.recompute`, an expired interval), by state. */
export type ForcedComputed = Map<DefinitionInternals, Set<string>>;

/** The key that forces computed var `name` in a set of changed keys. */
export function forceKey(name: string): string {
  return `!${name}`;
}

/** What a commit's recomputation reports to the draft of its document. */
export interface ComputedSink {
  /** The document's key and epoch: where an async computed var's result is committed. */
  readonly key: string;
  readonly epoch: string;
  /** A computed var failed alone (it kept its last value). */
  failed(failure: ComputedFailure): void;
  /** A computed var with an `interval` was computed at `at` (ms): its value lasts from then. */
  stamp(name: string, at: number): void;
}

/** A computed var that failed in a commit (it kept its last value): `state.var` and why. */
export interface ComputedFailure {
  readonly name: string;
  readonly error: StateError;
}

/** The failure of computed var `state.name`, as the step reports it. */
export function computedFailure(state: string, name: string, error: unknown): ComputedFailure {
  const full = `${state}.${name}`;
  if (error instanceof StateError && error.code === 'COMPUTED_VAR') return { name: full, error };
  const message = error instanceof Error ? error.message : String(error);
  return {
    name: full,
    error: new StateError('COMPUTED_VAR', `Computed var "${full}" failed: ${message}; it keeps its last value.`, {
      cause: error,
    }),
  };
}

/**
 * What one document's draft collects about computed vars until its next commit: the vars
 * `ctx.recompute` asked for, the failures and interval stamps of the recomputation (it is the sink
 * `ComputedVars` reports to), and where an async var's result must go (the document's key and epoch).
 */
export class ComputedMarks implements ComputedSink {
  readonly key: string;
  readonly #epoch: () => string;
  #forced: ForcedComputed | undefined;
  #failures: ComputedFailure[] | undefined;
  #stamps: Record<string, number> | undefined;

  /** `key`: the document's; `epoch`: its current epoch (it changes when the document is replaced). */
  constructor(key: string, epoch: () => string) {
    this.key = key;
    this.#epoch = epoch;
  }

  get epoch(): string {
    return this.#epoch();
  }

  /** The next commit recomputes these computed vars of `internals`. */
  force(internals: DefinitionInternals, names: Iterable<string>): void {
    this.#forced ??= new Map();
    let keys = this.#forced.get(internals);
    if (!keys) this.#forced.set(internals, (keys = new Set()));
    for (const name of names) keys.add(forceKey(name));
  }

  failed(failure: ComputedFailure): void {
    (this.#failures ??= []).push(failure);
  }

  stamp(name: string, at: number): void {
    (this.#stamps ??= {})[name] = at;
  }

  /** The forced vars, taken (the next commit starts without). */
  takeForced(): ForcedComputed | undefined {
    const forced = this.#forced;
    this.#forced = undefined;
    return forced;
  }

  /** The failures of the commit being made, taken. */
  takeFailures(): readonly ComputedFailure[] | undefined {
    const failures = this.#failures;
    this.#failures = undefined;
    return failures;
  }

  /** The interval stamps of the commit being made, taken. */
  takeStamps(): Readonly<Record<string, number>> | undefined {
    const stamps = this.#stamps;
    this.#stamps = undefined;
    return stamps;
  }

  /** Drops what the step asked for (it threw): nothing it forced is recomputed. */
  discard(): void {
    this.#forced = undefined;
  }
}
