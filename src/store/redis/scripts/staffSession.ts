/**
 * createStaffSession: stores a new console session and its expiry in one step, so a session
 * without an expiry can never be left behind. The set of the member's sessions lives as long as
 * the longest of them.
 *
 * KEYS[1] session hash, KEYS[2] set of the member's session digests
 * ARGV[1] TTL seconds, ARGV[2] session digest, ARGV[3..] field, value, field, value...
 * Returns 1.
 */
export const CREATE_STAFF_SESSION = `
redis.call('DEL', KEYS[1])
for i = 3, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[2], ARGV[2])
if redis.call('TTL', KEYS[2]) < tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[2], ARGV[1]) end
return 1
`;

/**
 * renewStaffSession: moves a live session's expiry; a session deleted meanwhile (logout) stays
 * deleted instead of coming back as a hash with only `expiresAt`.
 *
 * KEYS[1] session hash, KEYS[2] set of the member's session digests
 * ARGV[1] expiresAt (ISO time), ARGV[2] TTL seconds
 * Returns 1 when renewed, 0 when the session is gone.
 */
export const RENEW_STAFF_SESSION = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'expiresAt', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
if redis.call('TTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('EXPIRE', KEYS[2], ARGV[2]) end
return 1
`;
