/**
 * Where the processes that run background tasks announce that they are alive. The tasks themselves
 * are listed in each token's document (changed under the token's lock); the registry says which of
 * their processes still renew their lease, lets one process ask another to cancel a task, and hands
 * the tokens of a process that died to exactly one survivor. The memory registry serves one
 * process (or several apps sharing one `MemoryStateManager`); the Redis one (`@core/server/redis`)
 * serves every process on one Redis. A state manager offers its registry as `taskRegistry`.
 */
export interface TaskRegistry {
  /** False when no other process can take over a task (a resumable task then ends with its process). */
  readonly shared: boolean;
  /** Joins as a new process; the member renews itself at each {@link TaskRegistryMember.tick}. */
  join(): Promise<TaskRegistryMember>;
}

/** One process's membership of a {@link TaskRegistry}. */
export interface TaskRegistryMember {
  /** This process's id, unique per join. */
  readonly id: string;
  /** Milliseconds between two ticks; the lease is longer, so one missed tick does not kill. */
  readonly tickInterval: number;
  /** Milliseconds after its last renewal at which a process counts as dead. */
  readonly lease: number;
  /**
   * Renews this process's lease, collects the cancels other processes asked for, and claims the
   * processes whose lease lapsed (each dead process is claimed by one member only).
   */
  tick(): Promise<TickReport>;
  /** Whether `processId` renews its lease, as of the last tick (no I/O). */
  isAlive(processId: string): boolean;
  /** Notes that this process runs tasks of `token`, so a survivor looks there if it dies. */
  track(token: string): Promise<void>;
  /** The opposite of {@link track}, once this process runs no task of `token`. */
  untrack(token: string): Promise<void>;
  /** Asks `processId` to abort task `taskId` of `token` (it sees it at its next tick). */
  requestCancel(processId: string, token: string, taskId: string): Promise<void>;
  /**
   * Leaves the registry. With tasks left behind (resumable ones on a graceful stop), the process
   * is marked dead at once, so a survivor takes them over at its next tick.
   */
  leave(): Promise<void>;
}

/** What one tick found. */
export interface TickReport {
  /**
   * False when this process's lease had lapsed and another process claimed it (it stalled past
   * the lease): its tasks were ended or resumed elsewhere; it must abort them and join again.
   */
  readonly alive: boolean;
  /** Tasks of this process that another process asked to cancel. */
  readonly cancels: readonly { readonly token: string; readonly taskId: string }[];
  /** Processes this member claimed as dead, with the tokens they ran tasks of. */
  readonly dead: readonly { readonly processId: string; readonly tokens: readonly string[] }[];
}

/**
 * A process id that carries its join time (`<ms in base 36>-<random>`), so a member that has not
 * seen a new process yet can tell it from one that died long ago.
 */
export function newProcessId(now: number): string {
  return `${Math.floor(now).toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** The join time a {@link newProcessId} carries, or 0. */
export function joinTimeOf(processId: string): number {
  const time = Number.parseInt(processId.split('-')[0] ?? '', 36);
  return Number.isFinite(time) ? time : 0;
}
