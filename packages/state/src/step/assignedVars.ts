import type { Patch } from 'immer';

type States = Record<string, Record<string, unknown>>;

/**
 * The vars a step assigned before it needed an immer draft (see `DocDraft`): per state, a
 * shallow copy of its values with the assignments, and the keys assigned in order. Turned into
 * the step's states and patches at the commit, or when a draft takes over.
 */
export class AssignedVars {
  readonly #states = new Map<string, { values: Record<string, unknown>; keys: Set<string> }>();

  /** State `name`'s values with its assignments; undefined when it has none. */
  values(name: string): Record<string, unknown> | undefined {
    return this.#states.get(name)?.values;
  }

  /** Assigns `value` to `key` of state `name`, whose committed values are `base`. */
  assign(base: Record<string, unknown>, name: string, key: string, value: unknown): void {
    let assigned = this.#states.get(name);
    if (!assigned) {
      if (base[key] === value && Object.hasOwn(base, key)) return; // nothing changes yet
      assigned = { values: { ...base }, keys: new Set() };
      this.#states.set(name, assigned);
    }
    assigned.values[key] = value;
    assigned.keys.add(key);
  }

  /**
   * `base` (the committed states) with the assigned states in place, and a patch per assigned
   * key whose value differs from the committed one, in the order the keys were first assigned;
   * `base` itself when no assignment changed anything.
   */
  apply(base: States): { states: States; patches: Patch[] } {
    if (this.#states.size === 0) return { states: base, patches: [] }; // only no-op assignments
    const states: States = { ...base };
    const patches: Patch[] = [];
    for (const [name, { values, keys }] of this.#states) {
      const before = base[name] ?? {};
      states[name] = values;
      for (const key of keys) {
        const had = Object.hasOwn(before, key);
        if (had && before[key] === values[key]) continue;
        patches.push({ op: had ? 'replace' : 'add', path: [name, key], value: values[key] });
      }
    }
    return { states, patches };
  }
}
