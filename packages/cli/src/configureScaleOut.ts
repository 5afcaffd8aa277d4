import type { ServerOptions } from '@core/server';
import type { App } from '@core/state';
import { CliError } from './cliError.js';

/** What running on several processes adds: the socket.io adapter, and a cleanup. */
export interface ScaleOut {
  readonly socket: NonNullable<ServerOptions['socket']>;
  close(): Promise<void>;
}

/**
 * With `REDIS_URL` set, switches the app to the Redis state manager and gives socket.io the Redis
 * adapter, so several processes share state, locks and rooms. With `REDIS_CLUSTER_NODES`
 * (`host:port,host:port,...`, which wins over `REDIS_URL`) the same on a Redis Cluster, with the
 * sharded adapter. `REDIS_REPLICA_ACKS=1` makes each commit wait until a replica has it (the
 * `replicaAcks` option). Without either, nothing changes (memory state, one process).
 */
export async function configureScaleOut(
  app: App,
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
  if (!url && rootNodes.length === 0) return { socket: {}, close: async () => {} };
  const { createRedisScaleOut } = await import('@core/server/redis');
  // The server installs its logger on the app later: look it up at each call.
  const logger = {
    debug: (message: string, details?: Record<string, unknown>) => app.logger.debug(message, details),
    info: (message: string, details?: Record<string, unknown>) => app.logger.info(message, details),
    warn: (message: string, details?: Record<string, unknown>) => app.logger.warn(message, details),
    error: (message: string, details?: Record<string, unknown>) => app.logger.error(message, details),
  };
  let scaleOut: Awaited<ReturnType<typeof createRedisScaleOut>>;
  try {
    const where = rootNodes.length > 0 ? { cluster: { rootNodes } } : { url };
    scaleOut = await createRedisScaleOut({ ...where, replicaAcks, logger });
  } catch (error) {
    // A malformed node or prefix is a RangeError with a message that says how to fix it.
    if (error instanceof RangeError) throw new CliError(`${error.message.replace(/^\[core\/server\] /, '')}`);
    throw error;
  }
  app.useStateManager(scaleOut.stateManager);
  return { socket: { adapter: scaleOut.adapter }, close: () => scaleOut.close() };
}
