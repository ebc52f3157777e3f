import type { RedisClient } from './client';
import { z } from 'zod';
import {
  activityId,
  ActivityNotFoundError,
  ConversationNotFoundError,
  seqOfActivityId,
  type ActivityJson,
  type ActivityPage,
  type DirectLineConversation,
  type DirectLineStore,
  type FeedEvent,
  type LoggedActivity,
  type OpenResult,
} from '../../channels/directline/ports';
import { defineDirectLineCommands } from './commands';
import { scriptError, UnexpectedReplyError, type ScriptName } from './errors';
import type { RedisKeys } from './keys';

export interface RedisDirectLineStoreOptions {
  /** An idle conversation (nothing opened or logged) is dropped after this many seconds. */
  ttlSeconds: number;
  /** Oldest activities beyond this many are dropped from a conversation's log. */
  maxActivities?: number;
  /** Errors of the subscriber connection (the main connection reports its own). */
  onError?: (err: Error) => void;
}

function isJsonObject(value: unknown): value is ActivityJson {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const OpenReplySchema = z.tuple([
  z.union([z.literal(0), z.literal(1)]),
  z.string(),
  z.string(),
  z.string(),
]);
const ClaimReplySchema = z.union([
  z.tuple([z.union([z.literal(0), z.literal(1)]), z.string()]),
  z.number().int().negative(),
]);
const CodeReplySchema = z.number().int();
const StringHashSchema = z.record(z.string(), z.string());
const StringsSchema = z.array(z.string());
const ConversationHashSchema = z.object({
  createdAt: z.string(),
  seq: z.coerce.number().int().nonnegative(),
  user: z.string().optional(),
});
/** z.custom keeps the activity object as stored: z.record would rebuild it. */
const EnvelopeSchema = z.object({
  seq: z.number().int().positive(),
  id: z.string(),
  activity: z.custom<ActivityJson>(isJsonObject, 'logged activity is not a JSON object'),
});
const FeedMessageSchema = z.union([
  z.object({ seq: z.number().int().positive() }).transform((m): FeedEvent => ({
    kind: 'appended',
    seq: m.seq,
  })),
  z.object({ socket: z.number().int().positive() }).transform((m): FeedEvent => ({
    kind: 'socket',
    generation: m.socket,
  })),
]);

interface Subscription {
  listeners: Set<(event: FeedEvent) => void>;
  ready: Promise<unknown>;
}

/**
 * Direct Line conversations in Redis: a hash per conversation (its user and watermark counter)
 * and a sorted set of its activities scored by watermark, under one hash tag. News goes out on
 * a pub/sub channel per conversation, received through one dedicated subscriber connection.
 */
export class RedisDirectLineStore implements DirectLineStore {
  private readonly maxActivities: number;
  private subscriber: RedisClient | null = null;
  private readonly subscriptions = new Map<string, Subscription>();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly options: RedisDirectLineStoreOptions,
  ) {
    this.maxActivities = options.maxActivities ?? 1000;
    defineDirectLineCommands(redis);
  }

  async open(id: string, userId: string | null, createdAt: string): Promise<OpenResult> {
    const reply = await this.redis.hotlineDlOpen(
      this.keys.directLineConversation(id),
      this.keys.directLineLog(id),
      userId ?? '',
      createdAt,
      this.options.ttlSeconds,
    );
    const [created, user, at, seq] = OpenReplySchema.parse(reply);
    return {
      created: created === 1,
      conversation: { id, userId: user === '' ? null : user, createdAt: at, seq: Number(seq) },
    };
  }

  async get(id: string): Promise<DirectLineConversation | null> {
    return this.parseConversation(
      id,
      await this.redis.hgetall(this.keys.directLineConversation(id)),
    );
  }

  async claimUser(id: string, userId: string): Promise<{ userId: string; claimed: boolean }> {
    const reply = ClaimReplySchema.parse(
      await this.redis.hotlineDlClaimUser(this.keys.directLineConversation(id), userId),
    );
    if (typeof reply === 'number') throw scriptError('hotlineDlClaimUser', reply, id);
    return { claimed: reply[0] === 1, userId: reply[1] };
  }

  async append(id: string, activity: ActivityJson): Promise<LoggedActivity> {
    const { seq, activity: logged } = await this.appendOnce(id, '', activity);
    return { seq, activity: logged };
  }

  appendFromClient(
    id: string,
    clientActivityId: string,
    activity: ActivityJson,
  ): Promise<LoggedActivity & { duplicate: boolean }> {
    return this.appendOnce(id, clientActivityId, activity);
  }

  async markHandled(id: string, clientActivityId: string): Promise<void> {
    await this.redis.hotlineDlMarkHandled(this.keys.directLineConversation(id), clientActivityId);
  }

  private async appendOnce(
    id: string,
    clientActivityId: string,
    activity: ActivityJson,
  ): Promise<LoggedActivity & { duplicate: boolean }> {
    const json = serialise(activity);
    const reply = await this.redis.hotlineDlAppend(
      this.keys.directLineConversation(id),
      this.keys.directLineLog(id),
      json,
      id,
      this.options.ttlSeconds,
      this.maxActivities,
      this.keys.directLineEvents(id),
      clientActivityId,
    );
    const appended = AppendReplySchema.safeParse(reply);
    if (!appended.success) {
      this.checked('hotlineDlAppend', id, reply); // a negative code becomes its typed error
      throw new UnexpectedReplyError('hotlineDlAppend', JSON.stringify(reply));
    }
    const [seq, duplicate] = appended.data;
    return {
      seq,
      duplicate: duplicate === 1,
      activity: { ...parseObject(json), id: activityId(id, seq) },
    };
  }

  async replace(
    id: string,
    activityIdToReplace: string,
    activity: ActivityJson,
  ): Promise<LoggedActivity> {
    const original = seqOfActivityId(id, activityIdToReplace);
    if (original === null) throw new ActivityNotFoundError(activityIdToReplace);
    const json = serialise(activity);
    const seq = this.checked(
      'hotlineDlReplace',
      activityIdToReplace,
      await this.redis.hotlineDlReplace(
        this.keys.directLineConversation(id),
        this.keys.directLineLog(id),
        original,
        activityIdToReplace,
        json,
        this.options.ttlSeconds,
        this.keys.directLineEvents(id),
      ),
    );
    return { seq, activity: { ...parseObject(json), id: activityIdToReplace } };
  }

  async remove(id: string, activityIdToRemove: string): Promise<boolean> {
    const original = seqOfActivityId(id, activityIdToRemove);
    if (original === null) return false;
    const removed = this.checked(
      'hotlineDlRemove',
      id,
      await this.redis.hotlineDlRemove(
        this.keys.directLineConversation(id),
        this.keys.directLineLog(id),
        original,
      ),
    );
    return removed === 1;
  }

  async read(id: string, after: number, limit: number): Promise<ActivityPage> {
    const replies = await this.redis
      .multi()
      .hgetall(this.keys.directLineConversation(id))
      .zrangebyscore(this.keys.directLineLog(id), `(${after}`, '+inf', 'LIMIT', 0, limit)
      .exec();
    const [hashReply, logReply] = replies ?? [];
    if (hashReply === undefined || logReply === undefined) {
      throw new UnexpectedReplyError('read', 'an aborted transaction');
    }
    if (hashReply[0]) throw hashReply[0];
    if (logReply[0]) throw logReply[0];
    const hash = StringHashSchema.parse(hashReply[1]);
    if (this.parseConversation(id, hash) === null) throw new ConversationNotFoundError(id);
    const activities = StringsSchema.parse(logReply[1]).map((raw): LoggedActivity => {
      const entry = EnvelopeSchema.parse(JSON.parse(raw));
      return { seq: entry.seq, activity: { ...entry.activity, id: entry.id } };
    });
    return { activities, watermark: activities.at(-1)?.seq ?? after };
  }

  async announceSocket(id: string): Promise<number> {
    return this.checked(
      'hotlineDlAnnounceSocket',
      id,
      await this.redis.hotlineDlAnnounceSocket(
        this.keys.directLineConversation(id),
        this.keys.directLineEvents(id),
      ),
    );
  }

  async watch(id: string, listener: (event: FeedEvent) => void): Promise<() => Promise<void>> {
    const channel = this.keys.directLineEvents(id);
    let sub = this.subscriptions.get(channel);
    if (sub === undefined) {
      sub = { listeners: new Set(), ready: this.subscriberConnection().subscribe(channel) };
      this.subscriptions.set(channel, sub);
    }
    sub.listeners.add(listener);
    await sub.ready;
    const current = sub;
    return async () => {
      current.listeners.delete(listener);
      if (current.listeners.size > 0 || this.subscriptions.get(channel) !== current) return;
      this.subscriptions.delete(channel);
      if (this.subscriber !== null) await this.subscriber.unsubscribe(channel);
    };
  }

  async close(): Promise<void> {
    this.subscriptions.clear();
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (subscriber !== null) await subscriber.quit();
  }

  /** The dedicated connection in subscriber mode, opened with the first watch. */
  private subscriberConnection(): RedisClient {
    if (this.subscriber !== null) return this.subscriber;
    const subscriber = this.redis.duplicate();
    subscriber.on('error', (err: Error) => this.options.onError?.(err));
    subscriber.on('message', (channel: string, message: string) => {
      const sub = this.subscriptions.get(channel);
      if (sub === undefined) return;
      const parsed = FeedMessageSchema.safeParse(safeJson(message));
      if (!parsed.success) return;
      for (const listener of [...sub.listeners]) listener(parsed.data);
    });
    this.subscriber = subscriber;
    return subscriber;
  }

  private parseConversation(
    id: string,
    hash: Record<string, string>,
  ): DirectLineConversation | null {
    if (Object.keys(hash).length === 0) return null;
    const parsed = ConversationHashSchema.parse(hash);
    return { id, userId: parsed.user ?? null, createdAt: parsed.createdAt, seq: parsed.seq };
  }

  /** A script's non-negative reply, or the error its negative code stands for. */
  private checked(script: ScriptName, subject: string, reply: unknown): number {
    const code = CodeReplySchema.parse(reply);
    if (code < 0) throw scriptError(script, code, subject);
    return code;
  }
}

/** {watermark, 1 if the client's activity was already logged}; negatives are error codes. */
const AppendReplySchema = z.tuple([
  z.number().int().positive(),
  z.union([z.literal(0), z.literal(1)]),
]);

function serialise(activity: ActivityJson): string {
  const { id: _id, ...rest } = activity;
  return JSON.stringify(rest);
}

function parseObject(json: string): ActivityJson {
  const value: unknown = JSON.parse(json);
  if (!isJsonObject(value)) throw new TypeError('activity is not a JSON object');
  return value;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
