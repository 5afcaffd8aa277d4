import { APP_KEY } from '@core/state/internal';
import { bucketOf, CHANNEL_BUCKETS } from './channelBuckets.js';
import { CollectionCache } from './collectionCache.js';
import { changeArgs, type DocWrite } from './docCodec.js';
import { ACQUIRE, LOCK_SCRIPTS, RELEASE, RENEW, REPLAY, SAVE } from './lockScripts.js';
import { RedisCollectionStorage } from './redisCollectionStorage.js';
import { runRedisCommand } from './redisCommand.js';
import type { AnyRedisClient, AnyRedisCluster, ResolvedRedisStateManagerOptions } from './redisStateManagerOptions.js';

/**
 * What an attempt to take a lock found, when it was taken: no document, the version the caller
 * already has, or the document's fields (another process wrote since).
 */
export type AcquireResult =
  | { acquired: false }
  | { acquired: true; found: 'none' }
  | { acquired: true; found: 'same'; version: string }
  | { acquired: true; found: 'doc'; version: string; fields: string[] };

/**
 * The Redis commands of the state manager, one round trip each, on one command connection (node-redis
 * pipelines concurrent commands on it). Every failure to reach Redis becomes a `StateError` with
 * code `STORE_UNAVAILABLE`; nothing waits for a connection that is down.
 */
export class RedisLockStore {
  /** The pub/sub channel on which releases publish the token that waiters may now take. */
  readonly channel: string;
  /** The pub/sub channel on which a refused lock attempt asks a holder keeping it idle to let go. */
  readonly wantedChannel: string;
  /**
   * In cluster mode, the sharded channels to subscribe to (`SSUBSCRIBE`): wake-ups and `wanted`
   * messages are published from here with `SPUBLISH` on one of sixteen buckets each, picked by
   * the token, so a message goes to one shard. Empty for a single Redis, where the scripts
   * publish on {@link channel} and {@link wantedChannel} themselves.
   */
  readonly shardedChannels: { released: string[]; wanted: string[] };
  readonly #client: AnyRedisClient;
  readonly #sharded: boolean;
  readonly #options: ResolvedRedisStateManagerOptions;
  readonly #waitingTtl: string;

  /** Where the documents' collections live (keys beside the document's, under its hash tag). */
  readonly collections: RedisCollectionStorage;
  /** This process's collections, kept in step with Redis. */
  readonly collectionCache: CollectionCache = new CollectionCache(this);

