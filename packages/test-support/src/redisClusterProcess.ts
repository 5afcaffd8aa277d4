import { execFile, spawnSync } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { freePort } from './freePort.js';
import { RedisProcess } from './redisProcess.js';

const run = promisify(execFile);

/** Options of {@link RedisClusterProcess.start}. */
export interface RedisClusterProcessOptions {
  /** How many masters share the 16,384 slots. @default 3 */
  masters?: number;
  /** Replicas per master; with 1, killing a master promotes its replica. @default 0 */
  replicasPerMaster?: number;
  /**
   * `cluster-node-timeout`: how long a silent master counts as alive before its replica takes
   * over. Short here so a failover test waits a second or two, not fifteen.
   * @default 1_000
   */
  nodeTimeout?: number;
}

/**
 * A private Redis Cluster for tests and benchmarks: `redis-server --cluster-enabled yes` on free
 * loopback ports (each in its own temporary folder, with its bus port free too), joined with
 * `redis-cli --cluster create`, resolved once every node reports `cluster_state:ok` and every
 * replica is in sync. Nodes are stopped by their PID; `dispose` removes everything.
 */
export class RedisClusterProcess {
  readonly nodes: readonly RedisProcess[];
  readonly #nodeTimeout: number;

  private constructor(nodes: RedisProcess[], nodeTimeout: number) {
    this.nodes = nodes;
    this.#nodeTimeout = nodeTimeout;
  }

  /** The `redis-cli` binary: `REDIS_CLI_PATH`, else the one on the PATH. */
  static get cliBinary(): string {
    return process.env.REDIS_CLI_PATH ?? 'redis-cli';
  }

  /** True when both `redis-server` and `redis-cli` can be run here. */
  static available(): boolean {
    return RedisProcess.available() && !spawnSync(RedisClusterProcess.cliBinary, ['--version']).error;
  }

  /** Starts the nodes, creates the cluster and waits until it serves every slot. */
  static async start(options: RedisClusterProcessOptions = {}): Promise<RedisClusterProcess> {
    const masters = options.masters ?? 3;
    const replicas = options.replicasPerMaster ?? 0;
    const nodeTimeout = options.nodeTimeout ?? 1_000;
    if (masters < 3) throw new RangeError(`A Redis Cluster needs at least 3 masters, got ${masters}.`);
    const nodes: RedisProcess[] = [];
    try {
      const args = ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'];
      args.push('--cluster-node-timeout', String(nodeTimeout), '--cluster-replica-validity-factor', '0');
      for (let i = 0; i < masters * (1 + replicas); i++) {
        // A port (or its bus port) can be taken between probing and binding it: try a few.
        for (let attempt = 0; ; attempt++) {
          try {
            nodes.push(await RedisProcess.start({ port: await clusterPort(), args }));
            break;
          } catch (error) {
            if (attempt >= 3) throw error;
          }
        }
      }
      const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
      await run(RedisClusterProcess.cliBinary, [
        '--cluster',
        'create',
        ...addresses,
        '--cluster-replicas',
        String(replicas),
        '--cluster-yes',
      ]);
      const cluster = new RedisClusterProcess(nodes, nodeTimeout);
      await cluster.waitUntilHealthy();
      return cluster;
    } catch (error) {
      await Promise.all(nodes.map((node) => node.dispose()));
      throw error;
    }
  }

  /** Where the cluster can be found: `[{ url: 'redis://127.0.0.1:<port>' }, ...]`, every node. */
  get rootNodes(): { url: string }[] {
    return this.nodes.map((node) => ({ url: node.url }));
  }

  /** `127.0.0.1:<port>,...` of every node: the value of `REDIS_CLUSTER_NODES`. */
  get nodesVariable(): string {
    return this.nodes.map((node) => `127.0.0.1:${node.port}`).join(',');
  }

