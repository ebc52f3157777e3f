/**
 * writeBotState: replaces one botbuilder state item if the caller's eTag still matches; for a
 * conversation's item written by the turn that holds it (ARGV[5]), also checks that the hold is
 * still that turn's and lets go of it (scripts/conversationLock.ts keeps the hold in the item).
 *
 * KEYS[1] item hash (fields `etag`, `doc`; `held`, `heldUntil`, `lastHold` of the hold)
 * ARGV[1] expected eTag; '' or '*' writes unconditionally, and so does any eTag when the
 *         item does not exist (botbuilder MemoryStorage semantics)
 * ARGV[2] new eTag  ARGV[3] document (JSON, without eTag)  ARGV[4] TTL seconds, '0' = none
 * ARGV[5] the writer's hold token, '' when the write is not made holding the item
 * Returns 1 when written, -1 when the stored eTag differs from ARGV[1] (STATE_CONFLICT), -2
 * when the hold is not (or no longer) the writer's (CONVERSATION_LOCK_LOST).
 */
export const WRITE_BOT_STATE = `
if ARGV[5] ~= '' and redis.call('HGET', KEYS[1], 'held') ~= ARGV[5] then return -2 end
if ARGV[1] ~= '' and ARGV[1] ~= '*' then
  local current = redis.call('HGET', KEYS[1], 'etag')
  if current and current ~= ARGV[1] then return -1 end
end
redis.call('HSET', KEYS[1], 'etag', ARGV[2], 'doc', ARGV[3])
if ARGV[5] ~= '' then redis.call('HDEL', KEYS[1], 'held', 'heldUntil') end
if ARGV[4] ~= '0' then redis.call('EXPIRE', KEYS[1], ARGV[4]) else redis.call('PERSIST', KEYS[1]) end
return 1
`;
