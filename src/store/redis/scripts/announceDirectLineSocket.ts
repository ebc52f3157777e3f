/**
 * announceDirectLineSocket: numbers a newly opened WebSocket of a conversation and tells every
 * instance, so whichever holds an older socket for it closes that one.
 *
 * KEYS[1] conversation hash
 * ARGV[1] pub/sub channel of the conversation
 * Returns the socket's generation, or -1 when the conversation does not exist
 * (CONVERSATION_NOT_FOUND).
 */
export const ANNOUNCE_DIRECT_LINE_SOCKET = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local generation = redis.call('HINCRBY', KEYS[1], 'sockets', 1)
redis.call('PUBLISH', ARGV[1], '{"socket":' .. generation .. '}')
return generation
`;
