/**
 * One batch of ops and the checkpoint, in one script: Redis runs a script without interleaving any other
 * command, so the compare-and-set of the checkpoint, the ops (including the "is this visitor new?" test
 * of `sadd`) and the new checkpoint are one atomic unit.
 *
 * KEYS[1] the checkpoints hash. ARGV: projection, after, position, key prefix, ops as JSON, and the event at
 * `position` ("{id} {hash}", kept in the field `{projection}@event`, or '' for none).
 * Ops are arrays of strings: i(key, field, by) h(key, f, v, …) d(key, f, …) s(key, member, ops) z(key, m) r(key, m).
 * Returns 1 applied, 0 skipped, -1 conflict. The ops were validated by the caller: a script error would
 * leave earlier writes of the batch in place, so nothing may fail after the first write.
 */
export const APPLY_BATCH_LUA = `
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local after = tonumber(ARGV[2])
local position = tonumber(ARGV[3])
if not (current == after and position > after) then
  if current >= 0 and position <= current then return 0 end
  return -1
end
local prefix = ARGV[4]
local function run(ops)
  for _, op in ipairs(ops) do
    local kind, key = op[1], prefix .. op[2]
    if kind == 'i' then
      redis.call('HINCRBY', key, op[3], op[4])
    elseif kind == 'h' then
      redis.call('HSET', key, unpack(op, 3))
    elseif kind == 'd' then
      redis.call('HDEL', key, unpack(op, 3))
    elseif kind == 's' then
      if redis.call('SADD', key, op[3]) == 1 then run(op[4]) end
    elseif kind == 'z' then
      redis.call('ZADD', key, 0, op[3])
    elseif kind == 'r' then
      redis.call('ZREM', key, op[3])
    end
  end
end
run(cjson.decode(ARGV[5]))
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
if ARGV[6] ~= nil and ARGV[6] ~= '' then
  redis.call('HSET', KEYS[1], ARGV[1] .. '@event', ARGV[6])
else
  redis.call('HDEL', KEYS[1], ARGV[1] .. '@event')
end
return 1
`;
