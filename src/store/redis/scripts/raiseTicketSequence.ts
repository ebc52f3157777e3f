/**
 * raiseTicketSequence: keeps a day's counter at least at a number already used (a ticket filed
 * with it), so the counter does not hand it out again after being lost or restored behind.
 *
 * KEYS[1] the day's counter (string)
 * ARGV[1] the number used  ARGV[2] TTL seconds
 * Returns the counter afterwards.
 */
export const RAISE_TICKET_SEQUENCE = `
local n = tonumber(redis.call('GET', KEYS[1])) or 0
if n < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return tonumber(ARGV[1])
end
return n
`;

/**
 * releaseDedupe: gives back an idempotency claim, only if it still names the given ticket (the
 * create it was taken for did not happen: the number was taken).
 *
 * KEYS[1] dedupe key   ARGV[1] the ticket id the claim names
 * Returns 1 when released, 0 otherwise.
 */
export const RELEASE_DEDUPE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
