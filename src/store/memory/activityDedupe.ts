import type { ActivityDedupe } from '../../bot/activityDedupe';
import { systemClock, type Clock } from '../../core/clock';

/** In-process activity markers for a Redis-less demo. Not shared between instances. */
export class MemoryActivityDedupe implements ActivityDedupe {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly clock: Clock = systemClock,
  ) {}

  async claim(key: string): Promise<boolean> {
    const now = this.clock.now().getTime();
    // Insertion order is expiry order (one TTL), so the expired ones are at the front.
    for (const [k, expires] of this.expiries) {
      if (expires > now) break;
      this.expiries.delete(k);
    }
    if (this.expiries.has(key)) return false;
    this.expiries.set(key, now + this.ttlSeconds * 1000);
    return true;
  }

  async release(key: string): Promise<void> {
    this.expiries.delete(key);
  }
}
