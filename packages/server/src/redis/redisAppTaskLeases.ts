import type { AppTaskLeaseHolder, AppTaskLeases, TaskRegistryMember } from '@core/state/internal';
import { APP_TASK_ACQUIRE, APP_TASK_HOLDERS, APP_TASK_RELEASE } from './appTaskScripts.js';
import type { RedisLockStore } from './redisLockStore.js';

/**
 * The app-task leases of every process on one Redis: one hash, task name → holding process, beside
 * the task registry's `processes` set and in its slot, so a claim reads the holder's lease from the
 * registry in the same script. A task needs no renewal of its own: it stays with its holder for as
 * long as the holder renews its process lease.
 */
export class RedisAppTaskLeases implements AppTaskLeases {
  readonly shared = true;
  readonly #store: () => Promise<RedisLockStore>;

  /** @param store the connected store (awaited: the manager connects lazily) */
  constructor(store: () => Promise<RedisLockStore>) {
    this.#store = store;
  }

  attach(member: TaskRegistryMember): AppTaskLeaseHolder {
    const process = member.id;
    const keys = async () => {
      const store = await this.#store();
      return { store, processes: store.keyOf('processes', 'all'), holders: store.keyOf('app-tasks', 'all') };
    };
    return {
      process,
      async acquire(names) {
        if (names.length === 0) return [];
        const { store, processes, holders } = await keys();
        const held = (await store.command('take the app tasks', (client) =>
          APP_TASK_ACQUIRE.run(client, [processes, holders], [process, ...names]),
        )) as unknown[];
        return held.map(String);
      },
      async release(names) {
        if (names.length === 0) return;
        const { store, holders } = await keys();
        await store.command('give up app tasks', (client) =>
          APP_TASK_RELEASE.run(client, [holders], [process, ...names]),
        );
      },
      async holders() {
        const { store, processes, holders } = await keys();
        const reply = (await store.command('read the app task holders', (client) =>
          APP_TASK_HOLDERS.run(client, [processes, holders], []),
        )) as unknown[];
        const map = new Map<string, string>();
        for (let i = 0; i + 1 < reply.length; i += 2) map.set(String(reply[i]), String(reply[i + 1]));
        return map;
      },
    };
  }
}
