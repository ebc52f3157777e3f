import { HANDOFF_CASE_INCLUDE } from './includes/handoffCase';

/**
 * appendHandoffTranscript: adds one line to a conversation's transcript, keeping the last
 * ARGV[2] lines, and renews the expiry of the transcript and its case.
 *
 * KEYS[1] case hash  KEYS[2] transcript (list)
 * ARGV[1] entry (JSON)  ARGV[2] limit  ARGV[3] retention seconds
 * Returns the transcript's length.
 */
export const APPEND_HANDOFF_TRANSCRIPT = `${HANDOFF_CASE_INCLUDE}
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
retain(KEYS[1], KEYS[2], ARGV[3])
return redis.call('LLEN', KEYS[2])
`;
