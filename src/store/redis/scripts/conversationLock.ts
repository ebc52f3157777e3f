/**
 * The hold on a conversation lives in the conversation's own state item (a botbuilder state
 * hash: `etag`, `doc`), as two more fields: `held` (the holder's token) and `heldUntil` (Redis
 * server time, ms). Hold and state share one key, so one slot of a cluster, and the state write
 * that ends a turn checks the token and lets go in the same step (writeBotState).
 *
 * Tokens grow: the next is max(last + 1, now in ms), so they keep growing even after the item
 * was deleted (a failed turn resets its conversation) and a stalled holder's token never comes
 * back.
 */
const NOW_MS = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * An item that held nothing before the hold (`fresh`), or is about to expire, lives at least
 * as long as the hold; an item kept for days keeps its own expiry.
 */
const KEEP_FOR_HOLD = `
local pttl = redis.call('PTTL', KEYS[1])
if fresh or (pttl >= 0 and pttl < ttl) then redis.call('PEXPIRE', KEYS[1], ttl) end
`;

/**
 * acquireConversationLock: takes a conversation's hold if nobody has it or it has expired.
 *
 * KEYS[1] the conversation's state item  ARGV[1] hold TTL ms
 * Returns the token (> 0), or 0 when the hold is taken.
 */
export const ACQUIRE_CONVERSATION_LOCK = `${NOW_MS}
local ttl = tonumber(ARGV[1])
local h = redis.call('HMGET', KEYS[1], 'held', 'heldUntil', 'lastHold')
if h[1] and tonumber(h[2]) > now then return 0 end
local token = math.max(tonumber(h[3] or '0') + 1, now)
local fresh = redis.call('EXISTS', KEYS[1]) == 0
redis.call('HSET', KEYS[1], 'held', token, 'heldUntil', now + ttl, 'lastHold', token)
${KEEP_FOR_HOLD}
return token
`;

/**
 * extendConversationLock: renews the hold if the token still has it.
 *
 * KEYS[1] the conversation's state item  ARGV[1] token  ARGV[2] TTL ms
 * Returns 1 when renewed, 0 when another token has it or nobody does.
 */
export const EXTEND_CONVERSATION_LOCK = `${NOW_MS}
if redis.call('HGET', KEYS[1], 'held') ~= ARGV[1] then return 0 end
local ttl = tonumber(ARGV[2])
local fresh = false
redis.call('HSET', KEYS[1], 'heldUntil', now + ttl)
${KEEP_FOR_HOLD}
return 1
`;

/**
 * releaseConversationLock: lets go of the hold if the token still has it.
 *
 * KEYS[1] the conversation's state item  ARGV[1] token
 * Returns 1 when released, 0 when another token has it or nobody does.
 */
export const RELEASE_CONVERSATION_LOCK = `
if redis.call('HGET', KEYS[1], 'held') ~= ARGV[1] then return 0 end
redis.call('HDEL', KEYS[1], 'held', 'heldUntil')
return 1
`;
