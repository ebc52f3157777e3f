/**
 * takeRateLimit: spends one request of a key's token bucket, GCRA as `spend` in
 * src/core/rateLimit.ts does it in memory: the key holds its theoretical arrival time (ms), kept
 * until the bucket is full again (PX), when forgetting it changes nothing.
 *
 * KEYS[1] the key's TAT (string, ms)
 * ARGV[1] now (ms)  ARGV[2] interval (ms per request)  ARGV[3] tolerance (ms)
 * Returns 0 when allowed, else the milliseconds until a request would be (nothing is written).
 */
export const TAKE_RATE_LIMIT = `
local now = tonumber(ARGV[1])
local from = tonumber(redis.call('GET', KEYS[1])) or now
if from < now then from = now end
local wait = from - tonumber(ARGV[3]) - now
if wait > 0 then return wait end
local tat = from + tonumber(ARGV[2])
redis.call('SET', KEYS[1], string.format('%d', tat), 'PX', string.format('%d', tat - now))
return 0
`;
