import { LuaScript } from './luaScript.js';

// Scripts of the task registry. Each touches keys of one slot only (the app-wide `processes` set,
// or one process's own keys), so they also run on Redis Cluster. Times are Redis's own clock.

/** Joins: KEYS: processes. ARGV: process id, lease ms. Scores the process's lease end. */
export const TASK_JOIN = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
return now
`);

/**
 * One tick of a process. KEYS: processes. ARGV: process id, lease ms, most claims.
 * Renews the caller unless it was claimed (score <= 0) — then it is dead for good; claims up to
 * ARGV[3] lapsed processes (0 < score <= now) by scoring them minus now; drops claims older than an
 * hour. Returns {alive 0|1, now, claimed ids, every id and score}.
 */
export const TASK_TICK = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local alive = 0
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) > 0 then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
  alive = 1
end
local claimed = redis.call('ZRANGEBYSCORE', KEYS[1], '(0', now, 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(claimed) do
  redis.call('ZADD', KEYS[1], -now, id)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '(' .. tostring(-(now - 3600000)), '(0')
return {alive, now, claimed, redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')}
`);

/** Takes and clears a list. KEYS: the list. Returns its items. */
export const TASK_POP_ALL = new LuaScript(`
local items = redis.call('LRANGE', KEYS[1], 0, -1)
if #items > 0 then redis.call('DEL', KEYS[1]) end
return items
`);

/**
 * Takes over a claimed dead process's keys. KEYS: its tokens set, its cancels list. Returns the
 * tokens it ran tasks of and deletes both keys.
 */
export const TASK_RELEASE_PROCESS = new LuaScript(`
local tokens = redis.call('SMEMBERS', KEYS[1])
redis.call('DEL', KEYS[1], KEYS[2])
return tokens
`);
