import { RedisClusterProcess, type RedisClusterProcessOptions, RedisProcess } from '@core/test-support';
import { afterAll, beforeAll } from 'vitest';

export { freePort } from '@core/test-support';

/** The Redis a test file talks to. */
export interface TestRedis {
  /** `redis://127.0.0.1:<port>` of the private server, or `REDIS_URL`. */
  readonly url: string;
  /** True for a private server, which `stop()` and `start()` control; false for `REDIS_URL`. */
  readonly owned: boolean;
  /** Stops the private server by its PID (like a crash) and waits until it has exited. */
  stop(): Promise<void>;
  /** Starts the private server (again, on the same port) and waits until it answers PING. */
  start(): Promise<void>;
}

/**
 * Gives the calling test file a Redis: `REDIS_URL` when set, otherwise a private `redis-server`
 * on a free port, started in `beforeAll` and stopped in `afterAll`, that never touches a user's
 * data. Returns undefined (the file should skip) when `redis-server` is missing, except under
 * `CI`, where a missing service must fail rather than hide.
 */
export function useRedisServer(): TestRedis | undefined {
  const external = process.env.REDIS_URL;
  if (external) {
    const refuse = () => Promise.reject(new Error('REDIS_URL is set: this test cannot stop or start that server.'));
    return { url: external, owned: false, stop: refuse, start: refuse };
  }
  if (!RedisProcess.available()) {
    const message = `"${RedisProcess.binary}" was not found: install redis-server, or set REDIS_SERVER_PATH or REDIS_URL.`;
    if (process.env.CI) throw new Error(message);
    console.warn(`Skipping the Redis tests: ${message}`);
    return undefined;
  }
  let redis: RedisProcess | undefined;
  const server: TestRedis = {
    owned: true,
    get url() {
      if (!redis) throw new Error('The private redis-server has not been started yet.');
      return redis.url;
    },
    stop: async () => redis?.stop('SIGKILL'),
    start: async () => {
      if (redis) await redis.restart();
      else redis = await RedisProcess.start();
    },
  };
  beforeAll(() => server.start());
  afterAll(() => redis?.dispose());
  return server;
}

/** The Redis Cluster a test file talks to. */
export interface TestRedisCluster {
  /** `redis://127.0.0.1:<port>` of every node. */
  readonly rootNodes: string[];
  /** The cluster itself, to find and kill a master. */
  readonly cluster: RedisClusterProcess;
}

/**
 * Gives the calling test file a private Redis Cluster (three masters, `replicasPerMaster` replicas
 * each) started in `beforeAll` and stopped in `afterAll`. Returns undefined (the file should skip)
 * when `redis-server` or `redis-cli` is missing, except under `CI`, where that fails.
 */
export function useRedisCluster(options: RedisClusterProcessOptions = {}): TestRedisCluster | undefined {
  if (!RedisClusterProcess.available()) {
    const message = `"${RedisProcess.binary}" or "${RedisClusterProcess.cliBinary}" was not found: install redis-server (it brings redis-cli).`;
    if (process.env.CI) throw new Error(message);
    console.warn(`Skipping the Redis Cluster tests: ${message}`);
    return undefined;
  }
  let cluster: RedisClusterProcess | undefined;
  const started = (): RedisClusterProcess => {
    if (!cluster) throw new Error('The private Redis Cluster has not been started yet.');
    return cluster;
  };
  beforeAll(async () => {
    cluster = await RedisClusterProcess.start(options);
  }, 60_000);
  afterAll(() => cluster?.dispose());
  return {
    get rootNodes() {
      return started().rootNodes.map((node) => node.url);
    },
    get cluster() {
      return started();
    },
  };
}
