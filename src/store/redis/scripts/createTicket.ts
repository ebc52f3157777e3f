import { ALERT_INDEX_INCLUDE } from './includes/alertIndex';

/**
 * createTicket: stores a ticket, its first history event, its indexes and its supervision
 * alerts in one step, only if no ticket has its id, and keeps the day's counter at least as high
 * as its number.
 *
 * KEYS[1] ticket hash   KEYS[2] history list   KEYS[3] requester's tickets (zset)
 * KEYS[4] dedupe key (string)   KEYS[5] the day's ticket-number counter (string)
 * KEYS[6..5+n] the index sets the ticket joins (zsets: open by due, lead's open, department's...)
 * KEYS[6+n] alerts pending  KEYS[7+n] alerts claimed  KEYS[8+n] alerts raised (zsets)
 * ARGV[1] ticket id  ARGV[2] first event (JSON)  ARGV[3] created ms
 * ARGV[4] "1" when KEYS[4] is a real dedupe key  ARGV[5] dedupe TTL seconds
 * ARGV[6] the ticket's sequence number  ARGV[7] counter TTL seconds
 * ARGV[8] n = how many index sets (#KEYS - 8)   ARGV[9..8+n] each index set's score
 * ARGV[9+n..] alerts as indexAlerts reads them (d = 0 dropped, m owed key/score pairs)
 * then field, value pairs of the ticket hash
 * Returns {1, id} when created, {0, existing id} when the dedupe key already made a ticket,
 * -1 when a ticket with this id already exists (the number is taken: the caller takes the next).
 */
export const CREATE_TICKET = `${ALERT_INDEX_INCLUDE}
if ARGV[4] == '1' then
  local existing = redis.call('GET', KEYS[4])
  if existing then return {0, existing} end
end
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
local n = tonumber(ARGV[8])
local fieldsFrom = indexAlerts(KEYS[6 + n], KEYS[7 + n], KEYS[8 + n], ARGV, 9 + n)
local fields = {}
for i = fieldsFrom, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
for i = 1, n do redis.call('ZADD', KEYS[5 + i], ARGV[8 + i], ARGV[1]) end
if ARGV[4] == '1' then redis.call('SET', KEYS[4], ARGV[1], 'EX', ARGV[5]) end
if (tonumber(redis.call('GET', KEYS[5])) or 0) < tonumber(ARGV[6]) then
  redis.call('SET', KEYS[5], ARGV[6], 'EX', ARGV[7])
end
return {1, ARGV[1]}
`;
