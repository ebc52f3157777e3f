import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateDecision, RateLimit, RatePolicy } from '../../core/rateLimit';

type Options = { points: number; duration: number; keyPrefix: string };

/**
 * rate-limiter-flexible counts in fixed windows. `perSecond` per second is the steady pace; on
 * top of it `burst` more may be spent in a window long enough for the steady pace to earn them
 * back, so a person a little quicker now and then is never refused and a script soon is.
 */
export function windows(
  policy: RatePolicy,
  keyPrefix: string,
): { steady: Options; burst: Options } {
  return {
    steady:
      policy.perSecond >= 1
        ? { points: Math.floor(policy.perSecond), duration: 1, keyPrefix: `${keyPrefix}:s` }
        : // Slower than one a second: one request per window of 1 / perSecond seconds.
          { points: 1, duration: Math.round(1 / policy.perSecond), keyPrefix: `${keyPrefix}:s` },
    burst: {
      points: policy.burst,
      duration: Math.max(1, Math.ceil(policy.burst / policy.perSecond)),
      keyPrefix: `${keyPrefix}:b`,
    },
  };
}

/** Wraps rate-limiter-flexible's answer (a rejection carries the wait) in the port's terms. */
export function limitWith(limiter: BurstyRateLimiter): RateLimit {
  return {
    async take(key: string): Promise<RateDecision> {
      try {
        await limiter.consume(key);
        return { allowed: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return { allowed: false, retryAfterMs: Math.max(1, rejection.msBeforeNext) };
        }
        throw rejection;
      }
    },
  };
}

/** One process only: for running without Redis, and as Redis's stand-in while it is down. */
export function memoryRateLimit(name: string, policy: RatePolicy): RateLimit {
  const w = windows(policy, name);
  return limitWith(
    new BurstyRateLimiter(new RateLimiterMemory(w.steady), new RateLimiterMemory(w.burst)),
  );
}
