/**
 * addApiToken: stores a new API token record and lists its id, unless the id is taken.
 *
 * KEYS[1] token hash, KEYS[2] sorted set of token ids (scored by creation time, ms)
 * ARGV[1] id, ARGV[2] score, ARGV[3..] field, value, field, value...
 * Returns 1 when stored, -1 when the id exists (nothing written).
 */
export const ADD_API_TOKEN = `
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
for i = 3, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 1
`;
