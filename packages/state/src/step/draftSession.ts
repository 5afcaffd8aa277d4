import { type Draft, enablePatches, Immer, isDraft, type Patch } from 'immer';
import type { DefinitionInternals } from '../definition/definitionInternals.js';
import type { EventOrder } from '../definition/eventSpec.js';
import { describeNonJson } from '../definition/jsonValue.js';
import { ROUTER_KEY_PREFIX, ROUTER_STATE } from '../definition/routerData.js';
import type { StateRegistry } from '../definition/stateRegistry.js';
import { StateError } from '../errors.js';
import type { DocKind, DocLinks } from '../scopes/docKey.js';
import { isBackendName, newEpoch, RECENT_EVENTS, RECENT_SOURCES, type TokenDoc } from '../scopes/tokenDoc.js';
import type { TaskEntry } from '../tasks/taskEntry.js';
import { AssignedVars } from './assignedVars.js';
import type { ComputedVars } from './computedVars.js';
import { createStateView, type ViewSource } from './stateView.js';

enablePatches();
// Auto-freeze off: freezing walks what a commit touched (~100× slower on a 10,000-item array).
// Documents are immutable by convention instead; read-only views are proxies.
const immer = new Immer({ autoFreeze: false });

type States = Record<string, Record<string, unknown>>;

const NO_LINKS: DocLinks = {};

/** What one commit produced: the new document and the patches the page gets (no `_` paths). */
export interface Commit {
  readonly doc: TokenDoc;
  readonly patches: Patch[];
}

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
export class DraftSession implements ViewSource {
  #base: TokenDoc;
  #draft: Draft<States> | undefined;
  /** Vars assigned before any draft (undefined while there are none). */
  #assigned: AssignedVars | undefined;
  /** The patches of those assignments once a draft took over from them (they come first). */
  #assignedPatches: Patch[] | undefined;
  #views = new Map<string, Record<string, unknown>>();
  #closed: string | undefined;
  readonly #registry: StateRegistry;
  readonly #computed: ComputedVars;
  readonly #kind: DocKind;

  /** `kind`: which states the document holds (see `StateRegistry.layout`). */
  constructor(base: TokenDoc, registry: StateRegistry, computed: ComputedVars, kind: DocKind = 'tab') {
    this.#base = base;
    this.#registry = registry;
    this.#computed = computed;
    this.#kind = kind;
  }

  /** The last committed document. */
  get base(): TokenDoc {
    return this.#base;
  }

