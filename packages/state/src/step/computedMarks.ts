import type { DefinitionInternals } from '../definition/index.js';
import type { ComputedFailure, ComputedSink, ForcedComputed } from './computedVars.js';

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

  /** The next commit recomputes these computed vars of `internals` (keys as `ComputedVars.force` makes them). */
  force(internals: DefinitionInternals, keys: readonly string[]): void {
    this.#forced ??= new Map();
    let names = this.#forced.get(internals);
    if (!names) this.#forced.set(internals, (names = new Set()));
    for (const key of keys) names.add(key);
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
