/**
 * createTicket: stores a ticket, its first history event and its indexes in one step, only if
 * no ticket has its id, and keeps the day's counter at least as high as its number.
 *
 * KEYS[1] ticket hash          KEYS[2] history list       KEYS[3] requester's tickets (zset)
 * KEYS[4] department open (zset) KEYS[5] all open (zset)   KEYS[6] dedupe key (string)
 * KEYS[7] the day's ticket-number counter (string)
 * ARGV[1] ticket id  ARGV[2] first event (JSON)  ARGV[3] created ms  ARGV[4] due ms
 * ARGV[5] "1" when KEYS[6] is a real dedupe key  ARGV[6] dedupe TTL seconds
 * ARGV[7] the ticket's sequence number  ARGV[8] counter TTL seconds
 * ARGV[9..] field, value pairs of the ticket hash
 * Returns {1, id} when created, {0, existing id} when the dedupe key already made a ticket,
 * -1 when a ticket with this id already exists (the number is taken: the caller takes the next).
 */
export const CREATE_TICKET = `
if ARGV[5] == '1' then
  local existing = redis.call('GET', KEYS[6])
  if existing then return {0, existing} end
end
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
local fields = {}
for i = 9, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[1])
redis.call('ZADD', KEYS[5], ARGV[4], ARGV[1])
if ARGV[5] == '1' then redis.call('SET', KEYS[6], ARGV[1], 'EX', ARGV[6]) end
if (tonumber(redis.call('GET', KEYS[7])) or 0) < tonumber(ARGV[7]) then
  redis.call('SET', KEYS[7], ARGV[7], 'EX', ARGV[8])
end
return {1, ARGV[1]}
`;