  /** The writable view of one state (the same object for the whole session). */
  view(internals: DefinitionInternals): Record<string, unknown> {
    let view = this.#views.get(internals.name);
    if (!view) {
      view = createStateView(internals, this, this.#computed);
      this.#views.set(internals.name, view);
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
    const draft = this.#draft;
    if (draft) {
      this.#draft = undefined;
      return this.#finish(draft, 'changed', this.#base.shape, false);
    }
    const assigned = this.#assigned;
    if (!assigned) return undefined;
    this.#assigned = undefined;
    const { states, patches } = assigned.apply(this.#base.states);
    return this.#complete(states, patches, 'changed', this.#base.shape, false);
  }

  /** True when the event with this id already ran on the token (its id is in the document). */
  hasRun(eventId: string, order?: EventOrder): boolean {
    if (order) {
      const highest = this.#base.sources?.[order.source];
      return highest !== undefined && order.n <= highest;
    }
    return this.#base.events?.includes(eventId) ?? false;
  }

  /** The links of a tab's document (its session and rooms). */
  get links(): DocLinks {
    return this.#base.links ?? NO_LINKS;
  }

  /** Replaces the links (a join, a leave, a new session); returns the new document. */
  setLinks(links: DocLinks): TokenDoc {
    this.#base = { ...this.#base, links };
    return this.#base;
  }

  /**
   * Records that the event ran — its position for its source when it has one, else its id among
   * the last {@link RECENT_EVENTS}; returns the new document (the draft is untouched).
   */
  recordEvent(eventId: string, order?: EventOrder): TokenDoc {
    if (order) {
      const current = this.#base.sources;
      let last: string | undefined;
      let count = 0;
      for (const name in current) {
        last = name;
        count += 1;
      }
      let sources: Record<string, number>;
      if (last === order.source) {
        // The common case (one page per token): already the most recent source, a copy with the
        // new position keeps the order. No `delete`, which would leave the object slow to copy.
        sources = count === 1 ? { [order.source]: order.n } : { ...current, [order.source]: order.n };
      } else {
        sources = { ...current };
        delete sources[order.source]; // re-inserted last: the most recent source
        sources[order.source] = order.n;
        const names = Object.keys(sources);
        for (let i = 0; i < names.length - RECENT_SOURCES; i++) delete sources[names[i]];
      }
      this.#base = { ...this.#base, sources };
      return this.#base;
    }
    const events = this.#base.events ?? [];
    const kept = events.length >= RECENT_EVENTS ? events.slice(events.length - RECENT_EVENTS + 1) : events;
    this.#base = { ...this.#base, events: [...kept, eventId] };
    return this.#base;
  }

  /**
   * Replaces the token's task registry (the draft is untouched). Like a recorded event id, this is
   * stored even when the step's body throws afterwards: a task's start or end happened either way.
   */
  setTasks(tasks: readonly TaskEntry[]): TokenDoc {
    const { tasks: _old, ...rest } = this.#base;
    this.#base = tasks.length > 0 ? { ...rest, tasks } : rest;
    return this.#base;
  }

  /** Starts over from `doc` (copying a document): uncommitted edits are dropped, views read `doc`. */
  resetTo(doc: TokenDoc): void {
    this.#dropEdits();
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
    this.#dropEdits();
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
    const declared = new Set<string>();
    for (const internals of layout.states) {
      declared.add(internals.name);
      const existing = draft[internals.name];
      if (!existing) {
        draft[internals.name] = structuredClone(internals.vars) as Draft<Record<string, unknown>>;
        continue;
      }
      for (const key of Object.keys(existing)) {
        if (!internals.varNames.has(key) && !internals.computed.has(key)) delete existing[key];
      }
      for (const [key, value] of Object.entries(internals.vars)) {
        if (!Object.hasOwn(existing, key)) existing[key] = structuredClone(value);
      }
    }
    for (const name of Object.keys(draft)) if (!declared.has(name)) delete draft[name];
    this.#draft = undefined;
    return this.#finish(draft, 'all', layout.shape, fresh);
  }

  /**
   * The one way a draft becomes a document: finish it, bring computed vars up to date (those whose
   * dependencies changed, or all of them), refuse values that are not JSON, keep the public
   * patches (none for a `fresh` token, which hydrates), and count `seq` up when any remain.
   */
  #finish(draft: Draft<States>, recompute: 'changed' | 'all', shape: string, fresh: boolean): Commit | undefined {
    let patches: Patch[] = [];
    const states = immer.finishDraft(draft, (p) => {
      patches = p;
    }) as States;
    const assigned = this.#assignedPatches;
    this.#assignedPatches = undefined;
    return this.#complete(states, assigned ? [...assigned, ...patches] : patches, recompute, shape, fresh);
  }

  /** The rest of {@link #finish}, for states and patches however they were made. */
  #complete(
    states: States,
    patches: Patch[],
    recompute: 'changed' | 'all',
    shape: string,
    fresh: boolean,
  ): Commit | undefined {
    if (recompute === 'all') {
      for (const internals of this.#registry.layout(this.#kind).states) {
        // A fresh object per state, so computed values can be written without touching the old doc.
        states[internals.name] = { ...states[internals.name] };
        this.#computed.update(internals, states[internals.name], 'all', patches, states[ROUTER_STATE]);
      }
    } else {
      if (states === this.#base.states) return undefined;
      this.#recomputeChanged(states, patches);
    }
    checkJsonPatches(patches);
    const visible = fresh ? [] : publicPatches(patches);
    const doc: TokenDoc = {
      ...this.#base,
      seq: visible.length > 0 ? this.#base.seq + 1 : this.#base.seq,
      shape,
      states,
    };
    this.#base = doc;
    return { doc, patches: visible };
  }

  /** Recomputes the computed vars of the states whose top-level keys the patches changed. */
  #recomputeChanged(states: States, patches: Patch[]): void {
    let changed: Map<DefinitionInternals, Set<string>> | undefined;
    const routerKeys: string[] = [];
    for (const patch of patches) {
      const [stateName, key] = patch.path as [string, string | undefined];
      if (stateName === ROUTER_STATE) routerKeys.push(ROUTER_KEY_PREFIX + String(key ?? ''));
      const internals = this.#registry.get(stateName);
      if (!internals || internals.computed.size === 0) continue;
      changed ??= new Map();
      let keys = changed.get(internals);
      if (!keys) changed.set(internals, (keys = new Set()));
      if (key !== undefined) keys.add(String(key));
    }
    if (routerKeys.length > 0) {
      // A navigation: every state with computed vars may read the router (`@router.<key>`).
      for (const internals of this.#registry.all()) {
        if (internals.computed.size === 0) continue;
        changed ??= new Map();
        let keys = changed.get(internals);
        if (!keys) changed.set(internals, (keys = new Set()));
        for (const key of routerKeys) keys.add(key);
      }
    }
    if (!changed) return;
    for (const [internals, keys] of changed) {
      // Computed values are written into the finished state: give it its own object first when
      // the draft left it shared with the previous document.
      if (states[internals.name] === this.#base.states[internals.name]) {
        states[internals.name] = { ...states[internals.name] };
      }
      this.#computed.update(internals, states[internals.name], keys, patches, states[ROUTER_STATE]);
    }
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

  /** The router's values, for computed vars that read `@router` (undefined without a router). */
  routerValues(): Record<string, unknown> | undefined {
    if (!this.#registry.get(ROUTER_STATE)) return undefined;
    return this.peekValues(ROUTER_STATE);
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
    if (this.#closed !== undefined || this.#draft) return this.stateValues(name)[key];
    const value = this.peekValues(name)[key];
    // An object is handed out as a draft, so that writes into it are recorded.
    return value !== null && typeof value === 'object' ? this.stateValues(name)[key] : value;
  }

  /** Sets one var of state `name` (a shallow copy until a draft exists, then the draft). */
  writeVar(name: string, key: string, value: unknown): void {
    if (this.#draft || isDraft(value)) {
      this.stateValues(name)[key] = value;
      return;
    }
    (this.#assigned ??= new AssignedVars()).assign(this.#base.states[name] ?? {}, name, key, value);
  }

  #dropEdits(): void {
    this.#draft = undefined;
    this.#assigned = undefined;
    this.#assignedPatches = undefined;
  }

  /** State `stateName`'s values: the committed ones once closed, else the draft (made if needed). */
  stateValues(stateName: string): Record<string, unknown> {
    if (this.#closed !== undefined) return this.#base.states[stateName] ?? {};
    return this.#currentDraft()[stateName] as Record<string, unknown>;
  }
}

/**
 * A new, empty document for a token: no states yet; `reconcile()` fills in the defaults. A
 * document being stored gets a new epoch; a preview (`''`) is what a page may hydrate from before
 * the token's first event stores anything.
 */
export function createEmptyDoc(epoch = newEpoch()): TokenDoc {
  return { seq: 0, epoch, shape: '', states: {} };
}

/** The patches a page may see: none under a `_` var; whole states (reconcile) without their `_` vars. */
function publicPatches(patches: readonly Patch[]): Patch[] {
  const visible: Patch[] = [];
  for (const patch of patches) {
    if (patch.path.length === 1) {
      visible.push(
        patch.op === 'remove' ? patch : { ...patch, value: stripBackend(patch.value as Record<string, unknown>) },
      );
    } else if (!isBackendName(patch.path[1])) {
      visible.push(patch);
    }
  }
  return visible;
}

/** Refuses a commit that would store a value JSON cannot carry (it would fail to send or save). */
function checkJsonPatches(patches: readonly Patch[]): void {
  for (const patch of patches) {
    const value = patch.value;
    if (patch.op === 'remove' || typeof value === 'string' || typeof value === 'boolean' || value === null) continue;
    if (typeof value === 'number' && Number.isFinite(value)) continue;
    const problem = describeNonJson(value, patch.path);
    if (problem) {
      throw new StateError(
        'HANDLER_ERROR',
        `Cannot store ${problem}; state must be JSON data (null, boolean, finite number, string, array, plain object). Nothing of this step was kept.`,
      );
    }
  }
}

function stripBackend(values: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) if (!isBackendName(key)) result[key] = value;
  return result;
}
