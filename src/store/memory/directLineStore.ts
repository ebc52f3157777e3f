import { EventEmitter } from 'node:events';
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

export interface MemoryDirectLineStoreOptions {
  ttlSeconds: number;
  maxActivities?: number;
  /** Milliseconds since the epoch; injectable so expiry is testable. */
  now?: () => number;
}

interface Entry {
  conversation: DirectLineConversation;
  log: LoggedActivity[];
  /** Original watermark of a replaced activity -> where it lives now. */
  moved: Map<number, number>;
  /** channelData.clientActivityID -> the watermark its first POST was logged at. */
  /** clientActivityID -> the watermark it was logged under, and whether its turn ran. */
  clientActivities: Map<string, { seq: number; handled: boolean }>;
  sockets: number;
  expiresAt: number;
}

/** In-process Direct Line conversations for the Redis-less demo: one instance only. */
export class MemoryDirectLineStore implements DirectLineStore {
  private readonly entries = new Map<string, Entry>();
  private readonly feed = new EventEmitter();
  private readonly maxActivities: number;
  private readonly now: () => number;

  constructor(private readonly options: MemoryDirectLineStoreOptions) {
    this.maxActivities = options.maxActivities ?? 1000;
    this.now = options.now ?? Date.now;
    this.feed.setMaxListeners(0);
  }

  async open(id: string, userId: string | null, createdAt: string): Promise<OpenResult> {
    let entry = this.live(id);
    const created = entry === undefined;
    if (entry === undefined) {
      entry = {
        conversation: { id, userId, createdAt, seq: 0 },
        log: [],
        moved: new Map(),
        clientActivities: new Map(),
        sockets: 0,
        expiresAt: 0,
      };
      this.entries.set(id, entry);
    }
    this.touch(entry);
    return { created, conversation: { ...entry.conversation } };
  }

  async get(id: string): Promise<DirectLineConversation | null> {
    const entry = this.live(id);
    return entry === undefined ? null : { ...entry.conversation };
  }

  async claimUser(id: string, userId: string): Promise<{ userId: string; claimed: boolean }> {
    const entry = this.existing(id);
    if (entry.conversation.userId !== null) {
      return { userId: entry.conversation.userId, claimed: false };
    }
    entry.conversation.userId = userId;
    return { userId, claimed: true };
  }

  async append(id: string, activity: ActivityJson): Promise<LoggedActivity> {
    const entry = this.existing(id);
    const seq = ++entry.conversation.seq;
    return this.log(entry, seq, activityId(id, seq), activity);
  }

  async appendFromClient(
    id: string,
    clientActivityId: string,
    activity: ActivityJson,
  ): Promise<LoggedActivity & { duplicate: boolean }> {
    const entry = this.existing(id);
    const known = entry.clientActivities.get(clientActivityId);
    if (known !== undefined) {
      const { id: _id, ...rest } = activity;
      const logged = { ...rest, id: activityId(id, known.seq) };
      return { seq: known.seq, duplicate: known.handled, activity: logged };
    }
    const logged = await this.append(id, activity);
    entry.clientActivities.set(clientActivityId, { seq: logged.seq, handled: false });
    return { ...logged, duplicate: false };
  }

  async markHandled(id: string, clientActivityId: string): Promise<void> {
    const known = this.entries.get(id)?.clientActivities.get(clientActivityId);
    if (known !== undefined) known.handled = true;
  }

  async replace(
    id: string,
    activityIdToReplace: string,
    activity: ActivityJson,
  ): Promise<LoggedActivity> {
    const entry = this.existing(id);
    const original = seqOfActivityId(id, activityIdToReplace);
    const at = original === null ? -1 : this.indexOf(entry, original);
    if (original === null || at < 0) throw new ActivityNotFoundError(activityIdToReplace);
    entry.log.splice(at, 1);
    const seq = ++entry.conversation.seq;
    entry.moved.set(original, seq);
    return this.log(entry, seq, activityIdToReplace, activity);
  }

  async remove(id: string, activityIdToRemove: string): Promise<boolean> {
    const entry = this.existing(id);
    const original = seqOfActivityId(id, activityIdToRemove);
    if (original === null) return false;
    const at = this.indexOf(entry, original);
    entry.moved.delete(original);
    if (at < 0) return false;
    entry.log.splice(at, 1);
    return true;
  }

  async read(id: string, after: number, limit: number): Promise<ActivityPage> {
    const entry = this.existing(id);
    const activities = entry.log
      .filter((e) => e.seq > after)
      .slice(0, limit)
      .map((e) => structuredClone(e));
    return { activities, watermark: activities.at(-1)?.seq ?? after };
  }

  async announceSocket(id: string): Promise<number> {
    const entry = this.existing(id);
    entry.sockets += 1;
    this.publish(id, { kind: 'socket', generation: entry.sockets });
    return entry.sockets;
  }

  async watch(id: string, listener: (event: FeedEvent) => void): Promise<() => Promise<void>> {
    this.feed.on(id, listener);
    return async () => {
      this.feed.off(id, listener);
    };
  }

  async close(): Promise<void> {
    this.feed.removeAllListeners();
  }

  private log(entry: Entry, seq: number, id: string, activity: ActivityJson): LoggedActivity {
    const { id: _id, ...rest } = activity;
    // Round-trip through JSON so callers get what a Redis-backed store would give back.
    const copy: ActivityJson = JSON.parse(JSON.stringify(rest));
    const stored: LoggedActivity = { seq, activity: { ...copy, id } };
    entry.log.push(stored);
    if (entry.log.length > this.maxActivities)
      entry.log.splice(0, entry.log.length - this.maxActivities);
    this.touch(entry);
    this.publish(entry.conversation.id, { kind: 'appended', seq });
    return structuredClone(stored);
  }

  private indexOf(entry: Entry, original: number): number {
    const current = entry.moved.get(original) ?? original;
    return entry.log.findIndex((e) => e.seq === current);
  }

  private publish(id: string, event: FeedEvent): void {
    // Asynchronously, as pub/sub would: a listener never runs inside the writer's call.
    setImmediate(() => this.feed.emit(id, event));
  }

  private touch(entry: Entry): void {
    entry.expiresAt = this.now() + this.options.ttlSeconds * 1000;
  }

  private live(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (entry !== undefined && entry.expiresAt <= this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry;
  }

  private existing(id: string): Entry {
    const entry = this.live(id);
    if (entry === undefined) throw new ConversationNotFoundError(id);
    return entry;
  }
}
