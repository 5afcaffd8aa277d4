import {
  checkPresence,
  type PresenceChange,
  type PresenceEntry,
  type PresenceList,
  type PresenceMember,
  type PresenceMeta,
  type PresenceRegistry,
  type TaskRegistryMember,
} from '@core/state/internal';
import { PRESENCE_JOIN, PRESENCE_LIST, PRESENCE_REMOVE, PRESENCE_UPDATE } from './presenceScripts.js';
import type { RedisLockStore } from './redisLockStore.js';

/**
 * The presence registry of every process on one Redis. Per scope key, a hash of entries and a
 * version counter (see `presenceScripts.ts`); per process, the set of scope keys it has entries in,
 * which the survivor that claims it in the task registry reads to reap them. An entry has no TTL of
 * its own: its process's task-registry lease is its heartbeat, and lists leave out the entries of a
 * process whose lease lapsed before anyone reaps them.
 */
export class RedisPresenceRegistry implements PresenceRegistry {
  readonly shared = true;
  readonly #store: () => Promise<RedisLockStore>;

  /** @param store the connected store (awaited: the manager connects lazily) */
  constructor(store: () => Promise<RedisLockStore>) {
    this.#store = store;
  }

  attach(member: TaskRegistryMember): PresenceMember {
    return new RedisPresenceMember(this.#store, member);
  }
}

class RedisPresenceMember implements PresenceMember {
  readonly process: string;
  readonly #store: () => Promise<RedisLockStore>;
  readonly #member: TaskRegistryMember;
  /** The page ids this process added, per scope key: the keys in its index, kept while non-empty. */
  readonly #own = new Map<string, Set<string>>();

  constructor(store: () => Promise<RedisLockStore>, member: TaskRegistryMember) {
    this.#store = store;
    this.#member = member;
    this.process = member.id;
  }

  async join(key: string, id: string, meta: PresenceMeta): Promise<PresenceChange> {
    const json = checkPresence(key, id, meta);
    const store = await this.#store();
    // The bookkeeping and the index command are issued with no await between them (and so are
    // leave's), so the index's SADD and SREM reach Redis in the order the local set changed.
    const ids = this.#own.get(key);
    if (ids) ids.add(id);
    else {
      this.#own.set(key, new Set([id]));
      // Indexed before the entry is written: a survivor reaping this process then finds every key.
      try {
        await store.command('index a presence key of this process', async (client) => {
          await client.sAdd(store.keyOf('process-presence', this.process), key);
        });
      } catch (error) {
        this.#forget(key, id);
        throw error;
      }
    }
    const [version, size, before] = (await store.command(`join presence key "${key}"`, (client) =>
      PRESENCE_JOIN.run(client, this.#keys(store, key), [id, this.process, json]),
    )) as [number, number, unknown];
    const previous = before ? decodeEntry(id, String(before)) : undefined;
    const visible = previous !== undefined && this.#member.isAlive(previous.entry.process);
    const entry: PresenceEntry = { id, process: this.process, meta: JSON.parse(json) as PresenceMeta };
    return { key, kind: visible ? 'update' : 'join', entry, version: Number(version), size: Number(size) };
  }

  async update(key: string, id: string, meta: PresenceMeta): Promise<PresenceChange | undefined> {
    const json = checkPresence(key, id, meta);
    const store = await this.#store();
    const reply = (await store.command(`update presence key "${key}"`, (client) =>
      PRESENCE_UPDATE.run(client, this.#keys(store, key), [id, json]),
    )) as [number, number, unknown] | null;
    if (!reply) return undefined;
    const { entry } = decodeEntry(id, String(reply[2]));
    // An entry of a dead process is not listed: changing it is not a change anyone sees.
    if (!this.#member.isAlive(entry.process)) return undefined;
    return { key, kind: 'update', entry, version: Number(reply[0]), size: Number(reply[1]) };
  }

  async leave(key: string, id: string): Promise<PresenceChange | undefined> {
    const store = await this.#store();
    const [change] = await this.#remove(store, key, this.process, [id]);
    if (this.#forget(key, id)) {
      await store.command('drop a presence key from this process index', async (client) => {
        await client.sRem(store.keyOf('process-presence', this.process), key);
      });
    }
    return change;
  }

  /** Drops `id` from this process's own entries of `key`; true when it was the last one. */
  #forget(key: string, id: string): boolean {
    const ids = this.#own.get(key);
    if (!ids?.delete(id) || ids.size > 0) return false;
    this.#own.delete(key);
    return true;
  }

  async list(key: string): Promise<PresenceList> {
    const store = await this.#store();
    const reply = (await store.command(`read presence key "${key}"`, (client) =>
      PRESENCE_LIST.run(client, this.#keys(store, key), []),
    )) as unknown[];
    const live: { entry: PresenceEntry; joined: number }[] = [];
    for (let i = 1; i + 1 < reply.length; i += 2) {
      const decoded = decodeEntry(String(reply[i]), String(reply[i + 1]));
      if (this.#member.isAlive(decoded.entry.process)) live.push(decoded);
    }
    live.sort((a, b) => a.joined - b.joined);
    return { version: Number(reply[0]), entries: live.map((item) => item.entry) };
  }

  async count(key: string): Promise<number> {
    const store = await this.#store();
    return Number(
      await store.command(`count presence key "${key}"`, (client) => client.hLen(store.keyOf('presence', key))),
    );
  }

  reap(processId: string): Promise<PresenceChange[]> {
    return this.#removeProcess(processId);
  }

  async leaveAll(): Promise<PresenceChange[]> {
    this.#own.clear();
    return this.#removeProcess(this.process);
  }

  /** Removes every entry of `processId` through its index, then the index. */
  async #removeProcess(processId: string): Promise<PresenceChange[]> {
    const store = await this.#store();
    const index = store.keyOf('process-presence', processId);
    const keys = (await store.command('read the presence keys of a process', (client) =>
      client.sMembers(index),
    )) as unknown[];
    const changes: PresenceChange[] = [];
    for (const key of keys.map(String)) changes.push(...(await this.#remove(store, key, processId, [])));
    await store.command('drop the presence index of a process', async (client) => {
      await client.del(index);
    });
    return changes;
  }

  async #remove(store: RedisLockStore, key: string, processId: string, ids: string[]): Promise<PresenceChange[]> {
    const removed = (await store.command(`leave presence key "${key}"`, (client) =>
      PRESENCE_REMOVE.run(client, this.#keys(store, key), [processId, ...ids]),
    )) as [unknown, unknown, number, number][];
    return removed.map(([id, value, version, size]) => ({
      key,
      kind: 'leave',
      entry: decodeEntry(String(id), String(value)).entry,
      version: Number(version),
      size: Number(size),
    }));
  }

  #keys(store: RedisLockStore, key: string): string[] {
    return [store.keyOf('presence', key), store.keyOf('presence-version', key)];
  }
}

/** An entry from its stored value, `<process>\n<join version>\n<metadata JSON>`. */
function decodeEntry(id: string, value: string): { entry: PresenceEntry; joined: number } {
  const first = value.indexOf('\n');
  const second = value.indexOf('\n', first + 1);
  let meta: PresenceMeta = {};
  try {
    meta = JSON.parse(value.slice(second + 1)) as PresenceMeta;
  } catch {
    // A value this code did not write: listed with no metadata rather than failing the list.
  }
  return {
    entry: { id, process: value.slice(0, first), meta },
    joined: Number(value.slice(first + 1, second)),
  };
}
