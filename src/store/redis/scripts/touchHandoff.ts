import { HANDOFF_CASE_INCLUDE } from './includes/handoffCase';

/**
 * touchHandoff: records that the owner of a claimed conversation was active (a message).
 *
 * KEYS[1] case hash  KEYS[2] idle (zset)  KEYS[3] transcript
 * ARGV[1] conversation key  ARGV[2] username  ARGV[3] at (ISO)  ARGV[4] at (ms)
 * ARGV[5] retention seconds
 * Returns 1 when recorded, 0 when not claimed by ARGV[2].
 */
export const TOUCH_HANDOFF = `${HANDOFF_CASE_INCLUDE}
if redis.call('HGET', KEYS[1], 'status') ~= 'claimed' then return 0 end
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'staffActiveAt', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
retain(KEYS[1], KEYS[3], ARGV[5])
return 1
`;
