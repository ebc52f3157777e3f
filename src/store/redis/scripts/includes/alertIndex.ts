/**
 * Used by indexAlerts (and the migration): keeps a ticket's alerts in the supervision index.
 * Three sorted sets: pending (key -> when it falls due, ms), claimed (key -> lease end, ms) and
 * raised (key -> when raised, ms).
 *
 * indexAlerts(pending, claimed, raised, argv, from): reads from ARGV[from] d, then d dropped keys,
 * then m, then m key/score pairs. Dropped keys leave pending and claimed (a met step raises
 * nothing); each owed key joins pending unless it was raised already or is claimed right now.
 * Returns the index of the first ARGV after what it read.
 */
export const ALERT_INDEX_INCLUDE = `
local function indexAlerts(pending, claimed, raised, argv, from)
  local d = tonumber(argv[from])
  for i = from + 1, from + d do
    redis.call('ZREM', pending, argv[i])
    redis.call('ZREM', claimed, argv[i])
  end
  local at = from + d + 1
  local m = tonumber(argv[at])
  for i = 0, m - 1 do
    local key = argv[at + 1 + 2 * i]
    if not redis.call('ZSCORE', raised, key) and not redis.call('ZSCORE', claimed, key) then
      redis.call('ZADD', pending, argv[at + 2 + 2 * i], key)
    end
  end
  return at + 1 + 2 * m
end
`;
