import { LuaScript } from './luaScript.js';

// Every script that writes first checks that the lock key still holds the caller's owner id: that
// check, atomic with the write, is the fence that keeps a holder whose lease lapsed from
// overwriting the state of the next holder. Owner ids are unique per lease, so a lock once lost
// can never be mistaken for one's own again.

/**
 * Takes the lock and, in the same round trip, loads the document.
 * KEYS: lock, state, waiting. ARGV: owner, lease ms, state TTL ms, waiting-flag TTL ms.
 * Returns the document ('' when none) when the lock was taken, nil when it is held: then it also
 * raises the waiting flag, which asks the holder's release to publish a wake-up.
 */
export const ACQUIRE = new LuaScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local doc = redis.call('GET', KEYS[2])
  if doc then
    redis.call('PEXPIRE', KEYS[2], ARGV[3])
    return doc
  end
  return ''
end
redis.call('SET', KEYS[3], '1', 'PX', ARGV[4])
return false
`);

/**
 * Stores the document and extends the lock, if the caller still owns it.
 * KEYS: lock, state. ARGV: owner, document, state TTL ms, lease ms. Returns 1, or 0 when fenced.
 */
export const SAVE = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`);

/**
 * Stores the document (when given), deletes the lock and, if someone is waiting, publishes the
 * token on the channel — all in one round trip, if the caller still owns the lock.
 * KEYS: lock, state, waiting. ARGV: owner, document or '', state TTL ms, channel, token.
 * Returns 1, or 0 when fenced (nothing is written).
 */
export const RELEASE = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] ~= '' then
  redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
else
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
redis.call('DEL', KEYS[1])
if redis.call('DEL', KEYS[3]) == 1 then redis.call('PUBLISH', ARGV[4], ARGV[5]) end
return 1
`);

/**
 * Extends the lock (and the state's TTL) while its holder works, if the caller still owns it.
 * KEYS: lock, state. ARGV: owner, lease ms, state TTL ms. Returns 1, or 0 when the lock was lost.
 */
export const RENEW = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
`);

/** Every script, for loading them when the manager connects. */
export const LOCK_SCRIPTS: readonly LuaScript[] = [ACQUIRE, SAVE, RELEASE, RENEW];
