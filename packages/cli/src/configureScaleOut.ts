import type { ServerOptions } from '@core/server';
import type { App } from '@core/state';

/** What running on several processes adds: the socket.io adapter, and a cleanup. */
export interface ScaleOut {
  readonly socket: NonNullable<ServerOptions['socket']>;
  close(): Promise<void>;
}

/**
 * With `REDIS_URL` set, switches the app to the Redis state manager and gives socket.io the Redis
 * adapter, so several processes share state, locks and rooms. Without it, nothing changes (memory
 * state, one process).
 */
export async function configureScaleOut(app: App, url = process.env.REDIS_URL): Promise<ScaleOut> {
  if (!url) return { socket: {}, close: async () => {} };
  const { createRedisScaleOut } = await import('@core/server/redis');
  // The server installs its logger on the app later: look it up at each call.
  const logger = {
    debug: (message: string, details?: Record<string, unknown>) => app.logger.debug(message, details),
    info: (message: string, details?: Record<string, unknown>) => app.logger.info(message, details),
    warn: (message: string, details?: Record<string, unknown>) => app.logger.warn(message, details),
    error: (message: string, details?: Record<string, unknown>) => app.logger.error(message, details),
  };
  const scaleOut = await createRedisScaleOut({ url, logger });
  app.useStateManager(scaleOut.stateManager);
  return { socket: { adapter: scaleOut.adapter }, close: () => scaleOut.close() };
}
