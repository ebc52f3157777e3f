/**
 * Shared by the handoff scripts. A case hash holds: request (JSON, the latest flag), status,
 * at / atMs (waiting since), score (its place in the queue), emergency (JSON of the reason,
 * emergencyKind and place an emergency keeps), staff (JSON) and owner (username), claimedAt,
 * staffActiveAt, endedAt. A hash without `status` was written before issue 10: it counts as absent.
 *
 * retain(case, transcript, seconds): every change renews both expiries, so an ended case and
 * its transcript go `seconds` after the last change and an abandoned one cannot stay forever.
 */
export const HANDOFF_CASE_INCLUDE = `
local function retain(case, transcript, seconds)
  redis.call('EXPIRE', case, seconds)
  redis.call('EXPIRE', transcript, seconds)
end
`;