  constructor(client: AnyRedisClient | AnyRedisCluster, options: ResolvedRedisStateManagerOptions) {
    this.collections = new RedisCollectionStorage(options.keyPrefix);
    // Both client kinds have the same command methods; the cluster routes each by its first key.
    this.#client = client as AnyRedisClient;
    this.#options = options;
    this.#sharded = options.cluster !== undefined;
    this.channel = `${options.keyPrefix}released`;
    this.wantedChannel = `${options.keyPrefix}wanted`;
    const buckets = Array.from({ length: this.#sharded ? CHANNEL_BUCKETS : 0 }, (_, i) => `:{${i}}`);
    this.shardedChannels = {
      released: buckets.map((bucket) => this.channel + bucket),
      wanted: buckets.map((bucket) => this.wantedChannel + bucket),
    };
    // The flag must outlive the gap between two re-checks of a waiter, which raise it again.
    this.#waitingTtl = String(Math.max(options.lockLease, 2 * options.recheckInterval));
  }

  /**
   * Caches the Lua scripts in Redis (on every master of a cluster; a master that does not have
   * them yet, e.g. a replica promoted later, gets them through the `EVAL` fallback).
   */
  loadScripts(): Promise<void> {
    return this.command('load the lock scripts', async (client) => {
      const cluster = this.#sharded ? (client as unknown as AnyRedisCluster) : undefined;
      const nodes = cluster ? await Promise.all(cluster.masters.map((master) => cluster.nodeClient(master))) : [client];
      await Promise.all(nodes.flatMap((node) => LOCK_SCRIPTS.map((script) => script.load(node as AnyRedisClient))));
    });
  }

  /** The stored fields of a token's document, without taking its lock or refreshing its TTL. */
  get(token: string): Promise<Record<string, string>> {
    return this.command(`read token "${token}"`, async (client) => {
      const reply = (await client.hGetAll(this.#key('state', token))) as Record<string, unknown>;
      const fields: Record<string, string> = {};
      for (const [field, value] of Object.entries(reply)) fields[field] = text(value) ?? '';
      return fields;
    });
  }

  /** Pushes back the expiry of each token's state (pages are still connected to it). */
  touch(tokens: readonly string[]): Promise<void> {
    return this.command('refresh the expiry of live tokens', async (client) => {
      await Promise.all(
        tokens.flatMap((token) => {
          const ttl = Number(this.#ttl(token));
          if (ttl === 0) return []; // never expires
          return [client.pExpire(this.#key('state', token), ttl), client.pExpire(this.#key('log', token), ttl)];
        }),
      );
    });
  }

  /** Deletes a token's state (not its lock). */
  delete(token: string): Promise<void> {
    return this.command(`delete token "${token}"`, async (client) => {
      await client.del([this.#key('state', token), this.#key('log', token)]);
    });
  }

  /**
   * The document's metadata and the replay log's entries after `since`, read atomically (see
   * REPLAY); null when there is no document.
   */
  replay(token: string, since: number): Promise<unknown[] | null> {
    const keys = [this.#key('state', token), this.#key('log', token)];
    return this.command(`read the replay log of token "${token}"`, async (client) => {
      const reply = (await REPLAY.run(client, keys, [String(since)])) as unknown[] | null;
      return reply && [text(reply[0]), ...(reply.length > 1 ? [(reply[1] as unknown[]).map((e) => text(e))] : [])];
    });
  }

  /**
   * A key named like the token keys, by the same helper (so a change of scheme, such as Cluster
   * hash tags, moves them together): the task registry's keys, per process or app-wide, and the
   * presence and app-task keys built on it.
   */
  keyOf(
    kind:
      | 'processes'
      | 'process-tokens'
      | 'process-cancels'
      | 'process-presence'
      | 'presence'
      | 'presence-version'
      | 'app-tasks',
    id: string,
  ): string {
    // #key's kinds are the token keys'; these follow the same scheme with the process id.
    return this.#key(kind as 'state', id);
  }

  /** Milliseconds after its last renewal at which a process running background tasks counts as dead. */
  get taskLease(): number {
    return this.#options.taskLease;
  }

  /** Runs `command` like this store's own commands: refused at once while down, with a timeout. */
  command<TResult>(action: string, command: (client: AnyRedisClient) => Promise<TResult>): Promise<TResult> {
    return runRedisCommand(this.#client, this.#options, action, command);
  }

  /**
   * Tries once to take the lock for `owner`; loads the document in the same round trip unless its
   * stored version is `cachedVersion`.
   */
  acquire(token: string, owner: string, cachedVersion = ''): Promise<AcquireResult> {
    const keys = [this.#key('lock', token), this.#key('state', token), this.#key('waiting', token)];
    const args = [
      owner,
      String(this.#options.lockLease),
      this.#ttl(token),
      this.#waitingTtl,
      cachedVersion,
      this.#sharded ? '' : this.wantedChannel,
      token,
    ];
    return this.command(`lock token "${token}"`, async (client): Promise<AcquireResult> => {
      const reply = (await ACQUIRE.run(client, keys, args)) as unknown[] | string | null;
      if (!reply) return { acquired: false };
      if (!Array.isArray(reply)) {
        // 'wanted': the script raised the waiting flag; in cluster mode the publish is ours.
        await this.#publish(this.shardedChannels.wanted, token);
        return { acquired: false };
      }
      const kind = text(reply[0]);
      if (kind === 'none') return { acquired: true, found: 'none' };
      const version = text(reply[1]) ?? '';
      if (kind === 'same') return { acquired: true, found: 'same', version };
      return { acquired: true, found: 'doc', version, fields: (reply[2] as unknown[]).map((f) => text(f) ?? '') };
    });
  }

  /**
   * Stores the changes as `version` (and appends to the replay log, `log` as `encodeLogAppend`
   * makes it) if `owner` still holds the lock; false when fenced off.
   */
  save(token: string, owner: string, write: DocWrite): Promise<boolean> {
    const { lockLease } = this.#options;
    const keys = [this.#key('lock', token), this.#key('state', token), this.#key('log', token)];
    const args = [owner, this.#ttl(token), String(lockLease), write.version, ...this.#writeArgs(token, write, keys)];
    return this.command(`save token "${token}"`, async (client) => {
      const saved = Number(await SAVE.run(client, keys, args)) === 1;
      if (saved) await this.#waitForReplicas(client, keys[1], token);
      return saved;
    });
  }

  /**
   * Stores the changes as `version` (when given), if `owner` still holds the lock; then unlocks, or
   * keeps the lock `keepMs` longer when that is asked for and nobody waits. Resolves with what
   * happened: `released`, `kept`, or `fenced` (the lock was lost; nothing was written).
   */
  release(token: string, owner: string, write?: DocWrite, keepMs = 0): Promise<'released' | 'kept' | 'fenced'> {
    const keys = [
      this.#key('lock', token),
      this.#key('state', token),
      this.#key('waiting', token),
      this.#key('log', token),
    ];
    const args = [
      owner,
      this.#ttl(token),
      this.#sharded ? '' : this.channel,
      token,
      String(keepMs),
      write?.version ?? '',
    ];
    if (write) args.push(...this.#writeArgs(token, write, keys));
    return this.command(`release token "${token}"`, async (client) => {
      const outcome = Number(await RELEASE.run(client, keys, args));
      if (write && outcome !== 0) await this.#waitForReplicas(client, keys[1], token);
      // 3: released, and someone waits: in cluster mode the wake-up is published from here.
      if (outcome === 3) await this.#publish(this.shardedChannels.released, token);
      return outcome === 2 ? 'kept' : outcome === 0 ? 'fenced' : 'released';
    });
  }

  /** Extends the lock if `owner` still holds it; false when it was lost. */
  renew(token: string, owner: string): Promise<boolean> {
    const keys = [this.#key('lock', token), this.#key('state', token)];
    const args = [owner, String(this.#options.lockLease), this.#ttl(token)];
    return this.command(`renew the lock of token "${token}"`, async (client) => {
      return Number(await RENEW.run(client, keys, args)) === 1;
    });
  }

  /** How long a document lives without use, in ms, as a script argument; '0' for one that never expires. */
  #ttl(token: string): string {
    return String(token === APP_KEY ? this.#options.appExpiration : this.#options.tokenExpiration);
  }

  /**
   * The arguments of a write after its version (see `WRITE` in lockScripts.ts): its collections'
   * changes (their keys appended to `keys`), the changed fields, the log.
   */
  #writeArgs(token: string, write: DocWrite, keys: string[]): string[] {
    const collections = write.collections ?? [];
    for (const { name } of collections) {
      const { items, order } = this.collections.keys(token, name);
      keys.push(items, order);
    }
    const args = [String(collections.length), ...collections.map((c) => c.payload), ...changeArgs(write.changes)];
    if (write.log) args.push(...write.log);
    return args;
  }

  /**
   * `<prefix><kind>:{<token>}`: the braces make the token the Redis Cluster hash tag, so the keys
   * of one token share a slot and a script may touch them all. (A token with a `}` in it still
   * maps every kind to the same slot: the tag ends at the same place in each.)
   */
  #key(kind: 'state' | 'lock' | 'waiting' | 'log', token: string): string {
    return `${this.#options.keyPrefix}${kind}:{${token}}`;
  }

  /**
   * With `replicaAcks`, waits (`WAIT`, on the connection to the key's master, which covers every
   * earlier write on it) until that many replicas have the write; fewer in time is a failure.
   */
  async #waitForReplicas(client: AnyRedisClient, key: string, token: string): Promise<void> {
    const { replicaAcks, commandTimeout } = this.#options;
    if (replicaAcks === 0) return;
    const args = ['WAIT', String(replicaAcks), String(Math.max(1, commandTimeout - 100))];
    // Not cluster.sendCommand: node-redis routes WAIT to every shard (its command tips say
    // all_shards) and takes the minimum; the key's master is the one that has the write.
    const node = this.#sharded ? await (client as unknown as AnyRedisCluster).getNodeClientForKey(key, false) : client;
    const acked = Number(await (node as AnyRedisClient).sendCommand(args));
    if (acked < replicaAcks) {
      throw new Error(`the write of token "${token}" reached ${acked} of ${replicaAcks} replicas in time`);
    }
  }

  /** `SPUBLISH`es the token on its bucket of `channels`: best effort, waiters also re-check. */
  async #publish(channels: string[], token: string): Promise<void> {
    try {
      await this.#client.sPublish(channels[bucketOf(token)], token);
    } catch (error) {
      this.#options.logger.warn('Publishing a lock wake-up failed; waiters find the lock at their next re-check', {
        token,
        error,
      });
    }
  }
}

/** A string reply as text (clients with a Buffer type mapping return Buffers); nil as undefined. */
function text(reply: unknown): string | undefined {
  if (reply === null || reply === undefined) return undefined;
  return Buffer.isBuffer(reply) ? reply.toString('utf8') : String(reply);
}
