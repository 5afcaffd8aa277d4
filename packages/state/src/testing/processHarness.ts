import type {
  AppTaskLeaseHolder,
  PresenceChange,
  PresenceMember,
  StateManager,
  TaskRegistryMember,
} from '../managers/index.js';

/** What the process-lease suites pass to the manager factory. */
export interface ProcessLeaseOptions {
  /** Milliseconds after its last renewal at which a process counts as dead (the manager's `taskLease`). */
  taskLease: number;
  /** Another process of the same app: a manager on the same store (the same instance for memory). */
  peerOf?: StateManager;
}

/** Makes a manager for {@link ProcessHarness}. */
export type ProcessLeaseFactory = (options: ProcessLeaseOptions) => Promise<StateManager> | StateManager;

/**
 * One simulated process in the process-lease suites: a task-registry member that ticks on its own
 * interval, as the app's membership does, with its presence and app-task sides. Each tick reaps the
 * presence entries of the dead processes it claimed and takes the app tasks in {@link wanted}.
 */
export interface SimulatedProcess {
  readonly member: TaskRegistryMember;
  readonly presence: PresenceMember;
  readonly leases: AppTaskLeaseHolder;
  /** The app tasks it asks for at each tick. */
  wanted: string[];
  /** What its last tick's acquire returned. */
  held: readonly string[];
  /** Local time at the start of its last tick that renewed its lease. */
  lastRenewal: number;
  /** Whether its last tick found it alive. */
  alive: boolean;
  /** The dead processes it claimed, and the leaves it reaped from them. */
  readonly claimed: string[];
  readonly reaped: PresenceChange[];
  /** Runs one tick now (also runs on the interval until killed). */
  tick(): Promise<void>;
  /** Stops ticking without leaving: to the others, it dies as with `kill -9`. */
  kill(): void;
}

/** Starts simulated processes on one store and stops them after each test. */
export class ProcessHarness {
  readonly #create: ProcessLeaseFactory;
  readonly #taskLease: number;
  readonly #managers: StateManager[] = [];
  readonly #stops: (() => Promise<void>)[] = [];

  constructor(create: ProcessLeaseFactory, taskLease: number) {
    this.#create = create;
    this.#taskLease = taskLease;
  }

  /** A new process on the store of the first one (or a new store for the first); spawn one at a time. */
  async spawn(): Promise<SimulatedProcess> {
    const manager = await this.#create({ taskLease: this.#taskLease, peerOf: this.#managers[0] });
    if (!this.#managers.includes(manager)) this.#managers.push(manager);
    const { taskRegistry, presenceRegistry, appTaskLeases } = manager;
    if (!taskRegistry || !presenceRegistry || !appTaskLeases) {
      throw new Error('The manager under test needs taskRegistry, presenceRegistry and appTaskLeases.');
    }
    const member = await taskRegistry.join();
    let ticking = false;
    const process: SimulatedProcess = {
      member,
      presence: presenceRegistry.attach(member),
      leases: appTaskLeases.attach(member),
      wanted: [],
      held: [],
      lastRenewal: Date.now(),
      alive: true,
      claimed: [],
      reaped: [],
      async tick() {
        if (ticking) return;
        ticking = true;
        try {
          const started = Date.now();
          const report = await member.tick();
          process.alive = report.alive;
          if (!report.alive) return;
          process.lastRenewal = started;
          for (const dead of report.dead) {
            process.claimed.push(dead.processId);
            process.reaped.push(...(await process.presence.reap(dead.processId)));
          }
          process.held = await process.leases.acquire(process.wanted);
        } finally {
          ticking = false;
        }
      },
      kill() {
        clearInterval(timer);
      },
    };
    const timer = setInterval(() => void process.tick().catch(() => {}), member.tickInterval);
    this.#stops.push(async () => {
      clearInterval(timer);
      await member.leave().catch(() => {});
    });
    return process;
  }

  /** Stops every process and closes the managers. */
  async close(): Promise<void> {
    await Promise.all(this.#stops.splice(0).map((stop) => stop()));
    await Promise.all(this.#managers.splice(0).map((manager) => manager.close()));
  }
}
