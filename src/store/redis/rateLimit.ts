import { z } from 'zod';
import { systemClock, type Clock } from '../../core/clock';
import {
  bucketOf,
  type Bucket,
  type RateDecision,
  type RateLimit,
  type RatePolicy,
} from '../../core/rateLimit';
import { MemoryRateLimit } from '../memory/rateLimit';
import type { RedisClient } from './client';
import { defineRateLimitCommands } from './commands';
import type { RedisKeys } from './keys';

const ReplySchema = z.number().int().nonnegative();

/**
 * A limit counted in Redis, so every instance spends from the same budget: one script call
 * (EVALSHA) per take, on one key per (limit, key). While Redis does not answer, each process
 * counts on its own in memory, with the same policy, rather than refusing everyone or letting
 * everything through; once Redis answers again its count takes over.
 *
 * The time is the instances' clock (`clock`), passed to the script, not Redis's `TIME`: the
 * memory and Redis limits then count from one clock and are tested alike with a fake one, as
 * the alert scripts are. Instances whose clocks disagree by d ms let a key through up to d ms of
 * refill early or late, which NTP keeps far below a request's interval.
 */
export class RedisRateLimit implements RateLimit {
  private readonly bucket: Bucket;
  private readonly insurance: MemoryRateLimit;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly name: string,
    policy: RatePolicy,
    private readonly clock: Clock = systemClock,
  ) {
    this.bucket = bucketOf(policy);
    this.insurance = new MemoryRateLimit(policy, clock);
    defineRateLimitCommands(redis);
  }

  async take(key: string): Promise<RateDecision> {
    let reply: unknown;
    try {
      reply = await this.redis.hotlineTakeRateLimit(
        this.keys.rateLimit(this.name, key),
        this.clock.now().getTime(),
        this.bucket.intervalMs,
        this.bucket.toleranceMs,
      );
    } catch {
      return this.insurance.takeNow(key);
    }
    // An answer that is not a wait is a bug, not an outage: thrown, so the caller logs it.
    const wait = ReplySchema.parse(reply);
    return wait === 0 ? { allowed: true } : { allowed: false, retryAfterMs: wait };
  }
}

export function redisRateLimit(
  redis: RedisClient,
  keys: RedisKeys,
  name: string,
  policy: RatePolicy,
  clock: Clock = systemClock,
): RateLimit {
  return new RedisRateLimit(redis, keys, name, policy, clock);
}
