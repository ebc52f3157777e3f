/**
 * createTicket: stores a ticket and its first history event, only if no ticket has its id. Its
 * indexes, alerts and the day's counter are written after it (see keys.ts), each idempotently.
 *
 * KEYS[1] ticket hash   KEYS[2] history list (one slot: `{t:<id>}`)
 * ARGV[1] first event (JSON)   ARGV[2..] field, value pairs of the ticket hash
 * Returns 1 when created, -1 when a ticket with this id already exists (the number is taken:
 * the caller takes the next).
 */
export const CREATE_TICKET = `
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
local fields = {}
for i = 2, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('RPUSH', KEYS[2], ARGV[1])
return 1
`;
