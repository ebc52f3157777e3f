/**
 * nextTicketSequence: the next number of a day's ticket sequence, never at or below a floor.
 *
 * KEYS[1] the day's counter (string)
 * ARGV[1] floor: the caller saw numbers up to this one issued (0 = none)  ARGV[2] TTL seconds
 * Returns the number. A counter behind the floor (Redis restored from an older snapshot, the
 * key lost) jumps past it, so a number the caller saw issued is not issued again.
 */
export const NEXT_TICKET_SEQUENCE = `
local n = redis.call('INCR', KEYS[1])
local floor = tonumber(ARGV[1])
if n <= floor then
  n = floor + 1
  redis.call('SET', KEYS[1], n)
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return n
`;
