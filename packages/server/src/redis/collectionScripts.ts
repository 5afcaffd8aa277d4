import { LuaScript } from './luaScript.js';

/**
 * Applies a collection's changes to its two keys: a hash of items (field: the key as JSON, value:
 * the item as JSON) and a sorted set of positions (every score 0, member `<order key> <key as
 * JSON>`, so Redis orders members by order key, byte by byte, as the collection does).
 *
 * The changes come as one string (a reset of 100,000 items would be 400,000 arguments otherwise,
 * more than a client spreads onto its stack): records separated by byte 30, fields by byte 31 —
 * bytes that JSON text never holds raw. A record is a letter and its fields:
 *
 * - `S field item member`: set an item and its position (insert);
 * - `H field item`: set an item (update);
 * - `D field member`: delete an item and its position;
 * - `M field item from to`: set an item and move its position;
 * - `C`: delete both keys (a reset; its items follow as `S`).
 *
 * One change is one or two O(log n) commands, whatever the collection's size. A fragment, so that
 * the document's own write script can run it after its fence check, in the same atomic call.
 */
export const COLLECTION_WRITE = `
local function writeCollection(items, order, payload)
  local pos, size = 1, #payload
  while pos <= size do
    local stop = string.find(payload, '\\30', pos, true) or (size + 1)
    local f, p = {}, pos
    while true do
      local s = string.find(payload, '\\31', p, true)
      if not s or s > stop then
        f[#f + 1] = string.sub(payload, p, stop - 1)
        break
      end
      f[#f + 1] = string.sub(payload, p, s - 1)
      p = s + 1
    end
    pos = stop + 1
    local c = f[1]
    if c == 'S' then
      redis.call('HSET', items, f[2], f[3])
      redis.call('ZADD', order, 0, f[4])
    elseif c == 'H' then
      redis.call('HSET', items, f[2], f[3])
    elseif c == 'D' then
      redis.call('HDEL', items, f[2])
      redis.call('ZREM', order, f[3])
    elseif c == 'M' then
      redis.call('HSET', items, f[2], f[3])
      redis.call('ZREM', order, f[4])
      redis.call('ZADD', order, 0, f[5])
    elseif c == 'C' then
      redis.call('DEL', items, order)
    else
      return redis.error_reply('unknown collection command ' .. tostring(c))
    end
  end
end
`;

/**
 * Writes one collection's changes on their own (no document, no fence): what the storage tests
 * and a one-off import use. KEYS: items, order. ARGV: the changes. Returns the item count after.
 */
export const WRITE_COLLECTION = new LuaScript(`${COLLECTION_WRITE}
local failed = writeCollection(KEYS[1], KEYS[2], ARGV[1])
if failed then return failed end
return redis.call('HLEN', KEYS[1])
`);
