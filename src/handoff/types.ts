import { z } from 'zod';
import { CATEGORIES, EMERGENCY_KINDS } from '../nlu/types';
import { ConversationPointerSchema } from '../tickets/ticket';

/**
 * Why a conversation waits for duty staff. Each reason has a priority (lower is served first):
 * an emergency before everything, then people the system has already failed twice, then the rest.
 */
export const HANDOFF_REASONS = [
  'emergency',
  'dissatisfied_twice',
  'enterprise_priority',
  'human_requested',
  'unsure',
  'failed_prompts',
] as const;
export const HandoffReasonSchema = z.enum(HANDOFF_REASONS);
export type HandoffReason = z.infer<typeof HandoffReasonSchema>;

export const REASON_PRIORITY: Readonly<Record<HandoffReason, number>> = {
  emergency: 0,
  dissatisfied_twice: 1,
  enterprise_priority: 1,
  human_requested: 2,
  unsure: 2,
  failed_prompts: 2,
};

export const StaffRefSchema = z.object({ username: z.string(), name: z.string() });
export type StaffRef = z.infer<typeof StaffRefSchema>;

/** What the bot understood so far, shown to staff beside the transcript. */
export const HandoffClassificationSchema = z.object({
  department: z.string().nullable(),
  category: z.enum(CATEGORIES).nullable(),
  confidence: z.number().nullable(),
});

/** A conversation flagged for duty staff: what the queue shows before anyone opens it. */
export const HandoffRequestSchema = z.object({
  conversationKey: z.string().min(1),
  conversation: ConversationPointerSchema,
  reason: HandoffReasonSchema,
  emergencyKind: z.enum(EMERGENCY_KINDS).nullable(),
  lang: z.enum(['zh', 'en']),
  /** When it was flagged (ISO); the queue's wait time counts from here. */
  at: z.iso.datetime(),
  ticketId: z.string().nullable(),
  /** The person's last message as stored (ID numbers masked), at most 500 characters. */
  message: z.string().max(500).default(''),
  place: z.string().nullable().default(null),
  classification: HandoffClassificationSchema.nullable().default(null),
  requesterType: z.enum(['citizen', 'enterprise']).default('citizen'),
  /**
   * Whom staff call back or write to: the enterprise the person writes for, and their name as
   * their channel vouches for it (Teams), so a call-back does not start with "which company?".
   */
  enterprise: z
    .object({ name: z.string().nullable(), creditCode: z.string().nullable() })
    .nullable()
    .default(null),
  contactName: z.string().nullable().default(null),
  /** The organisation the person shares tickets with (Teams tenant), for a ticket staff file. */
  organization: z.string().nullable().default(null),
  /**
   * Nobody could answer live (no staff online, or outside duty hours): staff call back by this
   * time, on this number when the person left one.
   */
  callback: z
    .object({ by: z.iso.datetime(), phone: z.string().nullable() })
    .nullable()
    .default(null),
});
export type HandoffRequest = z.infer<typeof HandoffRequestSchema>;
export type HandoffRequestInput = z.input<typeof HandoffRequestSchema>;

export const TRANSCRIPT_LIMIT = 200;

/** One line of a conversation's transcript, as the console shows it (always as text). */
export const TranscriptEntrySchema = z.object({
  at: z.iso.datetime(),
  from: z.enum(['person', 'bot', 'staff', 'system']),
  /** The staff member's display name for `staff`; absent otherwise. */
  name: z.string().optional(),
  text: z.string().max(10_000),
  /** Visible only to staff (a private note); never sent to the person. */
  private: z.boolean().optional(),
});
export type TranscriptEntry = z.infer<typeof TranscriptEntrySchema>;

/**
 * waiting: in the queue. claimed: a staff member owns the conversation and the bot is silent.
 * returned: handed back to the bot. closed: staff closed it, or the person left.
 */
export const HANDOFF_STATUSES = ['waiting', 'claimed', 'returned', 'closed'] as const;
export const HandoffStatusSchema = z.enum(HANDOFF_STATUSES);
export type HandoffStatus = z.infer<typeof HandoffStatusSchema>;

export const HandoffCaseSchema = z.object({
  request: HandoffRequestSchema,
  status: HandoffStatusSchema,
  /** The owner while claimed; the last owner after. */
  staff: StaffRefSchema.nullable(),
  claimedAt: z.iso.datetime().nullable(),
  /** Last message or claim by the owner: a claim silent for too long goes back to the queue. */
  staffActiveAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
});
export type HandoffCase = z.infer<typeof HandoffCaseSchema>;

export const PRESENCE = ['online', 'busy', 'away'] as const;
export const PresenceSchema = z.enum(PRESENCE);
export type Presence = z.infer<typeof PresenceSchema>;

export interface StaffPresence extends StaffRef {
  presence: Presence;
  /** When they last said so, or were seen (ISO). */
  at: string;
}

/** What a store keeps of a presence: until `expiresAt` (epoch ms) it holds, then it is away. */
export interface PresenceEntry extends StaffPresence {
  expiresAt: number;
}

export function presenceEntry(
  staff: StaffRef,
  presence: Presence,
  at: string,
  ttlSeconds: number,
): PresenceEntry {
  const { username, name } = staff;
  return { username, name, presence, at, expiresAt: Date.parse(at) + ttlSeconds * 1000 };
}

