/**
 * settleAlert: ends a claim on a supervision alert.
 *
 * KEYS[1] alerts pending  KEYS[2] alerts claimed  KEYS[3] alerts raised (zsets)
 * ARGV[1] alert key  ARGV[2] "raised" (effects done: mark it, never offer it again) or
 * "dropped" (nothing was owed: release the claim only)  ARGV[3] now (ms)
 * Returns 1 when the key was marked raised by this call, 0 otherwise.
 */
export const SETTLE_ALERT = `
redis.call('ZREM', KEYS[2], ARGV[1])
if ARGV[2] ~= 'raised' then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
return redis.call('ZADD', KEYS[3], 'NX', ARGV[3], ARGV[1])
`;
