import { HANDOFF_CASE_INCLUDE } from './includes/handoffCase';

/**
 * releaseHandoff: the owner (or, forced, a supervisor) lets go of a claimed conversation: back
 * to the queue at its old score, back to the bot (returned) or closed. The last owner stays in
 * `staff`.
 *
 * KEYS[1] case hash  KEYS[2] queue  KEYS[3] claimed  KEYS[4] idle  KEYS[5] transcript
 * ARGV[1] conversation key  ARGV[2] username  ARGV[3] 'waiting' | 'returned' | 'closed'
 * ARGV[4] at (ISO)  ARGV[5] '1' to release whoever owns it  ARGV[6] retention seconds
 * Returns 1 when released, 0 when not claimed (or, unforced, owned by someone else).
 */
export const RELEASE_HANDOFF = `${HANDOFF_CASE_INCLUDE}
if redis.call('HGET', KEYS[1], 'status') ~= 'claimed' then return 0 end
if ARGV[5] ~= '1' and redis.call('HGET', KEYS[1], 'owner') ~= ARGV[2] then return 0 end
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
if ARGV[3] == 'waiting' then
  redis.call('HSET', KEYS[1], 'status', 'waiting')
  redis.call('ZADD', KEYS[2], redis.call('HGET', KEYS[1], 'score'), ARGV[1])
else
  redis.call('HSET', KEYS[1], 'status', ARGV[3], 'endedAt', ARGV[4])
end
retain(KEYS[1], KEYS[5], ARGV[6])
return 1
`;
