import type { RedisClient } from './client';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { RateLimit, RatePolicy } from '../../core/rateLimit';
import { limitWith, windows } from '../memory/rateLimit';
import type { RedisKeys } from './keys';

/**
 * A limit counted in Redis, so every instance spends from the same budget. While Redis does not
 * answer, each process counts on its own (rate-limiter-flexible's insurance limiter) rather than
 * refusing everyone or letting everything through.
 */
export function redisRateLimit(
  redis: RedisClient,
  keys: RedisKeys,
  name: string,
  policy: RatePolicy,
): RateLimit {
  const w = windows(policy, keys.rateLimit(name));
  const limiter = (o: typeof w.steady) =>
    new RateLimiterRedis({
      ...o,
      storeClient: redis,
      insuranceLimiter: new RateLimiterMemory({ points: o.points, duration: o.duration }),
    });
  return limitWith(new BurstyRateLimiter(limiter(w.steady), limiter(w.burst)));
}
