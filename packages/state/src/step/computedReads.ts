import type { AnyStateDefinition, DefinitionInternals, StateRegistry } from '../definition/index.js';
import { ROUTER_DEFAULTS, ROUTER_KEY_PREFIX, ROUTER_STATE } from '../definition/index.js';
import { StateError } from '../errors.js';

/** The values of a state of the document being computed (undefined when it holds none). */
export type ValuesOf = (stateName: string) => Readonly<Record<string, unknown>> | undefined;

/** Per state name, the names of the states whose computed vars read it through `get`. */
export type ReaderIndex = Map<string, Set<string>>;

/**
 * The second argument of a computed function: the router and `get(Other)`, both read-only and,
 * when `read` is given, recording what they read into it — the router's keys as `@router.<key>`,
 * another state's as `@<state>.<key>`. `get` reaches only states of the computing state's scope:
 * they live in the same document, so a change to them is a change of this document's commit.
 */
export class ComputedReads {
  readonly #registry: StateRegistry;
  readonly #internals: DefinitionInternals;
  readonly #valuesOf: ValuesOf;
  readonly #read: Set<string> | undefined;
  readonly #readers: ReaderIndex | undefined;

  /** `readers`: where a tracked read of another state is noted (which states read which). */
  constructor(
    registry: StateRegistry,
    internals: DefinitionInternals,
    valuesOf: ValuesOf,
    read: Set<string> | undefined,
    readers?: ReaderIndex,
  ) {
    this.#registry = registry;
    this.#internals = internals;
    this.#valuesOf = valuesOf;
    this.#read = read;
    this.#readers = readers;
  }

  get router(): Readonly<Record<string, unknown>> {
    const router = this.#registry.get(ROUTER_STATE) ? this.#valuesOf(ROUTER_STATE) : undefined;
    return trackReads(router ?? ROUTER_DEFAULTS, this.#read, ROUTER_KEY_PREFIX);
  }

  get = (definition: AnyStateDefinition): Readonly<Record<string, unknown>> => {
    const other = this.#registry.require(definition);
    const own = this.#internals;
    if (other.scope !== own.scope) {
      throw new StateError(
        'COMPUTED_VAR',
        `A computed var of "${own.name}" (scope '${own.scope}') read state "${other.name}" (scope '${other.scope}'), which lives in another document; a computed var reads states of its own scope — declare it on "${other.name}", or combine the two in the component.`,
      );
    }
    if (other.name === own.name) return trackReads(this.#valuesOf(own.name) ?? {}, this.#read, '');
    if (this.#read && this.#readers) {
      let readers = this.#readers.get(other.name);
      if (!readers) this.#readers.set(other.name, (readers = new Set()));
      readers.add(own.name);
    }
    return trackReads(this.#valuesOf(other.name) ?? {}, this.#read, `@${other.name}.`);
  };
}

/**
 * A view of `values`, read-only at the top level, that adds each top-level key read to `read`
 * (with `prefix`) when given.
 */
export function trackReads(
  values: Readonly<Record<string, unknown>>,
  read: Set<string> | undefined,
  prefix: string,
): Readonly<Record<string, unknown>> {
  return new Proxy(values, {
    get(target, key, receiver) {
      if (typeof key === 'string') read?.add(prefix + key);
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === 'string') read?.add(prefix + key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      if (read) for (const key of Object.keys(target)) read.add(prefix + key);
      return Reflect.ownKeys(target);
    },
    set() {
      return false;
    },
  });
}
