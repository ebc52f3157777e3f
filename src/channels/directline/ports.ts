import { HotlineError } from '../../core/errors';

/** An activity as Direct Line clients see it: plain JSON, serialised as it came or went. */
export type ActivityJson = Record<string, unknown>;

/** One Direct Line conversation. The user is bound once: by the token, or by the first post. */
export interface DirectLineConversation {
  id: string;
  /** Null until a token or the first activity names the person. */
  userId: string | null;
  createdAt: string;
  /** Highest watermark handed out so far. */
  seq: number;
}

/** An entry of a conversation's log; `seq` is its watermark, `activity.id` its public id. */
export interface LoggedActivity {
  seq: number;
  activity: ActivityJson & { id: string };
}

export interface ActivityPage {
  activities: LoggedActivity[];
  /** Watermark to ask from next time: the last entry returned, or the one asked from. */
  watermark: number;
}

/**
 * What instances tell each other about a conversation: a new entry in the log (`seq`), or a
 * newly opened WebSocket (`socket`: its generation; an older socket for the same conversation
 * closes, wherever it is held).
 */
export type FeedEvent = { kind: 'appended'; seq: number } | { kind: 'socket'; generation: number };

export interface OpenResult {
  conversation: DirectLineConversation;
  created: boolean;
}

/**
 * Direct Line conversations and their activity logs. Any instance can answer any poll, so the
 * log lives in the store; `watch` carries the news between instances for WebSockets.
 */
export interface DirectLineStore {
  /** Creates the conversation unless it exists; `userId` is bound only when creating. */
  open(id: string, userId: string | null, createdAt: string): Promise<OpenResult>;
  get(id: string): Promise<DirectLineConversation | null>;
  /** Binds `userId` if no user is bound yet. Returns the bound user and whether it is new. */
  claimUser(id: string, userId: string): Promise<{ userId: string; claimed: boolean }>;
  /** Appends with the next watermark; the id is `<conversationId>|<seq, 7 digits>`. */
  append(id: string, activity: ActivityJson): Promise<LoggedActivity>;
  /**
   * Logs a client's activity once per `clientActivityId`: a retried POST gets the id the first
   * one was given, and `duplicate: true` if that one's turn ran (`markHandled`). A retry of a
   * turn that failed gets `duplicate: false` and its first id, logged once: its turn runs again.
   */
  appendFromClient(
    id: string,
    clientActivityId: string,
    activity: ActivityJson,
  ): Promise<LoggedActivity & { duplicate: boolean }>;
  /** The turn of the client's activity ran: a retried POST of it is answered, not run again. */
  markHandled(id: string, clientActivityId: string): Promise<void>;
  /** Replaces an activity: it keeps its id and moves to the end of the log, so clients see it again. */
  replace(id: string, activityId: string, activity: ActivityJson): Promise<LoggedActivity>;
  /** Removes an activity from the log; false when it was not there. */
  remove(id: string, activityId: string): Promise<boolean>;
  /** Entries after watermark `after`, oldest first, at most `limit`. */
  read(id: string, after: number, limit: number): Promise<ActivityPage>;
  /** Announces a new WebSocket for the conversation; returns its generation. */
  announceSocket(id: string): Promise<number>;
  /** Calls `listener` for each feed event of the conversation until the returned stop is called. */
  watch(id: string, listener: (event: FeedEvent) => void): Promise<() => Promise<void>>;
  /** Releases connections the store opened itself (the Redis subscriber). */
  close(): Promise<void>;
}

export class ConversationNotFoundError extends HotlineError {
  constructor(id: string) {
    super('CONVERSATION_NOT_FOUND', `conversation ${id} does not exist or has expired`, 404);
  }
}

export class ActivityNotFoundError extends HotlineError {
  constructor(id: string) {
    super('ACTIVITY_NOT_FOUND', `activity ${id} is not in its conversation's log`, 404);
  }
}

const SEQ_DIGITS = 7;

export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(SEQ_DIGITS, '0')}`;
}

/** The watermark an id was issued with, or null when the id is not one of this conversation's. */
export function seqOfActivityId(conversationId: string, id: string): number | null {
  const [conv, digits, ...rest] = id.split('|');
  if (conv !== conversationId || rest.length > 0 || digits === undefined) return null;
  if (!/^\d{1,15}$/.test(digits)) return null;
  const seq = Number(digits);
  return seq > 0 ? seq : null;
}
