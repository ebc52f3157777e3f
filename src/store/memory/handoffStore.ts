import { systemClock, type Clock } from '../../core/clock';
import {
  handoffPriorityBase,
  presenceAsOf,
  presenceEntry,
  TRANSCRIPT_LIMIT,
  type ClaimResult,
  type HandoffCase,
  type HandoffRequest,
  type HandoffStatus,
  type HandoffStore,
  type Presence,
  type PresenceEntry,
  type ReleaseTarget,
  type StaffPresence,
  type StaffRef,
  type TranscriptEntry,
} from '../../handoff/types';

export interface MemoryHandoffStoreOptions {
  /** Decides when a presence entry has expired. */
  clock?: Clock;
}

interface Stored {
  case: HandoffCase;
  /** Place in the queue, kept while claimed so a release to the queue restores it. */
  score: number;
  /** What an emergency keeps when an ordinary flag follows. */
  emergency: Pick<HandoffRequest, 'reason' | 'emergencyKind' | 'place'> | null;
}

/**
 * Handoff cases in process memory, for a Redis-less demo and the domain's tests. Same rules as
 * the Redis store; nothing expires except presence, and nothing is shared between instances.
 */
export class MemoryHandoffStore implements HandoffStore {
  private readonly cases = new Map<string, Stored>();
  private readonly transcripts = new Map<string, TranscriptEntry[]>();
  private readonly presences = new Map<string, PresenceEntry>();
  private readonly clock: Clock;

