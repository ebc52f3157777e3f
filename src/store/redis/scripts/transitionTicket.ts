/**
 * transitionTicket: one lifecycle step of the record, all or nothing: checks the version, writes
 * the ticket and appends the history event. The index sets and supervision alerts follow it
 * (ticketStore.ts), each idempotent and derived from the ticket written here.
 *
 * KEYS[1] ticket hash   KEYS[2] history list (one slot: `{t:<id>}`)
 * ARGV[1] expected version (the one the caller read)   ARGV[2] event (JSON)
 * ARGV[3..] field, value pairs of the new ticket hash
 * Returns the new history length; -1 when the ticket does not exist; -2 when its version is no
 * longer the expected one (someone else changed it first: re-read and decide again).
 */
export const TRANSITION_TICKET = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if version ~= tonumber(ARGV[1]) then return -2 end
local fields = {}
for i = 3, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
return redis.call('RPUSH', KEYS[2], ARGV[2])
`;
