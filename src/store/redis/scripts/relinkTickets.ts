/**
 * relinkTicket: writes one ticket's links (a proposed merge 并单, or its rejection) with its
 * history event, only while it is at the version the caller read. Two tickets live in two slots,
 * so a relink of a pair is this, once per ticket, with undoRelinkTicket when the second fails.
 *
 * KEYS[1] ticket hash  KEYS[2] history list (one slot: `{t:<id>}`)
 * ARGV[1] expected version  ARGV[2] links (JSON array)  ARGV[3] event (JSON)
 * ARGV[4] updatedAt (JSON string)
 * Returns 1 when written; -1 when the ticket does not exist; -2 when it has changed since it was
 * read (re-read and decide again).
 */
export const RELINK_TICKET = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if version ~= tonumber(ARGV[1]) then return -2 end
redis.call('HSET', KEYS[1], 'links', ARGV[2], 'version', tonumber(ARGV[1]) + 1,
  'updatedAt', ARGV[4])
redis.call('RPUSH', KEYS[2], ARGV[3])
return 1
`;

/**
 * undoRelinkTicket: takes back a relinkTicket whose partner could not be written, only if
 * nothing has changed the ticket since (then its version is still the one relinkTicket left).
 *
 * KEYS[1] ticket hash  KEYS[2] history list
 * ARGV[1] version relinkTicket left  ARGV[2] links before (JSON)  ARGV[3] version before
 * ARGV[4] updatedAt before (JSON string)  ARGV[5] the event relinkTicket appended (JSON)
 * Returns 1 when undone, 0 when the ticket has moved on (the link stays; the caller re-reads).
 */
export const UNDO_RELINK_TICKET = `
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if version ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'links', ARGV[2], 'version', ARGV[3], 'updatedAt', ARGV[4])
if redis.call('LINDEX', KEYS[2], -1) == ARGV[5] then redis.call('RPOP', KEYS[2]) end
return 1
`;
