import { HANDOFF_CASE_INCLUDE } from './includes/handoffCase';

/**
 * endHandoff: the person left. Whatever its status the case is closed and leaves every list; a
 * case that had already ended keeps the time it ended.
 *
 * KEYS[1] case hash  KEYS[2] queue  KEYS[3] claimed  KEYS[4] idle  KEYS[5] transcript
 * ARGV[1] conversation key  ARGV[2] at (ISO)  ARGV[3] retention seconds
 * Returns 1 when closed, 0 when the case is unknown.
 */
export const END_HANDOFF = `${HANDOFF_CASE_INCLUDE}
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 0 end
if status == 'waiting' or status == 'claimed' then
  redis.call('HSET', KEYS[1], 'endedAt', ARGV[2])
end
redis.call('HSET', KEYS[1], 'status', 'closed')
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
retain(KEYS[1], KEYS[5], ARGV[3])
return 1
`;
