import { HANDOFF_CASE_INCLUDE } from './includes/handoffCase';

/**
 * transferHandoff: moves a claimed conversation from its owner to another staff member, who
 * starts with a fresh idle window. The claim time (the console's order) stays.
 *
 * KEYS[1] case hash  KEYS[2] idle (zset)  KEYS[3] transcript
 * ARGV[1] conversation key  ARGV[2] owner's username  ARGV[3] new owner (JSON)
 * ARGV[4] new owner's username  ARGV[5] at (ISO)  ARGV[6] at (ms)  ARGV[7] retention seconds
 * Returns 1 when moved, 0 when not claimed by ARGV[2].
 */
export const TRANSFER_HANDOFF = `${HANDOFF_CASE_INCLUDE}
if redis.call('HGET', KEYS[1], 'status') ~= 'claimed' then return 0 end
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'staff', ARGV[3], 'owner', ARGV[4], 'staffActiveAt', ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[6], ARGV[1])
retain(KEYS[1], KEYS[3], ARGV[7])
return 1
`;
