import { type Draft, enablePatches, Immer, isDraft, type Patch } from 'immer';
import { type CollectionDraft, CollectionStore } from '../collections/index.js';
import type { DefinitionInternals, StateRegistry } from '../definition/index.js';
import { describeNonJson, isEqual } from '../definition/index.js';
import { StateError } from '../errors.js';
import type { DocKind, TokenDoc } from '../scopes/index.js';
import { AssignedVars } from './assignedVars.js';
import { type Commit, checkJsonPatches, publicPatches } from './commitCheck.js';
import { ComputedMarks, type ForcedComputed } from './computedMarks.js';
import type { ComputedVars } from './computedVars.js';
import { fitToLayout } from './fitToLayout.js';
import { createStateView, type ViewSource } from './stateView.js';
import { StepCollections } from './stepCollections.js';

enablePatches();
// Auto-freeze off: freezing walks what a commit touched (~100× slower on a 10,000-item array).
// Documents are immutable by convention instead; read-only views are proxies.
const immer = new Immer({ autoFreeze: false });

type States = Record<string, Record<string, unknown>>;

/**
 * One holder's edits to a token's document: a lazily created immer draft that each `commit()`
 * finishes (the next write starts a new draft on top), views that stay valid across commits,
 * and `discard()` for a step that threw.
 *
 * Most handlers only assign vars (`s.count += 1`, `s.text = value`): until a step reads an object
 * var (which has to be a draft, to record nested writes), such assignments go to a shallow copy
 * of their state and make their patches directly, without an immer draft. Reading an object var
 * moves what was assigned so far into a draft and goes on there; the patches are the same.
 */
export class DocDraft implements ViewSource {
  #base: TokenDoc;
  #draft: Draft<States> | undefined;
  /** Vars assigned before any draft (undefined while there are none). */
  #assigned: AssignedVars | undefined;
  /** The patches of those assignments once a draft took over from them (they come first). */
  #assignedPatches: Patch[] | undefined;
  #views: Map<string, Record<string, unknown>> | undefined;
  /** Forced recomputations, failures and interval stamps of the commit being made. */
  readonly #marks: ComputedMarks;
  /** The step's drafts of collection vars (made when a handler reads one). */
  #collections: StepCollections | undefined;
  #closed: string | undefined;
  readonly #registry: StateRegistry;
  readonly #computed: ComputedVars;
  readonly #kind: DocKind;

  /** `kind`: which states the document holds (see `StateRegistry.layout`); `key`: the document's key. */
  constructor(base: TokenDoc, registry: StateRegistry, computed: ComputedVars, kind: DocKind = 'tab', key = '') {
    this.#base = base;
    this.#registry = registry;
    this.#computed = computed;
    this.#kind = kind;
    this.#marks = new ComputedMarks(key, () => this.#base.epoch ?? '');
  }

  /** The last committed document. */
  get base(): TokenDoc {
    return this.#base;
  }

