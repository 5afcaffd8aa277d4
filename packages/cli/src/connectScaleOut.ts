import type { ServerOptions } from '@core/server';
import type { Logger, StateManager } from '@core/state';
import { CliError } from './cliError.js';

/** What running on several processes adds: the shared state manager, the socket.io adapter, and a cleanup. */
export interface ScaleOut {
  /** The Redis state manager, for `createServer({ stateManager })`; undefined on one process. */
  readonly stateManager: StateManager | undefined;
  readonly socket: NonNullable<ServerOptions['socket']>;
  close(): Promise<void>;
}

/**
 * With `REDIS_URL` set, connects the Redis state manager (which the CLI passes to the server, and
 * the server to the app's one resolve step) and the socket.io Redis adapter, so several processes
 * share state, locks and rooms. With `REDIS_CLUSTER_NODES`
 * (`host:port,host:port,...`, which wins over `REDIS_URL`) the same on a Redis Cluster, with the
 * sharded adapter. `REDIS_REPLICA_ACKS=1` makes each commit wait until a replica has it (the
 * `replicaAcks` option). Without either, nothing changes (memory state, one process).
 */
export async function connectScaleOut(
  logger: Logger,
  url = process.env.REDIS_URL,
  clusterNodes = process.env.REDIS_CLUSTER_NODES,
  replicaAcksVariable = process.env.REDIS_REPLICA_ACKS,
): Promise<ScaleOut> {
  const replicaAcks = Number(replicaAcksVariable ?? 0);
  if (!Number.isInteger(replicaAcks) || replicaAcks < 0) {
    throw new CliError(`REDIS_REPLICA_ACKS="${replicaAcksVariable}" is not a number of replicas; write 0, 1, 2…`);
  }
  const rootNodes =
    clusterNodes
      ?.split(',')
      .map((node) => node.trim())
      .filter(Boolean) ?? [];
  if (clusterNodes !== undefined && clusterNodes.trim() !== '' && rootNodes.length === 0) {
    throw new CliError(`REDIS_CLUSTER_NODES="${clusterNodes}" lists no node; write host:port,host:port,...`);
  }
  if (!url && rootNodes.length === 0) return { stateManager: undefined, socket: {}, close: async () => {} };
  const { createRedisScaleOut } = await import('@core/server/redis');
  let scaleOut: Awaited<ReturnType<typeof createRedisScaleOut>>;
  try {
    const where = rootNodes.length > 0 ? { cluster: { rootNodes } } : { url };
    scaleOut = await createRedisScaleOut({ ...where, replicaAcks, logger });
  } catch (error) {
    // A malformed node or prefix is a RangeError with a message that says how to fix it.
    if (error instanceof RangeError) throw new CliError(`${error.message.replace(/^\[core\/server\] /, '')}`);
    throw error;
  }
  return { stateManager: scaleOut.stateManager, socket: { adapter: scaleOut.adapter }, close: () => scaleOut.close() };
}
