/**
 * addNotification: stores one supervision notification in an audience's feed, once per id,
 * keeps the feed to its newest `cap` and renews its expiry.
 *
 * KEYS[1] feed (zset, id -> at ms)  KEYS[2] bodies (hash, id -> JSON)
 * ARGV[1] id  ARGV[2] at (ms)  ARGV[3] notification (JSON)  ARGV[4] cap  ARGV[5] TTL seconds
 * Returns 1 when stored, 0 when the feed already had this id.
 */
export const ADD_NOTIFICATION = `
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[4])
if over > 0 then
  local old = redis.call('ZRANGE', KEYS[1], 0, over - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1)
  redis.call('HDEL', KEYS[2], unpack(old))
end
redis.call('EXPIRE', KEYS[1], ARGV[5])
redis.call('EXPIRE', KEYS[2], ARGV[5])
return 1
`;
