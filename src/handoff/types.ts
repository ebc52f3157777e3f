import { z } from 'zod';
import { EMERGENCY_KINDS } from '../nlu/types';
import { ConversationPointerSchema } from '../tickets/ticket';

export const HandoffReasonSchema = z.enum(['emergency', 'human_requested', 'unsure']);
export type HandoffReason = z.infer<typeof HandoffReasonSchema>;

/** A conversation flagged for duty staff. */
export const HandoffRequestSchema = z.object({
  conversationKey: z.string(),
  conversation: ConversationPointerSchema,
  reason: HandoffReasonSchema,
  emergencyKind: z.enum(EMERGENCY_KINDS).nullable(),
  lang: z.enum(['zh', 'en']),
  at: z.iso.datetime(),
  ticketId: z.string().nullable(),
});
export type HandoffRequest = z.infer<typeof HandoffRequestSchema>;

export interface HandoffStore {
  /** Flags (or re-flags) a conversation; an emergency keeps its place ahead of the rest. */
  flag(request: HandoffRequest): Promise<void>;
  /** Waiting conversations, emergencies first, then oldest first. */
  waiting(limit: number): Promise<HandoffRequest[]>;
}

/** Queue order: emergencies sort before everything else, then by time. */
export function handoffScore(request: HandoffRequest): number {
  const t = Date.parse(request.at);
  return request.reason === 'emergency' ? t - 1e13 : t;
}
