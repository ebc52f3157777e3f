import type { RedisClient } from './client';
import { z } from 'zod';
import { systemClock, type Clock } from '../../core/clock';
import {
  HandoffCaseSchema,
  HandoffRequestSchema,
  HandoffStatusSchema,
  PresenceSchema,
  handoffPriorityBase,
  presenceAsOf,
  presenceEntry,
  StaffRefSchema,
  TRANSCRIPT_LIMIT,
  TranscriptEntrySchema,
  type ClaimResult,
  type HandoffCase,
  type HandoffRequest,
  type HandoffStatus,
  type HandoffStore,
  type Presence,
  type ReleaseTarget,
  type StaffPresence,
  type StaffRef,
  type TranscriptEntry,
} from '../../handoff/types';
import { defineHandoffCommands } from './commands';
import { scriptError, UnexpectedReplyError, type ScriptName } from './errors';
import type { RedisKeys } from './keys';

export interface RedisHandoffStoreOptions {
  /** How long a case and its transcript are kept after their last change, in seconds. */
  retentionSeconds: number;
  /** Decides when a presence entry has expired. */
  clock?: Clock;
}

/** JSON text in a hash field, parsed with `schema`. Called only to build module constants. */
function jsonField<T extends z.ZodType>(schema: T) {
  // eslint-disable-next-line no-restricted-syntax -- a schema factory, run at module load
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

const EmergencySchema = HandoffRequestSchema.pick({
  reason: true,
  emergencyKind: true,
  place: true,
});

/** A case hash as the scripts write it (see scripts/includes/handoffCase.ts). */
const CaseHashSchema = z
  .object({
    request: jsonField(HandoffRequestSchema),
    status: HandoffStatusSchema,
    at: z.iso.datetime(),
    emergency: jsonField(EmergencySchema).optional(),
    staff: jsonField(StaffRefSchema).optional(),
    claimedAt: z.iso.datetime().optional(),
    staffActiveAt: z.iso.datetime().optional(),
    endedAt: z.iso.datetime().optional(),
  })
  .transform((h): HandoffCase =>
    HandoffCaseSchema.parse({
      request: { ...h.request, at: h.at, ...h.emergency },
      status: h.status,
      staff: h.staff ?? null,
      claimedAt: h.claimedAt ?? null,
      staffActiveAt: h.staffActiveAt ?? null,
      endedAt: h.endedAt ?? null,
    }),
  );

const PresenceEntrySchema = jsonField(
  StaffRefSchema.extend({
    presence: PresenceSchema,
    at: z.iso.datetime(),
    expiresAt: z.number(),
  }),
);

const BinaryReplySchema = z.union([z.literal(0), z.literal(1)]);
const CountReplySchema = z.number().int();
const StringHashSchema = z.record(z.string(), z.string());
const FlagReplySchema = z.enum(['waiting', 'claimed']);
const ClaimReplySchema = z.enum(['claimed', 'already_yours', 'taken', 'not_waiting']);

/**
 * Handoff cases in Redis under the `{handoff}` tag: a hash per case, a transcript list, the
 * queue, claimed and idle sorted sets, and a presence hash. Each change is one Lua script.
 */
export class RedisHandoffStore implements HandoffStore {
  private readonly retention: number;
  private readonly clock: Clock;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    options: RedisHandoffStoreOptions,
  ) {
    defineHandoffCommands(redis);
    this.retention = options.retentionSeconds;
    this.clock = options.clock ?? systemClock;
  }

  async flag(
    request: HandoffRequest,
    transcript: readonly TranscriptEntry[],
  ): Promise<HandoffStatus> {
    const valid = HandoffRequestSchema.parse(request);
    const key = valid.conversationKey;
    const emergency =
      valid.reason === 'emergency' ? JSON.stringify(EmergencySchema.parse(valid)) : '';
    const reply = await this.redis.hotlineFlagHandoff(
      this.keys.handoff(key),
      this.keys.handoffQueue(),
      this.keys.handoffTranscript(key),
      JSON.stringify(valid),
      valid.at,
      Date.parse(valid.at),
      handoffPriorityBase(valid.reason),
      emergency,
      handoffPriorityBase('emergency'),
      key,
      this.retention,
      TRANSCRIPT_LIMIT,
      ...transcript.map((e) => JSON.stringify(TranscriptEntrySchema.parse(e))),
    );
    return this.parsed('hotlineFlagHandoff', key, FlagReplySchema, reply);
  }

  async get(conversationKey: string): Promise<HandoffCase | null> {
    return parseCase(await this.redis.hgetall(this.keys.handoff(conversationKey)));
  }

  async waiting(limit: number): Promise<HandoffCase[]> {
    return this.cases(await this.redis.zrange(this.keys.handoffQueue(), 0, limit - 1));
  }

  async claimed(limit: number): Promise<HandoffCase[]> {
    return this.cases(await this.redis.zrange(this.keys.handoffClaimed(), 0, limit - 1));
  }

  async position(conversationKey: string): Promise<number | null> {
    const rank = await this.redis.zrank(this.keys.handoffQueue(), conversationKey);
    return rank === null ? null : rank + 1;
  }

  async claim(conversationKey: string, staff: StaffRef, at: string): Promise<ClaimResult> {
    const reply = await this.redis.hotlineClaimHandoff(
      ...this.caseKeys(conversationKey),
      conversationKey,
      JSON.stringify(StaffRefSchema.parse(staff)),
      staff.username,
      at,
      Date.parse(at),
      this.retention,
    );
    return this.parsed('hotlineClaimHandoff', conversationKey, ClaimReplySchema, reply);
  }

  async release(
    conversationKey: string,
    staff: StaffRef,
    target: ReleaseTarget,
    at: string,
    force = false,
  ): Promise<boolean> {
    const reply = await this.redis.hotlineReleaseHandoff(
      ...this.caseKeys(conversationKey),
      conversationKey,
      staff.username,
      target,
      at,
      force ? '1' : '0',
      this.retention,
    );
    return this.done('hotlineReleaseHandoff', conversationKey, reply);
  }

  async transfer(
    conversationKey: string,
    from: StaffRef,
    to: StaffRef,
    at: string,
  ): Promise<boolean> {
    const reply = await this.redis.hotlineTransferHandoff(
      this.keys.handoff(conversationKey),
      this.keys.handoffIdle(),
      this.keys.handoffTranscript(conversationKey),
      conversationKey,
      from.username,
      JSON.stringify(StaffRefSchema.parse(to)),
      to.username,
      at,
      Date.parse(at),
      this.retention,
    );
    return this.done('hotlineTransferHandoff', conversationKey, reply);
  }

  async touch(conversationKey: string, staff: StaffRef, at: string): Promise<boolean> {
    const reply = await this.redis.hotlineTouchHandoff(
      this.keys.handoff(conversationKey),
      this.keys.handoffIdle(),
      this.keys.handoffTranscript(conversationKey),
      conversationKey,
      staff.username,
      at,
      Date.parse(at),
      this.retention,
    );
    return this.done('hotlineTouchHandoff', conversationKey, reply);
  }

  async end(conversationKey: string, at: string): Promise<boolean> {
    const reply = await this.redis.hotlineEndHandoff(
      ...this.caseKeys(conversationKey),
      conversationKey,
      at,
      this.retention,
    );
    return this.done('hotlineEndHandoff', conversationKey, reply);
  }

  async idleClaims(before: string, limit: number): Promise<HandoffCase[]> {
    const ids = await this.redis.zrangebyscore(
      this.keys.handoffIdle(),
      '-inf',
      `(${Date.parse(before)}`,
      'LIMIT',
      0,
      limit,
    );
    return this.cases(ids);
  }

  async requeueIfIdle(conversationKey: string, before: string, _at: string): Promise<boolean> {
    const reply = await this.redis.hotlineRequeueIdleHandoff(
      ...this.caseKeys(conversationKey),
      conversationKey,
      Date.parse(before),
      this.retention,
    );
    return this.done('hotlineRequeueIdleHandoff', conversationKey, reply);
  }

  async append(conversationKey: string, entry: TranscriptEntry): Promise<void> {
    const reply = await this.redis.hotlineAppendHandoffTranscript(
      this.keys.handoff(conversationKey),
      this.keys.handoffTranscript(conversationKey),
      JSON.stringify(TranscriptEntrySchema.parse(entry)),
      TRANSCRIPT_LIMIT,
      this.retention,
    );
    this.parsed('hotlineAppendHandoffTranscript', conversationKey, CountReplySchema, reply);
  }

  async transcript(conversationKey: string, limit: number): Promise<TranscriptEntry[]> {
    if (limit <= 0) return [];
    const raw = await this.redis.lrange(this.keys.handoffTranscript(conversationKey), -limit, -1);
    return raw.map((text) => jsonField(TranscriptEntrySchema).parse(text));
  }

  async setPresence(
    staff: StaffRef,
    presence: Presence,
    at: string,
    ttlSeconds: number,
  ): Promise<void> {
    const entry = presenceEntry(staff, presence, at, ttlSeconds);
    await this.redis.hset(this.keys.handoffPresence(), staff.username, JSON.stringify(entry));
  }

  async presence(): Promise<StaffPresence[]> {
    const hash = await this.redis.hgetall(this.keys.handoffPresence());
    const entries = Object.values(hash).map((text) => PresenceEntrySchema.parse(text));
    return presenceAsOf(entries, this.clock.now().getTime());
  }

  /** The five keys of a case's scripts that may move it between lists, in script order. */
  private caseKeys(conversationKey: string): [string, string, string, string, string] {
    return [
      this.keys.handoff(conversationKey),
      this.keys.handoffQueue(),
      this.keys.handoffClaimed(),
      this.keys.handoffIdle(),
      this.keys.handoffTranscript(conversationKey),
    ];
  }

  /** Cases in the order of `ids`; ids whose case has expired are left out. */
  private async cases(ids: string[]): Promise<HandoffCase[]> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.keys.handoff(id));
    const replies = (await pipeline.exec()) ?? [];
    const out: HandoffCase[] = [];
    for (const [err, raw] of replies) {
      if (err) throw err;
      const found = parseCase(StringHashSchema.parse(raw));
      if (found !== null) out.push(found);
    }
    return out;
  }

  private done(script: ScriptName, subject: string, reply: unknown): boolean {
    return this.parsed(script, subject, BinaryReplySchema, reply) === 1;
  }

  /** A script's reply as its header promises, or the error a negative code stands for. */
  private parsed<T extends z.ZodType>(
    script: ScriptName,
    subject: string,
    schema: T,
    reply: unknown,
  ): z.infer<T> {
    if (typeof reply === 'number' && reply < 0) throw scriptError(script, reply, subject);
    const result = schema.safeParse(reply);
    if (!result.success) throw new UnexpectedReplyError(script, JSON.stringify(reply));
    return result.data;
  }
}

/**
 * A case from its hash; null when there is none. A hash without a status was flagged before
 * issue 10, when nothing served the queue: it counts as absent and a new flag replaces it.
 */
function parseCase(hash: Record<string, string>): HandoffCase | null {
  if (hash.status === undefined) return null;
  return CaseHashSchema.parse(hash);
}