  /** The writable view of one state (the same object for the whole session). */
  view(internals: DefinitionInternals): Record<string, unknown> {
    let view = this.#views?.get(internals.name);
    if (!view) {
      view = createStateView(internals, this, this.#computed);
      (this.#views ??= new Map()).set(internals.name, view);
    }
    return view;
  }

  /**
   * Finishes the draft: computed vars depending on changed vars are recomputed, `_` paths are
   * dropped from the patches, and `seq` goes up by one when the page has something to apply.
   * Returns undefined when nothing changed. Throws `HANDLER_ERROR` (and keeps nothing) when a
   * changed value is not JSON data.
   */
  commit(): Commit | undefined {
    // What must be recomputed whatever changed: `ctx.recompute`, and interval vars that expired.
    const layout = this.#registry.layout(this.#kind);
    const forced = this.#computed.intervals.expired(layout, this.#base, this.#marks.takeForced());
    const draft = this.#draft;
    if (draft) {
      this.#draft = undefined;
      return this.#finish(draft, 'changed', this.#base.shape, false, forced);
    }
    const assigned = this.#assigned;
    if (!assigned)
      return (
        (forced || this.#collections) &&
        this.#complete(this.#base.states, [], 'changed', this.#base.shape, false, forced)
      );
    this.#assigned = undefined;
    const { states, patches } = assigned.apply(this.#base.states);
    return this.#complete(states, patches, 'changed', this.#base.shape, false, forced);
  }

  /** `ctx.recompute`: the next commit recomputes `name` of `internals` (all when undefined), whatever changed. */
  recompute(internals: DefinitionInternals, name?: string): void {
    if (name !== undefined && (typeof name !== 'string' || !internals.computed.has(name))) {
      throw new StateError(
        'UNKNOWN_VAR',
        `Cannot recompute ${JSON.stringify(name)} of state "${internals.name}": it is not a computed var.`,
      );
    }
    this.#marks.force(internals, name === undefined ? internals.computed.keys() : [name]);
  }

  /** An async computed var's result, for the next commit; `COMPUTED_VAR` when a state cannot hold it. */
  writeComputed(internals: DefinitionInternals, name: string, value: unknown): void {
    const problem = describeNonJson(value, [internals.name, name]);
    if (problem) throw new StateError('COMPUTED_VAR', `Computed var ${problem}; it keeps its last value.`);
    if (!isEqual(this.peekValues(internals.name)[name], value)) this.writeVar(internals.name, name, value);
  }

  /**
   * Replaces the committed document's records beside the states (links, recorded events, the
   * task registry; see `docRecords.ts`) and returns it; the draft is untouched. Like a recorded
   * event id, this is stored even when the step's body throws afterwards.
   */
  setRecords(doc: TokenDoc): TokenDoc {
    this.#base = doc;
    return doc;
  }

  /** Starts over from `doc` (copying a document): uncommitted edits are dropped, views read `doc`. */
  resetTo(doc: TokenDoc): void {
    this.#dropEdits();
    this.#collections = undefined; // the drafts were of the old document's collections
    this.#base = doc;
  }

  /** Drops uncommitted edits (a step that threw). */
  discard(): void {
    this.#dropEdits();
  }

  /**
   * Ends the session: its views keep reading the last committed values, and any write throws
   * `ImmutableStateError` with `reason` (a view kept past its handler or `modify` block would
   * otherwise write to a draft nobody commits).
   */
  close(reason: string): void {
    this.#dropEdits(reason);
    this.#closed = reason;
  }

  /**
   * Brings a document up to the registry's shape: adds states and vars with their defaults,
   * drops vars and states no longer declared, recomputes every computed var. Cheap when the
   * shape already matches (one string comparison). A new token (`fresh`) is filled in silently:
   * its page hydrates rather than applying patches, so no update is produced.
   */
  reconcile(fresh = false): Commit | undefined {
    const layout = this.#registry.layout(this.#kind);
    if (this.#base.shape === layout.shape) return undefined;
    const draft = this.#currentDraft();
    fitToLayout(draft, layout.states);
    this.#draft = undefined;
    return this.#finish(draft, 'all', layout.shape, fresh);
  }

  /**
   * The one way a draft becomes a document: finish it, bring computed vars up to date (those whose
   * dependencies changed, or all of them), refuse values that are not JSON, keep the public
   * patches (none for a `fresh` token, which hydrates), and count `seq` up when any remain.
   */
  #finish(
    draft: Draft<States>,
    recompute: 'changed' | 'all',
    shape: string,
    fresh: boolean,
    forced?: ForcedComputed,
  ): Commit | undefined {
    let patches: Patch[] = [];
    const states = immer.finishDraft(draft, (p) => {
      patches = p;
    }) as States;
    const assigned = this.#assignedPatches;
    this.#assignedPatches = undefined;
    return this.#complete(states, assigned ? [...assigned, ...patches] : patches, recompute, shape, fresh, forced);
  }

  /** The rest of {@link #finish}, for states and patches however they were made. */
  #complete(
    states: States,
    patches: Patch[],
    recompute: 'changed' | 'all',
    shape: string,
    fresh: boolean,
    forced?: ForcedComputed,
  ): Commit | undefined {
    const collections = recompute === 'changed' ? this.#collections?.take(patches) : undefined;
    const marks = this.#marks;
    if (recompute === 'all') {
      this.#computed.updateAll(this.#registry.layout(this.#kind).states, states, patches, marks);
    } else {
      if (states === this.#base.states && !forced && !collections) return undefined;
      const own = states === this.#base.states ? { ...states } : states;
      this.#computed.updateChanged(this.#base.states, own, patches, marks, forced);
      states = own;
    }
    const failures = marks.takeFailures();
    const stamps = marks.takeStamps();
    if (forced && !collections && patches.length === 0 && !stamps && !failures) {
      // Only forced recomputations, and every value stayed: nothing to store or send.
      return undefined;
    }
    const floats =
      checkJsonPatches(collections ? patches.slice(collections.checked) : patches) || !!collections?.floats;
    const visible = fresh ? [] : publicPatches(patches);
    const base = this.#base;
    const seq = visible.length > 0 ? base.seq + 1 : base.seq;
    const doc = { ...base, seq, shape, states } as { -readonly [K in keyof TokenDoc]: TokenDoc[K] };
    if (floats && !base.floats) doc.floats = floats;
    // A full recomputation stamps every interval var anew; otherwise the stamps add to the last ones.
    const computedAt = recompute === 'all' ? stamps : stamps && { ...base.computedAt, ...stamps };
    if (computedAt) doc.computedAt = computedAt;
    else if (recompute === 'all') delete doc.computedAt;
    this.#base = doc;
    const commit: Commit = floats ? { doc, patches: visible, floats } : { doc, patches: visible };
    return failures ? { ...commit, failures } : commit;
  }

  #currentDraft(): Draft<States> {
    if (!this.#draft) {
      let states = this.#base.states as States;
      if (this.#assigned) {
        // What was assigned so far becomes the draft's starting point; its patches come first.
        const taken = this.#assigned.apply(states);
        this.#assigned = undefined;
        states = taken.states;
        this.#assignedPatches = taken.patches;
      }
      this.#draft = immer.createDraft(states) as Draft<States>;
    }
    return this.#draft;
  }

  /** Why the session ended (undefined while it is open). */
  closedReason(): string | undefined {
    return this.#closed;
  }

  /** The values of state `name` as they stand, without starting a draft. */
  peekValues(name: string): Record<string, unknown> {
    if (this.#closed === undefined) {
      if (this.#draft) return this.#draft[name] as Record<string, unknown>;
      const assigned = this.#assigned?.values(name);
      if (assigned) return assigned;
    }
    return this.#base.states[name] ?? {};
  }

  /** One var of state `name`: a primitive as it is, an object as a draft. */
  readVar(name: string, key: string): unknown {
    const value = this.peekValues(name)[key];
    // A collection is never drafted by immer: the step gets its own draft of it.
    if (value instanceof CollectionStore) return this.#collectionDraft(name, key, value);
    if (this.#closed !== undefined || this.#draft) return this.stateValues(name)[key];
    // An object is handed out as a draft, so that writes into it are recorded.
    return value !== null && typeof value === 'object' ? this.stateValues(name)[key] : value;
  }

  /** Sets one var of state `name` (a shallow copy until a draft exists, then the draft). */
  writeVar(name: string, key: string, value: unknown): void {
    if (this.peekValues(name)[key] instanceof CollectionStore) throw StepCollections.assignError(name, key);
    if (this.#draft || isDraft(value)) {
      this.stateValues(name)[key] = value;
      return;
    }
    (this.#assigned ??= new AssignedVars()).assign(this.#base.states[name] ?? {}, name, key, value);
  }

  #dropEdits(reason?: string): void {
    this.#draft = undefined;
    this.#assigned = undefined;
    this.#assignedPatches = undefined;
    this.#marks.discard();
    this.#collections?.drop(reason);
  }

  #collectionDraft(name: string, key: string, store: CollectionStore): CollectionDraft {
    this.#collections ??= new StepCollections();
    if (this.#closed !== undefined) this.#collections.drop(this.#closed);
    return this.#collections.draftOf(name, key, store);
  }

  /** State `stateName`'s values: the committed ones once closed, else the draft (made if needed). */
  stateValues(stateName: string): Record<string, unknown> {
    if (this.#closed !== undefined) return this.#base.states[stateName] ?? {};
    return this.#currentDraft()[stateName] as Record<string, unknown>;
  }
}