  constructor(options: MemoryHandoffStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  async flag(
    request: HandoffRequest,
    transcript: readonly TranscriptEntry[],
  ): Promise<HandoffStatus> {
    const key = request.conversationKey;
    let stored = this.cases.get(key);
    if (stored === undefined || !isActive(stored.case.status)) {
      stored = {
        case: {
          request,
          status: 'waiting',
          staff: null,
          claimedAt: null,
          staffActiveAt: null,
          endedAt: null,
        },
        score: 0,
        emergency: null,
      };
      this.cases.set(key, stored);
      for (const entry of transcript) this.pushEntry(key, entry);
    }
    if (request.reason === 'emergency') {
      stored.emergency = {
        reason: request.reason,
        emergencyKind: request.emergencyKind,
        place: request.place,
      };
    }
    const at = stored.case.request.at;
    stored.case.request = structuredClone({ ...request, at, ...stored.emergency });
    stored.score = handoffPriorityBase(stored.case.request.reason) + Date.parse(at);
    return stored.case.status;
  }

  async get(conversationKey: string): Promise<HandoffCase | null> {
    const stored = this.cases.get(conversationKey);
    return stored === undefined ? null : structuredClone(stored.case);
  }

  async waiting(limit: number): Promise<HandoffCase[]> {
    return this.queue()
      .slice(0, limit)
      .map((s) => structuredClone(s.case));
  }

  async claimed(limit: number): Promise<HandoffCase[]> {
    return this.withStatus('claimed')
      .sort((a, b) => ms(a.case.claimedAt) - ms(b.case.claimedAt) || byKey(a, b))
      .slice(0, limit)
      .map((s) => structuredClone(s.case));
  }

  async position(conversationKey: string): Promise<number | null> {
    const index = this.queue().findIndex((s) => s.case.request.conversationKey === conversationKey);
    return index === -1 ? null : index + 1;
  }

  async claim(conversationKey: string, staff: StaffRef, at: string): Promise<ClaimResult> {
    const stored = this.cases.get(conversationKey);
    if (stored?.case.status === 'claimed') {
      return stored.case.staff?.username === staff.username ? 'already_yours' : 'taken';
    }
    if (stored?.case.status !== 'waiting') return 'not_waiting';
    Object.assign(stored.case, {
      status: 'claimed',
      staff: { ...staff },
      claimedAt: at,
      staffActiveAt: at,
      endedAt: null,
    });
    return 'claimed';
  }

  async release(
    conversationKey: string,
    staff: StaffRef,
    target: ReleaseTarget,
    at: string,
    force = false,
  ): Promise<boolean> {
    const stored = this.ownedBy(conversationKey, force ? null : staff.username);
    if (stored === null) return false;
    stored.case.status = target;
    if (target !== 'waiting') stored.case.endedAt = at;
    return true;
  }

  async transfer(
    conversationKey: string,
    from: StaffRef,
    to: StaffRef,
    at: string,
  ): Promise<boolean> {
    const stored = this.ownedBy(conversationKey, from.username);
    if (stored === null) return false;
    stored.case.staff = { ...to };
    stored.case.staffActiveAt = at;
    return true;
  }

  async touch(conversationKey: string, staff: StaffRef, at: string): Promise<boolean> {
    const stored = this.ownedBy(conversationKey, staff.username);
    if (stored === null) return false;
    stored.case.staffActiveAt = at;
    return true;
  }

  async end(conversationKey: string, at: string): Promise<boolean> {
    const stored = this.cases.get(conversationKey);
    if (stored === undefined) return false;
    if (isActive(stored.case.status)) stored.case.endedAt = at;
    stored.case.status = 'closed';
    return true;
  }

  async idleClaims(before: string, limit: number): Promise<HandoffCase[]> {
    const cutoff = Date.parse(before);
    return this.withStatus('claimed')
      .filter((s) => ms(s.case.staffActiveAt) < cutoff)
      .sort((a, b) => ms(a.case.staffActiveAt) - ms(b.case.staffActiveAt) || byKey(a, b))
      .slice(0, limit)
      .map((s) => structuredClone(s.case));
  }

  async requeueIfIdle(conversationKey: string, before: string, _at: string): Promise<boolean> {
    const stored = this.cases.get(conversationKey);
    if (stored?.case.status !== 'claimed') return false;
    if (ms(stored.case.staffActiveAt) >= Date.parse(before)) return false;
    stored.case.status = 'waiting';
    return true;
  }

  async append(conversationKey: string, entry: TranscriptEntry): Promise<void> {
    this.pushEntry(conversationKey, entry);
  }

  async transcript(conversationKey: string, limit: number): Promise<TranscriptEntry[]> {
    if (limit <= 0) return [];
    return structuredClone((this.transcripts.get(conversationKey) ?? []).slice(-limit));
  }

  async setPresence(
    staff: StaffRef,
    presence: Presence,
    at: string,
    ttlSeconds: number,
  ): Promise<void> {
    this.presences.set(staff.username, presenceEntry(staff, presence, at, ttlSeconds));
  }

  async presence(): Promise<StaffPresence[]> {
    return presenceAsOf(this.presences.values(), this.clock.now().getTime());
  }

  private pushEntry(conversationKey: string, entry: TranscriptEntry): void {
    const list = this.transcripts.get(conversationKey) ?? [];
    list.push(structuredClone(entry));
    this.transcripts.set(conversationKey, list.slice(-TRANSCRIPT_LIMIT));
  }

  /** The claimed case owned by `username` (anyone's when null), or null. */
  private ownedBy(conversationKey: string, username: string | null): Stored | null {
    const stored = this.cases.get(conversationKey);
    if (stored?.case.status !== 'claimed') return null;
    if (username !== null && stored.case.staff?.username !== username) return null;
    return stored;
  }

  private withStatus(status: HandoffStatus): Stored[] {
    return [...this.cases.values()].filter((s) => s.case.status === status);
  }

  private queue(): Stored[] {
    return this.withStatus('waiting').sort((a, b) => a.score - b.score || byKey(a, b));
  }
}

function isActive(status: HandoffStatus): boolean {
  return status === 'waiting' || status === 'claimed';
}

function ms(iso: string | null): number {
  return iso === null ? 0 : Date.parse(iso);
}

/** Ties break by conversation key, as a Redis sorted set orders equal scores. */
function byKey(a: Stored, b: Stored): number {
  const x = a.case.request.conversationKey;
  const y = b.case.request.conversationKey;
  return x < y ? -1 : x > y ? 1 : 0;
}
