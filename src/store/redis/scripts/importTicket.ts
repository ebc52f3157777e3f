/**
 * importTicket: writes a ticket and its whole history, as read from the pre-cluster layout, only
 * if no ticket has its id yet (a second run of the migration skips it).
 *
 * KEYS[1] ticket hash  KEYS[2] history list (one slot: `{t:<id>}`)
 * ARGV[1] n = how many hash fields  ARGV[2..1+2n] field, value pairs  ARGV[2+2n..] history entries
 * Returns 1 when written, 0 when the ticket was there already.
 */
export const IMPORT_TICKET = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local n = tonumber(ARGV[1])
local fields = {}
for i = 2, 1 + 2 * n do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
local events = {}
for i = 2 + 2 * n, #ARGV do events[#events + 1] = ARGV[i] end
if #events > 0 then redis.call('RPUSH', KEYS[2], unpack(events)) end
return 1
`;
