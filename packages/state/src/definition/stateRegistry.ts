import { StateError } from '../errors.js';
import type { DocKind } from '../scopes/index.js';
import { type DefinitionInternals, getDefinitionInternals } from './definitionInternals.js';
import type { AnyStateDefinition } from './stateShape.js';
import type { ResolvedStorageBinding } from './storedValues.js';

/** The states one kind of document holds, and the fingerprint of that set. */
export interface DocLayout {
  readonly shape: string;
  readonly states: readonly DefinitionInternals[];
}

/**
 * The app's states by name, and per kind of document the states it holds: a tab's document holds
 * its tab states and its own copies of session and room states (used while it is in no session
 * or room); shared documents hold the states of their scope. Replaceable as a whole, so a dev
 * server can hot-reload definitions.
 */
export class StateRegistry {
  #byName = new Map<string, DefinitionInternals>();
  #shape = '';
  #storage = new Map<string, ResolvedStorageBinding[]>();
  #bindings: readonly ResolvedStorageBinding[] = [];
  #layouts = new Map<DocKind, DocLayout>();

  constructor(definitions: readonly AnyStateDefinition[]) {
    this.replace(definitions);
  }

  /** A string that changes whenever any state's vars or computed vars change. */
  get shape(): string {
    return this.#shape;
  }

  /** Every storage var of every state (what the page reads and writes). */
  get storageBindings(): readonly ResolvedStorageBinding[] {
    return this.#bindings;
  }

  /** The storage vars bound to a stored key (`local:theme`), usually one. */
  storageByKey(key: string): readonly ResolvedStorageBinding[] | undefined {
    return this.#storage.get(key);
  }

  /** The states a kind of document holds. */
  layout(kind: DocKind): DocLayout {
    return this.#layouts.get(kind) as DocLayout;
  }

  /** True when some state lives in the app-wide document. */
  get hasAppStates(): boolean {
    return this.layout('app').states.length > 0;
  }

  /** Every state's internals, in declaration order. */
  all(): IterableIterator<DefinitionInternals> {
    return this.#byName.values();
  }

  /** The internals of the state named `name`, or undefined. */
  get(name: string): DefinitionInternals | undefined {
    return this.#byName.get(name);
  }

  /** The internals of a definition registered with this app; throws a clear error otherwise. */
  require(definition: AnyStateDefinition): DefinitionInternals {
    const internals = getDefinitionInternals(definition);
    const registered = internals && this.#byName.get(internals.name);
    if (!registered) {
      const name = (definition as { name?: unknown })?.name;
      throw new StateError(
        'UNKNOWN_STATE',
        `State ${JSON.stringify(name)} is not part of this app; add it to createApp({ states: [...] }).`,
      );
    }
    return registered;
  }

  /** Replaces every definition (names may come and go). */
  replace(definitions: readonly AnyStateDefinition[]): void {
    const next = new Map<string, DefinitionInternals>();
    for (const definition of definitions) {
      const internals = getDefinitionInternals(definition);
      if (!internals) {
        throw new StateError('INVALID_DEFINITION', 'createApp({ states }) takes definitions made by defineState().');
      }
      if (next.has(internals.name)) {
        throw new StateError(
          'INVALID_DEFINITION',
          `Two states are named "${internals.name}"; state names must be unique.`,
        );
      }
      next.set(internals.name, internals);
    }
    this.#byName = next;
    this.#storage = new Map();
    for (const internals of next.values()) {
      for (const binding of internals.storage.values()) {
        const list = this.#storage.get(binding.key) ?? [];
        list.push(binding);
        this.#storage.set(binding.key, list);
      }
    }
    this.#bindings = [...this.#storage.values()].flat();
    this.#shape = [...next.values()].map((s) => `${s.name}:${s.fingerprint}`).join(';');
    const layouts = new Map<DocKind, DocLayout>();
    for (const kind of ['tab', 'session', 'room', 'app'] as const) {
      const states = [...next.values()].filter((s) => (kind === 'tab' ? s.scope !== 'app' : s.scope === kind));
      const shape = states.map((s) => `${s.name}:${s.scope}:${s.fingerprint}`).join(';');
      layouts.set(kind, { shape, states });
    }
    this.#layouts = layouts;
  }
}
