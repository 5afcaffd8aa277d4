import { LuaScript } from './luaScript.js';

// Scripts of the app-task leases. Both keys carry the `{all}` hash tag of the task registry's
// `processes` set, so a holder's liveness is read from the registry itself, atomically with the
// claim (and on Redis Cluster too). Times are Redis's own clock.

/**
 * Takes app tasks. KEYS: processes (the task registry's sorted set), holders (a hash: task name →
 * process id). ARGV: the caller's process id, then task names. A caller whose own lease lapsed gets
 * nothing; otherwise it takes each task held by nobody or by a process whose lease lapsed (or was
 * claimed: its score is negative). Returns the names the caller holds, in the order asked.
 */
export const APP_TASK_ACQUIRE = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local mine = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not mine or tonumber(mine) <= now then return {} end
local held = {}
for i = 2, #ARGV do
  local holder = redis.call('HGET', KEYS[2], ARGV[i])
  local take = not holder
  if holder and holder ~= ARGV[1] then
    local score = redis.call('ZSCORE', KEYS[1], holder)
    take = not score or tonumber(score) <= now
  end
  if take then redis.call('HSET', KEYS[2], ARGV[i], ARGV[1]) end
  if take or holder == ARGV[1] then held[#held + 1] = ARGV[i] end
end
return held
`);

/** Gives up app tasks. KEYS: holders. ARGV: the caller's process id, then task names. */
export const APP_TASK_RELEASE = new LuaScript(`
for i = 2, #ARGV do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[1] then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
return 0
`);

/** Every app task with a live holder. KEYS: processes, holders. Returns {name, process, ...}. */
export const APP_TASK_HOLDERS = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local all = redis.call('HGETALL', KEYS[2])
local live = {}
for i = 1, #all, 2 do
  local score = redis.call('ZSCORE', KEYS[1], all[i + 1])
  if score and tonumber(score) > now then
    live[#live + 1] = all[i]
    live[#live + 1] = all[i + 1]
  end
end
return live
`);
