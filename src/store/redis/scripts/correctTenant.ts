/**
 * correctTenant: replaces fields of a tenant's enterprise record and logs the change in the same
 * hash (field `changes`: a JSON array of {at, by, before, after}, the last ARGV[3] kept), so the
 * record and its log cannot disagree and stay in one key.
 *
 * KEYS[1] tenant hash
 * ARGV[1] when (ISO time)  ARGV[2] by (requester key)  ARGV[3] how many changes to keep
 * ARGV[4..] field, value, field, value... (only fields that have a value)
 * Returns the hash afterwards as HGETALL does: field, value, field, value...
 */
export const CORRECT_TENANT = `
local before, after = {}, {}
local current = redis.call('HGETALL', KEYS[1])
for i = 1, #current, 2 do
  if current[i] ~= 'changes' then
    before[current[i]] = current[i + 1]
    after[current[i]] = current[i + 1]
  end
end
for i = 4, #ARGV, 2 do
  after[ARGV[i]] = ARGV[i + 1]
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
local changes = cjson.decode(redis.call('HGET', KEYS[1], 'changes') or '[]')
changes[#changes + 1] = {at = ARGV[1], by = ARGV[2], before = before, after = after}
while #changes > tonumber(ARGV[3]) do table.remove(changes, 1) end
redis.call('HSET', KEYS[1], 'changes', cjson.encode(changes))
return redis.call('HGETALL', KEYS[1])
`;
