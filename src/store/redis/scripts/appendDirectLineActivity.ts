/**
 * appendDirectLineActivity: gives an activity the conversation's next watermark and its id
 * (`<conversationId>|0000042`), logs it, keeps the log to its maximum length, renews the TTL
 * and tells every instance. Numbering and logging in one step means a reader who sees
 * watermark n also sees everything before it.
 *
 * KEYS[1] conversation hash   KEYS[2] activity log (zset, score = watermark)
 * ARGV[1] activity (JSON, without id)   ARGV[2] conversation id   ARGV[3] TTL seconds
 * ARGV[4] maximum log length   ARGV[5] pub/sub channel of the conversation
 * ARGV[6] the client's own activity id, or '' (channelData.clientActivityID)
 * Returns {watermark, 0} when logged; when ARGV[6] was logged before (a retried POST), the first
 * one's watermark and 1 if its turn ran (markDirectLineClientHandled), 0 if it did not (the turn
 * runs again, nothing is logged twice); -1 when the conversation does not exist
 * (CONVERSATION_NOT_FOUND).
 */
export const APPEND_DIRECT_LINE_ACTIVITY = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if ARGV[6] ~= '' then
  local known = redis.call('HGET', KEYS[1], 'client:' .. ARGV[6])
  if known then return {tonumber(known), redis.call('HEXISTS', KEYS[1], 'handled:' .. ARGV[6])} end
end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'client:' .. ARGV[6], seq) end
local id = ARGV[2] .. '|' .. string.format('%07d', seq)
redis.call('ZADD', KEYS[2], seq,
  '{"seq":' .. seq .. ',"id":' .. cjson.encode(id) .. ',"activity":' .. ARGV[1] .. '}')
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1) end
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('PUBLISH', ARGV[5], '{"seq":' .. seq .. '}')
return {seq, 0}
`;
