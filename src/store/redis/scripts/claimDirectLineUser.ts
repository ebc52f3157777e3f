/**
 * claimDirectLineUser: binds a person to a Direct Line conversation that has none yet (a
 * conversation started with the secret learns its user from the first activity).
 *
 * KEYS[1] conversation hash
 * ARGV[1] user id
 * Returns {1, user} when bound now, {0, user bound earlier}, -1 when the conversation does not
 * exist (CONVERSATION_NOT_FOUND).
 */
export const CLAIM_DIRECT_LINE_USER = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local current = redis.call('HGET', KEYS[1], 'user')
if current then return {0, current} end
redis.call('HSET', KEYS[1], 'user', ARGV[1])
return {1, ARGV[1]}
`;
