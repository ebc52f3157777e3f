import { HANDOFF_CASE_INCLUDE } from './includes/handoffCase';

/**
 * claimHandoff: a staff member takes a waiting conversation. One script, so of two claims at
 * once exactly one finds it waiting.
 *
 * KEYS[1] case hash  KEYS[2] queue  KEYS[3] claimed (zset)  KEYS[4] idle (zset)  KEYS[5] transcript
 * ARGV[1] conversation key  ARGV[2] staff (JSON)  ARGV[3] username  ARGV[4] at (ISO)
 * ARGV[5] at (ms)  ARGV[6] retention seconds
 * Returns 'claimed', 'already_yours' (claimed by ARGV[3] before), 'taken' (by someone else) or
 * 'not_waiting' (unknown, returned or closed).
 */
export const CLAIM_HANDOFF = `${HANDOFF_CASE_INCLUDE}
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'claimed' then
  if redis.call('HGET', KEYS[1], 'owner') == ARGV[3] then return 'already_yours' end
  return 'taken'
end
if status ~= 'waiting' then return 'not_waiting' end
redis.call('HSET', KEYS[1], 'status', 'claimed', 'staff', ARGV[2], 'owner', ARGV[3],
  'claimedAt', ARGV[4], 'staffActiveAt', ARGV[4])
redis.call('HDEL', KEYS[1], 'endedAt')
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[5], ARGV[1])
retain(KEYS[1], KEYS[5], ARGV[6])
return 'claimed'
`;
