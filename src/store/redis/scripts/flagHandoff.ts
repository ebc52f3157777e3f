import { HANDOFF_CASE_INCLUDE } from './includes/handoffCase';

/**
 * flagHandoff: puts a conversation on the duty-staff queue, or updates the request of one
 * already waiting or claimed. A waiting or claimed case keeps the time it started waiting; an
 * emergency keeps its reason, kind and place (stored apart in `emergency`) when an ordinary flag
 * follows. A claimed case stays claimed. A new, returned or closed case starts waiting afresh at
 * ARGV[2], and only then are the transcript entries appended.
 *
 * KEYS[1] case hash  KEYS[2] queue (zset)  KEYS[3] transcript (list)
 * ARGV[1] request (JSON)  ARGV[2] at (ISO)  ARGV[3] at (ms)
 * ARGV[4] priority base of the request's reason (score = base + waiting-since ms)
 * ARGV[5] emergency JSON when the request is an emergency, '' otherwise
 * ARGV[6] priority base of an emergency  ARGV[7] conversation key  ARGV[8] retention seconds
 * ARGV[9] transcript limit  ARGV[10..] transcript entries (JSON)
 * Returns the status after the call: 'waiting' or 'claimed'.
 */
export const FLAG_HANDOFF = `${HANDOFF_CASE_INCLUDE}
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'waiting' and status ~= 'claimed' then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'status', 'waiting', 'at', ARGV[2], 'atMs', ARGV[3])
  status = 'waiting'
  if #ARGV >= 10 then
    for i = 10, #ARGV do redis.call('RPUSH', KEYS[3], ARGV[i]) end
    redis.call('LTRIM', KEYS[3], -tonumber(ARGV[9]), -1)
  end
end
redis.call('HSET', KEYS[1], 'request', ARGV[1])
if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'emergency', ARGV[5]) end
local base = ARGV[4]
if redis.call('HEXISTS', KEYS[1], 'emergency') == 1 then base = ARGV[6] end
local since = redis.call('HGET', KEYS[1], 'atMs')
local score = string.format('%.0f', tonumber(base) + tonumber(since))
redis.call('HSET', KEYS[1], 'score', score)
if status == 'waiting' then redis.call('ZADD', KEYS[2], score, ARGV[7]) end
retain(KEYS[1], KEYS[3], ARGV[8])
return status
`;
