import { ALERT_INDEX_INCLUDE } from './includes/alertIndex';

/**
 * transitionTicket: one lifecycle step, all or nothing: checks the version, writes the ticket,
 * appends the history event, moves the ticket between the index sets and re-indexes its
 * supervision alerts (a met step's leave; new or extended deadlines' join).
 *
 * KEYS[1] ticket hash   KEYS[2] history list
 * KEYS[3..2+r] index sets the ticket leaves   KEYS[3+r..2+r+a] index sets it is in afterwards
 * KEYS[3+r+a] alerts pending  KEYS[4+r+a] alerts claimed  KEYS[5+r+a] alerts raised (zsets)
 * ARGV[1] expected version (the one the caller read)   ARGV[2] event (JSON)   ARGV[3] ticket id
 * ARGV[4] r = how many sets it leaves   ARGV[5] a = how many sets it is in afterwards
 * ARGV[6..5+a] each of those sets' score
 * ARGV[6+a..] alerts as indexAlerts reads them (d dropped keys, m owed key/score pairs)
 * then field, value pairs of the new ticket hash
 * Returns the new history length; -1 when the ticket does not exist; -2 when its version is no
 * longer the expected one (someone else changed it first: re-read and decide again).
 */
export const TRANSITION_TICKET = `${ALERT_INDEX_INCLUDE}
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if version ~= tonumber(ARGV[1]) then return -2 end
local r = tonumber(ARGV[4])
local a = tonumber(ARGV[5])
for i = 1, r do redis.call('ZREM', KEYS[2 + i], ARGV[3]) end
for i = 1, a do redis.call('ZADD', KEYS[2 + r + i], ARGV[5 + i], ARGV[3]) end
local fieldsFrom = indexAlerts(KEYS[3 + r + a], KEYS[4 + r + a], KEYS[5 + r + a], ARGV, 6 + a)
local fields = {}
for i = fieldsFrom, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
return redis.call('RPUSH', KEYS[2], ARGV[2])
`;
