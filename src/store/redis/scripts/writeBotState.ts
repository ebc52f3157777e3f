/**
 * writeBotState: replaces one botbuilder state item if the caller's eTag still matches.
 *
 * KEYS[1] item hash (fields `etag`, `doc`)
 * ARGV[1] expected eTag; '' or '*' writes unconditionally, and so does any eTag when the
 *         item does not exist (botbuilder MemoryStorage semantics)
 * ARGV[2] new eTag  ARGV[3] document (JSON, without eTag)  ARGV[4] TTL seconds, '0' = none
 * Returns 1 when written, -1 when the stored eTag differs from ARGV[1] (STATE_CONFLICT).
 */
export const WRITE_BOT_STATE = `
if ARGV[1] ~= '' and ARGV[1] ~= '*' then
  local current = redis.call('HGET', KEYS[1], 'etag')
  if current and current ~= ARGV[1] then return -1 end
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'etag', ARGV[2], 'doc', ARGV[3])
if ARGV[4] ~= '0' then redis.call('EXPIRE', KEYS[1], ARGV[4]) end
return 1
`;
