import {
  joinTimeOf,
  newProcessId,
  type TaskRegistry,
  type TaskRegistryMember,
  type TickReport,
} from '@core/state/internal';
import type { RedisLockStore } from './redisLockStore.js';
import { TASK_JOIN, TASK_POP_ALL, TASK_RELEASE_PROCESS, TASK_TICK } from './taskRegistryScripts.js';

/** How many dead processes one tick claims at most (the rest at the next ticks). */
const CLAIMS_PER_TICK = 20;

/**
 * The task registry of every process on one Redis. Keys (named by the store's key helper):
 * `processes` — a sorted set of process ids scored by when their lease ends (Redis time; a claimed
 * dead process has minus its claim time); per process, the set of tokens it runs tasks of and the
 * list of cancels other processes asked of it. Each tick is one script on `processes` (renew,
 * claim the lapsed, read every score for the liveness cache) and one on the process's own keys.
 * A process counts as dead `lease` milliseconds after its last renewal; survivors claim it at
 * their next tick (each claim goes to one of them) and end or resume its tasks.
 */
export class RedisTaskRegistry implements TaskRegistry {
  readonly shared = true;
  readonly #store: () => Promise<RedisLockStore>;

  /** @param store the connected store (awaited: the manager connects lazily) */
  constructor(store: () => Promise<RedisLockStore>) {
    this.#store = store;
  }

  async join(): Promise<TaskRegistryMember> {
    const store = await this.#store();
    const lease = store.taskLease;
    const processes = store.keyOf('processes', 'all');
    // The id carries this host's clock; leases are scored in Redis's (one script, any node).
    const member = new RedisTaskMember(store, newProcessId(Date.now()), lease, processes);
    await store.command('join the task registry', (client) =>
      TASK_JOIN.run(client, [processes], [member.id, String(lease)]),
    );
    await member.tick();
    return member;
  }
}

class RedisTaskMember implements TaskRegistryMember {
  readonly id: string;
  readonly lease: number;
  readonly tickInterval: number;
  readonly #store: RedisLockStore;
  readonly #processes: string;
  readonly #tokens: string;
  readonly #cancels: string;
  /** Every process's score at the last tick, Redis's time then, and the local time then. */
  #scores = new Map<string, number>();
  #redisNow = 0;
  #localAt = 0;

  constructor(store: RedisLockStore, id: string, lease: number, processes: string) {
    this.#store = store;
    this.id = id;
    this.lease = lease;
    this.tickInterval = Math.max(1, Math.floor(lease / 3));
    this.#processes = processes;
    this.#tokens = store.keyOf('process-tokens', id);
    this.#cancels = store.keyOf('process-cancels', id);
  }

  async tick(): Promise<TickReport> {
    const reply = (await this.#store.command('renew the task lease', (client) =>
      TASK_TICK.run(client, [this.#processes], [this.id, String(this.lease), String(CLAIMS_PER_TICK)]),
    )) as [number, number, string[], string[]];
    const [alive, now, claimed, scores] = reply;
    this.#redisNow = Number(now);
    this.#localAt = Date.now();
    const map = new Map<string, number>();
    for (let i = 0; i + 1 < scores.length; i += 2) map.set(String(scores[i]), Number(scores[i + 1]));
    this.#scores = map;
    const cancels = (
      (await this.#store.command('read the cancels asked of this process', (client) =>
        TASK_POP_ALL.run(client, [this.#cancels], []),
      )) as string[]
    ).flatMap((item) => {
      try {
        const [token, taskId] = JSON.parse(String(item)) as [string, string];
        return [{ token, taskId }];
      } catch {
        return [];
      }
    });
    const dead: { processId: string; tokens: string[] }[] = [];
    for (const processId of claimed.map(String)) {
      const tokens = (await this.#store.command('take over the tokens of a dead process', (client) =>
        TASK_RELEASE_PROCESS.run(
          client,
          [this.#store.keyOf('process-tokens', processId), this.#store.keyOf('process-cancels', processId)],
          [],
        ),
      )) as string[];
      dead.push({ processId, tokens: tokens.map(String) });
    }
    return { alive: Number(alive) === 1, cancels, dead };
  }

  isAlive(processId: string): boolean {
    if (processId === this.id) return true;
    const now = this.#redisNow + (Date.now() - this.#localAt);
    const score = this.#scores.get(processId);
    // Not seen yet: alive if it joined after (or just before) the last tick.
    if (score === undefined) return joinTimeOf(processId) > this.#redisNow - this.lease;
    return score > now;
  }

  track(token: string): Promise<void> {
    return this.#store.command('note a token with tasks', async (client) => {
      await client.sAdd(this.#tokens, token);
    });
  }

  untrack(token: string): Promise<void> {
    return this.#store.command('forget a token without tasks', async (client) => {
      await client.sRem(this.#tokens, token);
    });
  }

  requestCancel(processId: string, token: string, taskId: string): Promise<void> {
    const key = this.#store.keyOf('process-cancels', processId);
    return this.#store.command('ask another process to cancel a task', async (client) => {
      await client.rPush(key, JSON.stringify([token, taskId]));
      await client.pExpire(key, 3_600_000);
    });
  }

  leave(): Promise<void> {
    return this.#store.command('leave the task registry', async (client) => {
      // With tokens left (resumable tasks handed over), score 1: lapsed, a survivor claims it now.
      if (Number(await client.sCard(this.#tokens)) > 0)
        await client.zAdd(this.#processes, { score: 1, value: this.id });
      else {
        await client.zRem(this.#processes, this.id);
        await client.del(this.#cancels);
      }
    });
  }
}
