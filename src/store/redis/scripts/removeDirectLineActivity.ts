/**
 * removeDirectLineActivity: drops an activity from a conversation's log, wherever a
 * replacement moved it.
 *
 * KEYS[1] conversation hash   KEYS[2] activity log (zset)
 * ARGV[1] watermark the id was issued with
 * Returns 1 when removed, 0 when it was not there, -1 when the conversation does not exist
 * (CONVERSATION_NOT_FOUND).
 */
export const REMOVE_DIRECT_LINE_ACTIVITY = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local field = 'moved:' .. ARGV[1]
local current = redis.call('HGET', KEYS[1], field) or ARGV[1]
redis.call('HDEL', KEYS[1], field)
return redis.call('ZREMRANGEBYSCORE', KEYS[2], current, current)
`;
