import { createHash } from 'node:crypto';
import type { AnyRedisClient } from './redisStateManagerOptions.js';

/**
 * A Lua script run with EVALSHA, so a call sends the script's hash rather than its source. When
 * Redis does not know the hash (a restart or a failover flushed its script cache) the call falls
 * back to EVAL, which also caches the script again.
 */
export class LuaScript {
  /** The script's SHA-1, as Redis computes it. */
  readonly sha: string;
  readonly #source: string;

  constructor(source: string) {
    this.#source = source;
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** Caches the script in Redis (SCRIPT LOAD), so that the first EVALSHA finds it. */
  async load(client: AnyRedisClient): Promise<void> {
    await client.scriptLoad(this.#source);
  }

  /** Runs the script on `keys` and `args`; one round trip unless Redis lost its script cache. */
  async run(client: AnyRedisClient, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await client.evalSha(this.sha, { keys, arguments: args });
    } catch (error) {
      // NOSCRIPT means the script did not run at all, so sending it again is safe.
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
      return client.eval(this.#source, { keys, arguments: args });
    }
  }
}