/** Presence as of `now` (epoch ms), expired entries as away, by username: both stores' answer. */
export function presenceAsOf(entries: Iterable<PresenceEntry>, now: number): StaffPresence[] {
  return [...entries]
    .map(({ username, name, presence, at, expiresAt }) => ({
      username,
      name,
      presence: expiresAt > now ? presence : ('away' as const),
      at,
    }))
    .sort((a, b) => a.username.localeCompare(b.username));
}

export type ClaimResult = 'claimed' | 'already_yours' | 'taken' | 'not_waiting';
/** Where a claimed conversation goes when its owner lets go. */
export type ReleaseTarget = 'returned' | 'closed' | 'waiting';

export interface HandoffStore {
  /**
   * Puts a conversation on the queue (status waiting) with what the bot has seen so far, or
   * updates the request of one already waiting. An emergency keeps its reason and place when an
   * ordinary flag follows. A conversation a staff member owns stays claimed: only its request is
   * updated. `transcript` is appended only when the conversation was not waiting or claimed.
   * Returns the status after the call.
   */
  flag(request: HandoffRequest, transcript: readonly TranscriptEntry[]): Promise<HandoffStatus>;
  get(conversationKey: string): Promise<HandoffCase | null>;
  /** Waiting conversations, highest priority first, then oldest. */
  waiting(limit: number): Promise<HandoffCase[]>;
  /** Claimed conversations, oldest claim first (for the console's "in progress" list). */
  claimed(limit: number): Promise<HandoffCase[]>;
  /** 1-based place of a waiting conversation in the queue; null when not waiting. */
  position(conversationKey: string): Promise<number | null>;
  /** Atomic: exactly one of two simultaneous claims wins. */
  claim(conversationKey: string, staff: StaffRef, at: string): Promise<ClaimResult>;
  /**
   * The owner (or, with `force`, anyone: a supervisor) lets go. Only while claimed by `staff`
   * (unless forced); false otherwise. `waiting` puts it back in the queue at its old place.
   */
  release(
    conversationKey: string,
    staff: StaffRef,
    target: ReleaseTarget,
    at: string,
    force?: boolean,
  ): Promise<boolean>;
  /** Moves a claimed conversation from its owner to another staff member; false if not owned. */
  transfer(conversationKey: string, from: StaffRef, to: StaffRef, at: string): Promise<boolean>;
  /** Records activity by the owner (a message); false when `staff` does not own it. */
  touch(conversationKey: string, staff: StaffRef, at: string): Promise<boolean>;
  /** The person left: whatever its status, the case ends (closed). False if unknown. */
  end(conversationKey: string, at: string): Promise<boolean>;
  /** Claimed conversations whose owner has been silent since before `before` (ISO). */
  idleClaims(before: string, limit: number): Promise<HandoffCase[]>;
  /**
   * Puts an idle claim back in the queue, only if its owner is still silent since before
   * `before`: two instances sweeping at once requeue it once. True when this call did it.
   */
  requeueIfIdle(conversationKey: string, before: string, at: string): Promise<boolean>;
  /** Appends to the transcript (kept to the last TRANSCRIPT_LIMIT entries). */
  append(conversationKey: string, entry: TranscriptEntry): Promise<void>;
  /** The last `limit` entries, oldest first. */
  transcript(conversationKey: string, limit: number): Promise<TranscriptEntry[]>;
  /** Staff presence; an entry not renewed within `ttlSeconds` counts as away. */
  setPresence(staff: StaffRef, presence: Presence, at: string, ttlSeconds: number): Promise<void>;
  presence(): Promise<StaffPresence[]>;
}

/** Live news for consoles on every instance; nothing depends on an event arriving. */
export type HandoffEvent =
  | { type: 'queue'; conversationKey: string; status: HandoffStatus; staff: StaffRef | null }
  | { type: 'message'; conversationKey: string; entry: TranscriptEntry }
  | { type: 'typing'; conversationKey: string; staff: StaffRef }
  | { type: 'presence'; staff: StaffRef; presence: Presence };

export interface HandoffEvents {
  publish(event: HandoffEvent): Promise<void>;
  /** Returns the function that stops the subscription. */
  subscribe(listener: (event: HandoffEvent) => void): Promise<() => Promise<void>>;
  /** Drops every listener and the connection they share (shutdown). */
  close(): Promise<void>;
}

export const HandoffEventSchema: z.ZodType<HandoffEvent> = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('queue'),
    conversationKey: z.string(),
    status: HandoffStatusSchema,
    staff: StaffRefSchema.nullable(),
  }),
  z.object({
    type: z.literal('message'),
    conversationKey: z.string(),
    entry: TranscriptEntrySchema,
  }),
  z.object({ type: z.literal('typing'), conversationKey: z.string(), staff: StaffRefSchema }),
  z.object({ type: z.literal('presence'), staff: StaffRefSchema, presence: PresenceSchema }),
]);

/** The part of a queue score that comes from the reason: lower priorities sort first. */
export function handoffPriorityBase(reason: HandoffReason): number {
  return REASON_PRIORITY[reason] * 1e13;
}

/** Queue order: priority first, then time. */
export function handoffScore(request: Pick<HandoffRequest, 'reason' | 'at'>): number {
  return handoffPriorityBase(request.reason) + Date.parse(request.at);
}
