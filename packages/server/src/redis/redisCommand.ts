import { StateError } from '@core/state';
import { ErrorReply } from 'redis';
import type { AnyRedisClient, ResolvedRedisStateManagerOptions } from './redisStateManagerOptions.js';

/**
 * Runs one Redis command (or script) within the command timeout. A connection that is down is
 * refused at once (nothing queues), and every failure becomes a `StateError` with code
 * `STORE_UNAVAILABLE` whose message names the action and how to fix it.
 */
export async function runRedisCommand<TResult>(
  client: AnyRedisClient,
  options: Pick<ResolvedRedisStateManagerOptions, 'target' | 'commandTimeout'>,
  action: string,
  command: (client: AnyRedisClient) => Promise<TResult>,
): Promise<TResult> {
  const { target, commandTimeout } = options;
  // Checked here too so that a client passed in without `disableOfflineQueue` does not queue.
  if (!client.isReady) throw unavailable(action, target, new Error('the connection is down'));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${commandTimeout} ms`)), commandTimeout);
    timer.unref();
  });
  try {
    return await Promise.race([command(client), timeout]);
  } catch (error) {
    throw unavailable(action, target, error);
  } finally {
    clearTimeout(timer);
  }
}

function unavailable(action: string, target: string, error: unknown): StateError {
  const reason = error instanceof Error ? error.message : String(error);
  const message =
    error instanceof ErrorReply
      ? `Cannot ${action}: ${target} refused the command (${reason}); check the server's memory, role and ACL.`
      : `Cannot ${action}: ${target} is unreachable (${reason}); start Redis or point REDIS_URL (the url option) at a running server.`;
  return new StateError('STORE_UNAVAILABLE', message, { cause: error });
}
