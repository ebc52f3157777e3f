import { systemClock, type Clock } from '../../core/clock';
import {
  bucketOf,
  spend,
  type Bucket,
  type RateDecision,
  type RateLimit,
  type RatePolicy,
} from '../../core/rateLimit';

/** Below this many keys nothing is swept; above, a sweep runs each time the count doubles. */
const SWEEP_FLOOR = 1024;

/**
 * One process only: for running without Redis, and as Redis's stand-in while it is down. The
 * same token bucket as the Redis script (`spend`), each key's TAT in a map. Keys whose bucket is
 * full again (TAT passed) count as new and are swept out once the map has doubled since the last
 * sweep, so idle addresses do not pile up.
 */
export class MemoryRateLimit implements RateLimit {
  private readonly bucket: Bucket;
  private readonly tats = new Map<string, number>();
  private sweepAbove = SWEEP_FLOOR;

  constructor(
    policy: RatePolicy,
    private readonly clock: Clock = systemClock,
  ) {
    this.bucket = bucketOf(policy);
  }

  async take(key: string): Promise<RateDecision> {
    return this.takeNow(key);
  }

  /** `take` without the promise, for the Redis limit's stand-in. */
  takeNow(key: string): RateDecision {
    const now = this.clock.now().getTime();
    const spent = spend(this.bucket, this.tats.get(key) ?? null, now);
    if (!spent.allowed) return spent;
    this.tats.set(key, spent.tat);
    if (this.tats.size > this.sweepAbove) this.sweep(now);
    return { allowed: true };
  }

  /** Keys remembered (full buckets not yet swept included). */
  get size(): number {
    return this.tats.size;
  }

  private sweep(now: number): void {
    for (const [key, tat] of this.tats) if (tat <= now) this.tats.delete(key);
    this.sweepAbove = Math.max(SWEEP_FLOOR, 2 * this.tats.size);
  }
}

export function memoryRateLimit(policy: RatePolicy, clock: Clock = systemClock): MemoryRateLimit {
  return new MemoryRateLimit(policy, clock);
}
