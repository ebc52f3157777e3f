/**
 * claimDueAlerts: hands out due supervision alerts, each to one caller for a lease. Claims whose
 * lease has run out (their holder crashed or hung) come first, then pending alerts by due time.
 * Keys already raised are dropped instead of handed out; raised markers older than the
 * retention are forgotten.
 *
 * KEYS[1] alerts pending (zset, key -> due ms)  KEYS[2] alerts claimed (zset, key -> lease end ms)
 * KEYS[3] alerts raised (zset, key -> raised ms)
 * ARGV[1] now (ms)  ARGV[2] at most this many  ARGV[3] lease end (ms)
 * ARGV[4] raised markers at or before this (ms) are forgotten
 * Returns the claimed keys (possibly none).
 */
export const CLAIM_DUE_ALERTS = `
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[4])
local limit = tonumber(ARGV[2])
local out = {}
local function take(key)
  redis.call('ZREM', KEYS[1], key)
  if redis.call('ZSCORE', KEYS[3], key) then
    redis.call('ZREM', KEYS[2], key)
  else
    redis.call('ZADD', KEYS[2], ARGV[3], key)
    out[#out + 1] = key
  end
end
for _, key in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, limit)) do
  take(key)
end
if #out < limit then
  local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, limit - #out)
  for _, key in ipairs(due) do take(key) end
end
return out
`;
