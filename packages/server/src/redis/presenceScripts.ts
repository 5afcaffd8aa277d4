import { LuaScript } from './luaScript.js';

// Scripts of the presence registry. Each touches one scope key's two keys, which share its hash tag
// (so they also run on Redis Cluster): the hash of entries (page id → "<process>\n<join version>\n
// <metadata JSON>") and the key's version, a counter that grows by one per change. When the last
// entry leaves, both keys go (Redis drops an empty hash; the version is deleted with it), so a key
// nobody is in costs nothing; its version then starts again from 1.

/**
 * Adds or replaces an entry. KEYS: entries, version. ARGV: id, process, metadata JSON.
 * An entry already there keeps its join version (its place in the list). Returns
 * {version, size, previous value or false}.
 */
export const PRESENCE_JOIN = new LuaScript(`
local before = redis.call('HGET', KEYS[1], ARGV[1])
local v = redis.call('INCR', KEYS[2])
local joined = v
if before then joined = string.match(before, '^[^\\n]*\\n([^\\n]*)\\n') end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '\\n' .. joined .. '\\n' .. ARGV[3])
return {v, redis.call('HLEN', KEYS[1]), before}
`);

/**
 * Replaces an entry's metadata, keeping its process and place. KEYS: entries, version. ARGV: id,
 * metadata JSON. Returns {version, size, new value}, or false when the entry is not there.
 */
export const PRESENCE_UPDATE = new LuaScript(`
local before = redis.call('HGET', KEYS[1], ARGV[1])
if not before then return false end
local head = string.match(before, '^([^\\n]*\\n[^\\n]*\\n)')
local value = head .. ARGV[2]
redis.call('HSET', KEYS[1], ARGV[1], value)
return {redis.call('INCR', KEYS[2]), redis.call('HLEN', KEYS[1]), value}
`);

/**
 * Removes the entries of one process. KEYS: entries, version. ARGV: process, then the ids to remove
 * (none: every entry of the process). Returns one {id, value, version, size} per entry removed.
 */
export const PRESENCE_REMOVE = new LuaScript(`
local prefix = ARGV[1] .. '\\n'
local ids = {}
if #ARGV > 1 then
  for i = 2, #ARGV do ids[#ids + 1] = ARGV[i] end
else
  local all = redis.call('HGETALL', KEYS[1])
  for i = 1, #all, 2 do
    if string.sub(all[i + 1], 1, #prefix) == prefix then ids[#ids + 1] = all[i] end
  end
end
local removed = {}
for _, id in ipairs(ids) do
  local value = redis.call('HGET', KEYS[1], id)
  if value and string.sub(value, 1, #prefix) == prefix then
    redis.call('HDEL', KEYS[1], id)
    local size = redis.call('HLEN', KEYS[1])
    local v
    if size == 0 then
      v = tonumber(redis.call('GET', KEYS[2]) or '0') + 1
      redis.call('DEL', KEYS[2])
    else
      v = redis.call('INCR', KEYS[2])
    end
    removed[#removed + 1] = {id, value, v, size}
  end
end
return removed
`);

/** Reads a key's entries and version at once. KEYS: entries, version. Returns {version, id, value, ...}. */
export const PRESENCE_LIST = new LuaScript(`
local reply = {tonumber(redis.call('GET', KEYS[2]) or '0')}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all do reply[i + 1] = all[i] end
return reply
`);
