import type { StaffSessionRecord, StaffSessionStore } from '../../access/sessions';
import type { Clock } from '../../core/clock';

/** Console sessions in process memory, expiring by the Clock. Not shared between instances. */
export class MemoryStaffSessionStore implements StaffSessionStore {
  private readonly sessions = new Map<string, { record: StaffSessionRecord; until: number }>();

  constructor(private readonly clock: Clock) {}

  async create(digest: string, record: StaffSessionRecord, ttlSeconds: number): Promise<void> {
    this.sweep();
    this.sessions.set(digest, { record: { ...record }, until: this.deadline(ttlSeconds) });
  }

  async get(digest: string): Promise<StaffSessionRecord | null> {
    const held = this.live(digest);
    return held === undefined ? null : { ...held.record };
  }

  async renew(digest: string, expiresAt: string, ttlSeconds: number): Promise<boolean> {
    const held = this.live(digest);
    if (held === undefined) return false;
    this.sessions.set(digest, {
      record: { ...held.record, expiresAt },
      until: this.deadline(ttlSeconds),
    });
    return true;
  }

  async delete(digest: string): Promise<boolean> {
    const existed = this.live(digest) !== undefined;
    this.sessions.delete(digest);
    return existed;
  }

  async liveFor(username: string): Promise<number> {
    this.sweep();
    return [...this.sessions.values()].filter((s) => s.record.username === username).length;
  }

  private live(digest: string): { record: StaffSessionRecord; until: number } | undefined {
    const held = this.sessions.get(digest);
    if (held === undefined || held.until > this.clock.now().getTime()) return held;
    this.sessions.delete(digest);
    return undefined;
  }

  private deadline(ttlSeconds: number): number {
    return this.clock.now().getTime() + ttlSeconds * 1000;
  }

  /** Expired sessions nobody asks for again would otherwise stay in memory for good. */
  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [digest, held] of this.sessions) if (held.until <= now) this.sessions.delete(digest);
  }
}
