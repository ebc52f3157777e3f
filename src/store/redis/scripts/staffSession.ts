/**
 * createStaffSession: stores a new console session and its expiry in one step, so a session
 * without an expiry can never be left behind.
 *
 * KEYS[1] session hash
 * ARGV[1] TTL seconds, ARGV[2..] field, value, field, value...
 * Returns 1.
 */
export const CREATE_STAFF_SESSION = `
redis.call('DEL', KEYS[1])
for i = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1
`;

/**
 * renewStaffSession: moves a live session's expiry; a session deleted meanwhile (logout) stays
 * deleted instead of coming back as a hash with only `expiresAt`.
 *
 * KEYS[1] session hash
 * ARGV[1] expiresAt (ISO time), ARGV[2] TTL seconds
 * Returns 1 when renewed, 0 when the session is gone.
 */
export const RENEW_STAFF_SESSION = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'expiresAt', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1
`;
