/**
 * revokeApiToken: marks a token revoked, keeping the first revocation time.
 *
 * KEYS[1] token hash
 * ARGV[1] revokedAt (ISO time)
 * Returns 1 when the token exists (revoked now or before), 0 when there is no such token.
 */
export const REVOKE_API_TOKEN = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSETNX', KEYS[1], 'revokedAt', ARGV[1])
return 1
`;
