/**
 * relinkTickets: writes the links of two tickets together (a proposed merge 并单, or its
 * rejection), each with its history event, only while both are at the versions the caller read.
 *
 * KEYS[1] ticket A hash  KEYS[2] A's history list  KEYS[3] ticket B hash  KEYS[4] B's history
 * ARGV[1] A's expected version  ARGV[2] A's links (JSON array)  ARGV[3] A's event (JSON)
 * ARGV[4] A's updatedAt (JSON string)
 * ARGV[5..8] the same for B
 * Returns 1 when written; -1 when either ticket does not exist; -2 when either has changed since
 * it was read (re-read and decide again).
 */
export const RELINK_TICKETS = `
for i = 0, 1 do
  if redis.call('EXISTS', KEYS[1 + 2 * i]) == 0 then return -1 end
end
for i = 0, 1 do
  local version = tonumber(redis.call('HGET', KEYS[1 + 2 * i], 'version') or '0')
  if version ~= tonumber(ARGV[1 + 4 * i]) then return -2 end
end
for i = 0, 1 do
  local hash = KEYS[1 + 2 * i]
  local a = 4 * i
  redis.call('HSET', hash, 'links', ARGV[a + 2], 'version', tonumber(ARGV[a + 1]) + 1,
    'updatedAt', ARGV[a + 4])
  redis.call('RPUSH', KEYS[2 + 2 * i], ARGV[a + 3])
end
return 1
`;
