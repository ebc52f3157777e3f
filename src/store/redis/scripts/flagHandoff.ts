/**
 * flagHandoff: puts a conversation on the duty-staff queue. A conversation already flagged as
 * an emergency stays as it is when an ordinary flag follows: it must not lose its place.
 *
 * KEYS[1] handoff hash of the conversation   KEYS[2] queue (zset)
 * ARGV[1] conversation key  ARGV[2] request (JSON)  ARGV[3] reason  ARGV[4] queue score
 * Returns 1 when written, 0 when an earlier emergency was kept.
 */
export const FLAG_HANDOFF = `
local previous = redis.call('HGET', KEYS[1], 'reason')
if previous == 'emergency' and ARGV[3] ~= 'emergency' then return 0 end
redis.call('HSET', KEYS[1], 'request', ARGV[2], 'reason', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
return 1
`;
