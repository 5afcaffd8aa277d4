import { checkPresence } from './checkPresence.js';
import type {
  PresenceChange,
  PresenceEntry,
  PresenceList,
  PresenceMember,
  PresenceMeta,
  PresenceRegistry,
} from './presenceRegistry.js';
import type { TaskRegistryMember } from './taskRegistry.js';

interface KeyRecord {
  version: number;
  /** Insertion order is join order. */
  readonly entries: Map<string, PresenceEntry>;
}

/**
 * The presence registry of one process (or of several apps sharing one `MemoryStateManager`, which
 * then behave like processes of one app, with liveness from its `MemoryTaskRegistry`).
 */
export class MemoryPresenceRegistry implements PresenceRegistry {
  readonly shared = false;
  readonly #keys = new Map<string, KeyRecord>();
  /** Per process, the keys it has entries in. */
  readonly #byProcess = new Map<string, Set<string>>();

  attach(member: TaskRegistryMember): PresenceMember {
    const process = member.id;
    const change = (key: string, record: KeyRecord, kind: PresenceChange['kind'], entry: PresenceEntry) => {
      record.version += 1;
      return { key, kind, entry, version: record.version, size: record.entries.size };
    };
    const remove = (key: string, id: string, owner?: string): PresenceChange | undefined => {
      const record = this.#keys.get(key);
      const entry = record?.entries.get(id);
      if (!record || !entry || (owner !== undefined && entry.process !== owner)) return undefined;
      record.entries.delete(id);
      if (record.entries.size === 0) this.#keys.delete(key);
      return change(key, record, 'leave', entry);
    };
    const removeAll = (owner: string): PresenceChange[] => {
      const keys = this.#byProcess.get(owner);
      this.#byProcess.delete(owner);
      const leaves: PresenceChange[] = [];
      for (const key of keys ?? []) {
        for (const entry of [...(this.#keys.get(key)?.entries.values() ?? [])]) {
          if (entry.process !== owner) continue;
          const left = remove(key, entry.id, owner);
          if (left) leaves.push(left);
        }
      }
      return leaves;
    };
    return {
      process,
      join: async (key, id, meta) => {
        const json = checkPresence(key, id, meta);
        let record = this.#keys.get(key);
        if (!record) {
          record = { version: 0, entries: new Map() };
          this.#keys.set(key, record);
        }
        const before = record.entries.get(id);
        const entry: PresenceEntry = { id, process, meta: JSON.parse(json) as PresenceMeta };
        record.entries.set(id, entry);
        let keys = this.#byProcess.get(process);
        if (!keys) {
          keys = new Set();
          this.#byProcess.set(process, keys);
        }
        keys.add(key);
        // An entry of a dead process under the same id was invisible: taking it over is a join.
        const visible = before !== undefined && member.isAlive(before.process);
        return change(key, record, visible ? 'update' : 'join', entry);
      },
      update: async (key, id, meta: PresenceMeta) => {
        const json = checkPresence(key, id, meta);
        const record = this.#keys.get(key);
        const before = record?.entries.get(id);
        if (!record || !before || !member.isAlive(before.process)) return undefined;
        const entry: PresenceEntry = { id, process: before.process, meta: JSON.parse(json) as PresenceMeta };
        record.entries.set(id, entry);
        return change(key, record, 'update', entry);
      },
      leave: async (key, id) => remove(key, id, process),
      list: async (key): Promise<PresenceList> => {
        const record = this.#keys.get(key);
        if (!record) return { version: 0, entries: [] };
        const entries = [...record.entries.values()].filter((entry) => member.isAlive(entry.process));
        return { version: record.version, entries };
      },
      count: async (key) => this.#keys.get(key)?.entries.size ?? 0,
      reap: async (processId) => removeAll(processId),
      leaveAll: async () => removeAll(process),
    };
  }
}
