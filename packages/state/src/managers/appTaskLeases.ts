import type { TaskRegistryMember } from './taskRegistry.js';

/**
 * Which process of the cluster runs each app-lifetime task. A task is held by one process at a
 * time, for as long as that process renews its lease in the task registry: the process lease is the
 * task's lease, renewed at every tick, so holding any number of app tasks costs no extra heartbeat.
 * When the holder dies, its lease lapses and the next process to call
 * {@link AppTaskLeaseHolder.acquire} (every process does, at each tick) takes the task over: within
 * one lease and one tick of the holder's last renewal.
 */
export interface AppTaskLeases {
  /** False when only apps of this process compete for the tasks. */
  readonly shared: boolean;
  /** This process's side, for a member of the task registry it shares its store with. */
  attach(member: TaskRegistryMember): AppTaskLeaseHolder;
}

/** One process's side of {@link AppTaskLeases}. */
export interface AppTaskLeaseHolder {
  /** The process id that holds what this side acquires. */
  readonly process: string;
  /**
   * Takes each of `names` that no live process holds, and returns those of `names` this process
   * holds now, in their order. A process whose own lease lapsed gets none: a task it ran and does not
   * get back was taken over, and must be stopped here. Call it at every tick, after renewing.
   */
  acquire(names: readonly string[]): Promise<readonly string[]>;
  /** Gives up `names` where this process holds them (a graceful stop, a task removed by a reload). */
  release(names: readonly string[]): Promise<void>;
  /** The live holder of every app task that has one: name → process id. */
  holders(): Promise<ReadonlyMap<string, string>>;
}
