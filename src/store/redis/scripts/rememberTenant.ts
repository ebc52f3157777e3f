/**
 * rememberTenant: fills in what is known about a tenant's enterprise. A field already set keeps
 * its first value, so two colleagues answering at once cannot overwrite each other.
 *
 * KEYS[1] tenant hash
 * ARGV    field, value, field, value... (only fields that have a value)
 * Returns the hash afterwards as HGETALL does: field, value, field, value...
 */
export const REMEMBER_TENANT = `
for i = 1, #ARGV, 2 do
  redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1])
end
return redis.call('HGETALL', KEYS[1])
`;
