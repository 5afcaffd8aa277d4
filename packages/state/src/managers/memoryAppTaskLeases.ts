import type { AppTaskLeaseHolder, AppTaskLeases } from './appTaskLeases.js';
import type { TaskRegistryMember } from './taskRegistry.js';

/**
 * The app-task leases of one process (or of several apps sharing one `MemoryStateManager`, which
 * then compete like processes, with liveness from its `MemoryTaskRegistry`).
 */
export class MemoryAppTaskLeases implements AppTaskLeases {
  readonly shared = false;
  /** Task name → the process holding it. */
  readonly #holders = new Map<string, string>();

  attach(member: TaskRegistryMember): AppTaskLeaseHolder {
    const process = member.id;
    const holders = this.#holders;
    return {
      process,
      async acquire(names) {
        if (!member.isAlive(process)) return [];
        return names.filter((name) => {
          const holder = holders.get(name);
          if (holder === process) return true;
          if (holder !== undefined && member.isAlive(holder)) return false;
          holders.set(name, process);
          return true;
        });
      },
      async release(names) {
        for (const name of names) if (holders.get(name) === process) holders.delete(name);
      },
      async holders() {
        return new Map([...holders].filter(([, holder]) => member.isAlive(holder)));
      },
    };
  }
}
