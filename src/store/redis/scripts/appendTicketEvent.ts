/**
 * appendTicketEvent: adds one event to a ticket's append-only history.
 *
 * KEYS[1] ticket hash  KEYS[2] history list
 * ARGV[1] event (JSON)  ARGV[2] event time as stored in the hash's updatedAt (JSON string)
 * Returns the new history length, or -1 when the ticket does not exist.
 */
export const APPEND_TICKET_EVENT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
redis.call('HSET', KEYS[1], 'updatedAt', ARGV[2])
return redis.call('RPUSH', KEYS[2], ARGV[1])
`;
