/**
 * replaceDirectLineActivity: swaps a logged activity for a new version that keeps its id but
 * takes the next watermark, so pollers and sockets receive it again. Where an id now lives is
 * remembered in the conversation hash (`moved:<original watermark>`).
 *
 * KEYS[1] conversation hash   KEYS[2] activity log (zset)
 * ARGV[1] watermark the id was issued with   ARGV[2] activity id   ARGV[3] activity (JSON)
 * ARGV[4] TTL seconds   ARGV[5] pub/sub channel of the conversation
 * Returns the new watermark, -1 when the conversation does not exist (CONVERSATION_NOT_FOUND),
 * -2 when the activity is not in the log (ACTIVITY_NOT_FOUND).
 */
export const REPLACE_DIRECT_LINE_ACTIVITY = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local field = 'moved:' .. ARGV[1]
local current = redis.call('HGET', KEYS[1], field) or ARGV[1]
if redis.call('ZREMRANGEBYSCORE', KEYS[2], current, current) == 0 then return -2 end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('HSET', KEYS[1], field, seq)
redis.call('ZADD', KEYS[2], seq,
  '{"seq":' .. seq .. ',"id":' .. cjson.encode(ARGV[2]) .. ',"activity":' .. ARGV[3] .. '}')
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
redis.call('PUBLISH', ARGV[5], '{"seq":' .. seq .. '}')
return seq
`;
