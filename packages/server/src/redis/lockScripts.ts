import { COLLECTION_WRITE } from './collectionScripts.js';
import { LuaScript } from './luaScript.js';

// A document's time to live: '0' for one that never expires (the app-wide document, by default).
const EXPIRE = `
local function expire(key, ttl)
  if ttl == '0' then redis.call('PERSIST', key) else redis.call('PEXPIRE', key, ttl) end
end
`;

// Every script that writes first checks that the lock key still holds the caller's owner id: that
// check, atomic with the write, is the fence that keeps a holder whose lease lapsed from
// overwriting the state of the next holder. Owner ids are unique per lease, so a lock once lost
// can never be mistaken for one's own again.

/**
 * Takes the lock and, in the same round trip, loads the document — unless the caller already has
 * the version stored (it made the last write), in which case only the version comes back.
 * KEYS: lock, state, waiting. ARGV: owner, lease ms, state TTL ms, waiting-flag TTL ms, cached
 * version ('' for none), wanted channel ('' in cluster mode), token. Returns {'none'}, {'same', v}
 * or {'doc', v, fields} when the lock was taken; nil when it is held: then it also raises the
 * waiting flag, which asks the holder's release to publish a wake-up (and not to keep the lock),
 * and the first time publishes the token on the wanted channel, so a holder keeping the lock idle
 * lets go at once. In cluster mode (no channel) that first time returns 'wanted' instead and the
 * caller publishes on a sharded channel: a script may only reach its own shard.
 */
export const ACQUIRE = new LuaScript(`${EXPIRE}
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local v = redis.call('HGET', KEYS[2], 'v')
  if not v then return {'none'} end
  expire(KEYS[2], ARGV[3])
  if v == ARGV[5] then return {'same', v} end
  return {'doc', v, redis.call('HGETALL', KEYS[2])}
end
if redis.call('SET', KEYS[3], '1', 'PX', ARGV[4], 'NX') then
  if ARGV[6] == '' then return 'wanted' end
  redis.call('PUBLISH', ARGV[6], ARGV[7])
else
  redis.call('PEXPIRE', KEYS[3], ARGV[4])
end
return false
`);

// Shared by SAVE and RELEASE: first the document's collections (a count, then each one's changes
// for `writeCollection`, on KEYS[collectionKey] onwards, two keys each), then writes the changed
// fields starting after them (a count, then field,
// value pairs; a count, then fields to delete) and the new version, then appends to the replay log
// (the list at KEYS[logKey]) when the arguments go on: restart ('1': start the log over), most
// entries, most bytes, the seq of the first entry given, a count, then the entries (JSON of each
// update). The state hash keeps the log's first seq ('lf') and its size in bytes ('lb'); the
// oldest entries go first once a bound is passed. A push onto an empty list (restarted, trimmed
// to nothing or expired) sets 'lf' afresh, so it is always the seq of the list's first entry.
const WRITE = `${EXPIRE}${COLLECTION_WRITE}
local function write(i, version, ttl, logKey, collectionKey)
  local nCollections = tonumber(ARGV[i])
  for c = 1, nCollections do
    writeCollection(KEYS[collectionKey + 2 * c - 2], KEYS[collectionKey + 2 * c - 1], ARGV[i + c])
  end
  i = i + nCollections + 1
  local nSet = tonumber(ARGV[i])
  redis.call('HSET', KEYS[2], 'v', version, unpack(ARGV, i + 1, i + 2 * nSet))
  i = i + 2 * nSet + 1
  local nDel = tonumber(ARGV[i])
  if nDel > 0 then redis.call('HDEL', KEYS[2], unpack(ARGV, i + 1, i + nDel)) end
  expire(KEYS[2], ttl)
  i = i + nDel + 1
  if ARGV[i] == nil then return end
  local log = KEYS[logKey]
  local n = tonumber(ARGV[i + 4])
  if ARGV[i] == '1' then redis.call('DEL', log) end
  if n == 0 then
    redis.call('HDEL', KEYS[2], 'lf', 'lb')
    return
  end
  local len = redis.call('RPUSH', log, unpack(ARGV, i + 5, i + 4 + n))
  local bytes = 0
  if len == n then
    redis.call('HSET', KEYS[2], 'lf', ARGV[i + 3])
  else
    bytes = tonumber(redis.call('HGET', KEYS[2], 'lb') or '0')
  end
  for j = 1, n do bytes = bytes + #ARGV[i + 4 + j] end
  local maxLen, maxBytes = tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  local dropped = 0
  while len > 0 and (len > maxLen or bytes > maxBytes) do
    bytes = bytes - #redis.call('LPOP', log)
    len = len - 1
    dropped = dropped + 1
  end
  if dropped > 0 then redis.call('HINCRBY', KEYS[2], 'lf', dropped) end
  redis.call('HSET', KEYS[2], 'lb', bytes)
  if len > 0 then expire(log, ttl) end
end
`;

