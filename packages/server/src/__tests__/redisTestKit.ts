import { randomUUID } from 'node:crypto';
import {
  type AnyRedisClient,
  createRedisStateManager,
  type RedisStateManager,
  type RedisStateManagerOptions,
} from '@core/server/redis';
import type { TokenDoc } from '@core/state/internal';
import { createClient } from 'redis';
import { afterEach } from 'vitest';
import type { TestRedis } from './redisServer.js';

/** A counter document: `states.c.n` is the value the contention tests increment. */
export function counterDoc(n: number): TokenDoc {
  return { seq: n, shape: 'test', states: { c: { n } } };
}

/** The counter of a document (0 for none). */
export function counterOf(doc: TokenDoc | undefined): number {
  return (doc?.states.c?.n as number | undefined) ?? 0;
}

/**
 * Per test: managers that share one fresh key prefix (so they contend like processes of one app,
 * apart from every other test), a plain client to look at the keys, and cleanup after each test.
 */
export function useManagers(redis: TestRedis | undefined) {
  const opened: RedisStateManager[] = [];
  const probes: AnyRedisClient[] = [];
  let prefix = '';
  let count = 0;
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((manager) => manager.close()));
    await Promise.all(probes.splice(0).map((probe) => (probe.isOpen ? probe.close() : undefined)));
    prefix = '';
  });
  const currentPrefix = () => {
    prefix ||= `test:${randomUUID()}:`;
    return prefix;
  };
  return {
    /** A manager on the test's key prefix; each call is another "process". */
    async manager(options: RedisStateManagerOptions = {}): Promise<RedisStateManager> {
      const manager = await createRedisStateManager({ url: redis?.url, keyPrefix: currentPrefix(), ...options });
      opened.push(manager);
      return manager;
    },
    /** A plain node-redis client on the same server, for inspecting and tampering with keys. */
    async probe(): Promise<AnyRedisClient> {
      const probe = createClient({ url: redis?.url }) as AnyRedisClient;
      probe.on('error', () => {});
      await probe.connect();
      probes.push(probe);
      return probe;
    },
    /** Every command Redis runs from now on (MONITOR on a probe connection), as text lines. */
    async monitor(): Promise<string[]> {
      const monitor = await this.probe();
      const lines: string[] = [];
      await monitor.monitor((line) => lines.push(String(line)));
      return lines;
    },
    /** The test's key prefix. */
    prefix: currentPrefix,
    /** The Redis key of a token's lock or state under the test's prefix. */
    key(kind: 'lock' | 'state', token: string): string {
      return `${currentPrefix()}${kind}:{${token}}`;
    },
    /** A token no other test uses. */
    token(): string {
      return `token-${++count}`;
    },
  };
}
