import { HANDOFF_CASE_INCLUDE } from './includes/handoffCase';

/**
 * requeueIdleHandoff: puts a claim whose owner has been silent back in the queue at its old
 * score, only if the owner's last activity (its score in the idle set) is still before ARGV[2]:
 * of two sweeps at once, one requeues it and the other finds it waiting.
 *
 * KEYS[1] case hash  KEYS[2] queue  KEYS[3] claimed  KEYS[4] idle  KEYS[5] transcript
 * ARGV[1] conversation key  ARGV[2] before (ms)  ARGV[3] retention seconds
 * Returns 1 when requeued, 0 otherwise.
 */
export const REQUEUE_IDLE_HANDOFF = `${HANDOFF_CASE_INCLUDE}
if redis.call('HGET', KEYS[1], 'status') ~= 'claimed' then return 0 end
local active = redis.call('ZSCORE', KEYS[4], ARGV[1])
if not active or tonumber(active) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('HSET', KEYS[1], 'status', 'waiting')
redis.call('ZADD', KEYS[2], redis.call('HGET', KEYS[1], 'score'), ARGV[1])
retain(KEYS[1], KEYS[5], ARGV[3])
return 1
`;