/**
 * Stores the changes and extends the lock, if the caller still owns it.
 * KEYS: lock, state, log, then two per collection written. ARGV: owner, state TTL ms, lease ms,
 * version, collections, changes and log (see WRITE).
 * Returns 1, or 0 when fenced.
 */
export const SAVE = new LuaScript(`${WRITE}
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
write(5, ARGV[4], ARGV[2], 3, 4)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`);

/**
 * Stores the changes (when there is a version), then either keeps the lock for a short while
 * (nobody else waits and the caller asked to keep it: the next event of the token on this process
 * needs no round trip to take it) or deletes it and, if someone is waiting, publishes the token on
 * the channel — all in one round trip, if the caller still owns the lock.
 * KEYS: lock, state, waiting, log, then two per collection written. ARGV: owner, state TTL ms, channel ('' in cluster mode), token,
 * keep ms ('0': do not keep), version or '', changes and log (see WRITE). Returns 1 (released), 2
 * (kept), 3 (released and someone waits: the caller publishes the wake-up on a sharded channel),
 * or 0 when fenced (nothing written).
 */
export const RELEASE = new LuaScript(`${WRITE}
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[6] ~= '' then
  write(7, ARGV[6], ARGV[2], 4, 5)
else
  expire(KEYS[2], ARGV[2])
end
if ARGV[5] ~= '0' and redis.call('EXISTS', KEYS[3]) == 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return 2
end
redis.call('DEL', KEYS[1])
if redis.call('DEL', KEYS[3]) == 1 then
  if ARGV[3] == '' then return 3 end
  redis.call('PUBLISH', ARGV[3], ARGV[4])
end
return 1
`);

/**
 * Extends the lock (and the state's TTL) while its holder works, if the caller still owns it.
 * KEYS: lock, state. ARGV: owner, lease ms, state TTL ms. Returns 1, or 0 when the lock was lost.
 */
export const RENEW = new LuaScript(`${EXPIRE}
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
expire(KEYS[2], ARGV[3])
return 1
`);

/**
 * Reads what a page that applied update `since` missed, atomically with the document's metadata.
 * KEYS: state, log. ARGV: since. Returns nil (no document), {meta} (the log cannot start right
 * after `since`), or {meta, entries after since}.
 */
export const REPLAY = new LuaScript(`
local m = redis.call('HMGET', KEYS[1], 'meta', 'lf')
if not m[1] then return false end
local first = tonumber(m[2] or '-1')
local since = tonumber(ARGV[1])
if first < 0 or since + 1 < first then return {m[1]} end
return {m[1], redis.call('LRANGE', KEYS[2], since + 1 - first, -1)}
`);

/** Every script, for loading them when the manager connects. */
export const LOCK_SCRIPTS: readonly LuaScript[] = [ACQUIRE, SAVE, RELEASE, RENEW, REPLAY];
