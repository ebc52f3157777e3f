/**
 * openDirectLineConversation: creates a Direct Line conversation unless it exists, and keeps it
 * alive for another TTL either way. A user given here is bound only when creating.
 *
 * KEYS[1] conversation hash (user, createdAt, seq)   KEYS[2] activity log (zset)
 * ARGV[1] user id, '' for none yet   ARGV[2] createdAt (ISO)   ARGV[3] TTL seconds
 * Returns {created (1 or 0), user or '', createdAt, seq}.
 */
export const OPEN_DIRECT_LINE_CONVERSATION = `
local created = 0
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'createdAt', ARGV[2], 'seq', 0)
  if ARGV[1] ~= '' then redis.call('HSET', KEYS[1], 'user', ARGV[1]) end
  created = 1
end
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
local f = redis.call('HMGET', KEYS[1], 'user', 'createdAt', 'seq')
return {created, f[1] or '', f[2], f[3]}
`;