  /** Runs `redis-cli -p <port> <args>` against a running node and resolves with its output. */
  async cli(args: readonly string[], node = this.#aRunningNode()): Promise<string> {
    const { stdout } = await run(RedisClusterProcess.cliBinary, ['-p', String(node.port), ...args]);
    return stdout;
  }

  /** The node that is the master of `key`'s slot now. */
  async masterOf(key: string): Promise<RedisProcess> {
    const slot = Number((await this.cli(['CLUSTER', 'KEYSLOT', key])).trim());
    const master = parseNodes(await this.cli(['CLUSTER', 'NODES'])).find(
      (line) => line.master && line.slots.some(([from, to]) => slot >= from && slot <= to),
    );
    const node = this.nodes.find((n) => n.port === master?.port);
    if (!node) throw new Error(`No master serves slot ${slot} of "${key}".`);
    return node;
  }

  /**
   * Resolves once every running node says `cluster_state:ok`, every slot belongs to a running
   * master, and every running replica's link to its master is up (polls; after a master was
   * killed, this is the end of the election).
   */
  async waitUntilHealthy(timeout = 30 * this.#nodeTimeout): Promise<void> {
    const deadline = Date.now() + Math.max(timeout, 20_000);
    let last = '';
    for (;;) {
      try {
        last = await this.#problem();
        if (!last) return;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      if (Date.now() > deadline) throw new Error(`The Redis Cluster did not become healthy: ${last}`);
      await new Promise((resolve) => setTimeout(resolve, 50)); // poll interval
    }
  }

  /** Stops every node and removes their folders. */
  async dispose(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.dispose()));
  }

  async #problem(): Promise<string> {
    const running = this.nodes.filter((node) => node.running);
    const runningPorts = new Set(running.map((node) => node.port));
    for (const node of running) {
      const info = await this.cli(['CLUSTER', 'INFO'], node);
      if (!info.includes('cluster_state:ok')) return `node ${node.port} is not ok yet`;
      const lines = parseNodes(await this.cli(['CLUSTER', 'NODES'], node));
      let covered = 0;
      for (const line of lines) {
        if (!line.master || line.slots.length === 0) continue;
        if (!runningPorts.has(line.port) || line.failing) return `node ${node.port} still sees ${line.port} as master`;
        for (const [from, to] of line.slots) covered += to - from + 1;
      }
      if (covered !== 16_384) return `node ${node.port} sees ${covered} of 16384 slots served`;
      const self = lines.find((line) => line.self);
      if (self && !self.master) {
        const replication = await this.cli(['INFO', 'replication'], node);
        if (!replication.includes('master_link_status:up')) return `replica ${node.port} is not in sync`;
      }
    }
    return '';
  }

  #aRunningNode(): RedisProcess {
    const node = this.nodes.find((n) => n.running);
    if (!node) throw new Error('No node of the Redis Cluster is running.');
    return node;
  }
}

interface NodeLine {
  port: number;
  self: boolean;
  master: boolean;
  failing: boolean;
  slots: [number, number][];
}

/** The lines of `CLUSTER NODES`: `<id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slots...>`. */
function parseNodes(text: string): NodeLine[] {
  return text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const parts = line.trim().split(' ');
      const flags = parts[2].split(',');
      const slots = parts
        .slice(8)
        .filter((range) => !range.startsWith('['))
        .map((range): [number, number] => {
          const [from, to = from] = range.split('-');
          return [Number(from), Number(to)];
        });
      return {
        port: Number(parts[1].split('@')[0].split(':').pop()),
        self: flags.includes('myself'),
        master: flags.includes('master'),
        failing: flags.includes('fail') || flags.includes('fail?'),
        slots,
      };
    });
}

/** A free port whose cluster bus port (port + 10,000) is free as well. */
async function clusterPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await freePort();
    if (port + 10_000 <= 65_535 && (await canBind(port + 10_000))) return port;
  }
  throw new Error('Found no free port whose cluster bus port (+10000) is free too.');
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
