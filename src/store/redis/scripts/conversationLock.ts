/**
 * acquireConversationLock: takes a conversation's hold if it is free, with a new fencing token.
 *
 * KEYS[1] the hold (string: token, expires)  KEYS[2] the conversation's token counter
 * ARGV[1] hold TTL ms  ARGV[2] counter TTL seconds (long: tokens must keep growing)
 * Returns the token (> 0), or 0 when the hold is taken.
 */
export const ACQUIRE_CONVERSATION_LOCK = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local token = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
redis.call('SET', KEYS[1], token, 'PX', ARGV[1])
return token
`;

/**
 * extendConversationLock: renews the hold if the token still has it.
 *
 * KEYS[1] the hold  ARGV[1] token  ARGV[2] TTL ms
 * Returns 1 when renewed, 0 when the hold expired or belongs to another token.
 */
export const EXTEND_CONVERSATION_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`;

/**
 * releaseConversationLock: lets go of the hold if the token still has it.
 *
 * KEYS[1] the hold  ARGV[1] token
 * Returns 1 when released, 0 when it had expired or belongs to another token.
 */
export const RELEASE_CONVERSATION_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`;
