import { newProcessId, type TaskRegistry, type TaskRegistryMember, type TickReport } from './taskRegistry.js';

/** Options of {@link MemoryTaskRegistry}. */
export interface MemoryTaskRegistryOptions {
  /** Milliseconds after its last renewal at which a process counts as dead. @default 3_000 */
  lease?: number;
  /** The clock, in milliseconds. @default Date.now */
  now?: () => number;
}

interface ProcessRecord {
  expires: number;
  claimed: boolean;
  readonly tokens: Set<string>;
  cancels: { token: string; taskId: string }[];
}

/**
 * The task registry of one process (or of several apps sharing one `MemoryStateManager`, which
 * then behave like processes of one app). Not shared across real processes: a resumable task
 * ends with its process.
 */
export class MemoryTaskRegistry implements TaskRegistry {
  readonly shared = false;
  readonly #processes = new Map<string, ProcessRecord>();
  readonly #lease: number;
  readonly #now: () => number;

  constructor(options: MemoryTaskRegistryOptions = {}) {
    this.#lease = options.lease ?? 3_000;
    this.#now = options.now ?? Date.now;
  }

  async join(): Promise<TaskRegistryMember> {
    const id = newProcessId(this.#now());
    const record: ProcessRecord = {
      expires: this.#now() + this.#lease,
      claimed: false,
      tokens: new Set(),
      cancels: [],
    };
    this.#processes.set(id, record);
    const processes = this.#processes;
    const lease = this.#lease;
    const now = this.#now;
    const alive = (r: ProcessRecord | undefined) => r !== undefined && !r.claimed && r.expires > now();
    return {
      id,
      lease,
      tickInterval: Math.max(1, Math.floor(lease / 3)),
      async tick(): Promise<TickReport> {
        if (record.claimed || processes.get(id) !== record) return { alive: false, cancels: [], dead: [] };
        record.expires = now() + lease;
        const cancels = record.cancels;
        record.cancels = [];
        const dead: { processId: string; tokens: string[] }[] = [];
        for (const [processId, other] of processes) {
          if (other.claimed || other.expires > now()) continue;
          other.claimed = true;
          processes.delete(processId);
          dead.push({ processId, tokens: [...other.tokens] });
        }
        return { alive: true, cancels, dead };
      },
      isAlive: (processId) => alive(processes.get(processId)),
      async track(token) {
        record.tokens.add(token);
      },
      async untrack(token) {
        record.tokens.delete(token);
      },
      async requestCancel(processId, token, taskId) {
        processes.get(processId)?.cancels.push({ token, taskId });
      },
      async leave() {
        if (record.tokens.size === 0) processes.delete(id);
        else record.expires = 0;
      },
    };
  }
}
