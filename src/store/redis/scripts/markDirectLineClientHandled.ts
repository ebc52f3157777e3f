/**
 * markDirectLineClientHandled: records that the turn of a client's activity ran, so a retried
 * POST with the same clientActivityID is answered without running it again. Until then a
 * retry runs the turn again (a failed turn is not a handled one).
 *
 * KEYS[1] conversation hash   ARGV[1] the client's activity id (channelData.clientActivityID)
 * Returns 1, or 0 when the conversation no longer exists (nothing is created).
 */
export const MARK_DIRECT_LINE_CLIENT_HANDLED = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'handled:' .. ARGV[1], 1)
return 1
`;
