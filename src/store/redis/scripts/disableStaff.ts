/**
 * disableStaff: marks a duty staff account disabled, keeping the first time.
 *
 * KEYS[1] account hash
 * ARGV[1] disabledAt (ISO time)
 * Returns 1 when the account exists (disabled now or before), 0 when there is no such account.
 */
export const DISABLE_STAFF = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSETNX', KEYS[1], 'disabledAt', ARGV[1])
return 1
`;
