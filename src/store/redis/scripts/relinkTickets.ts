/**
 * relinkTicket: writes one ticket's links (the later report's side of a proposed merge 并单, or
 * of its rejection) with its history event, only while it is at the version the caller read.
 * The report it repeats is changed by the scripts of duplicateReports.ts, without a version.
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
