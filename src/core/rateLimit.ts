/**
 * How fast one key (an address, a conversation) may go: `perSecond` is the steady pace, and on
 * top of it `burst` more may be spent at once. From rest a key may therefore send
 * `burst + max(1, floor(perSecond))` requests at once (one second's worth of the steady pace,
 * or the one request a slower pace allows, plus the burst), then one every `1 / perSecond`
 * seconds. Below 1, `perSecond` is one request every `1 / perSecond` seconds (logins: 1/60 is
 * one a minute).
 */
export interface RatePolicy {
  perSecond: number;
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** A limit shared by every instance that uses the same store; `take` spends one request. */
export interface RateLimit {
  take(key: string): Promise<RateDecision>;
}

/**
 * A policy as a token bucket counted by GCRA (the generic cell rate algorithm): a key keeps one
 * number, its theoretical arrival time (TAT), the moment its bucket will be full again. A request
 * at `now` is allowed when `TAT - toleranceMs <= now`, and moves TAT to `max(TAT, now) +
 * intervalMs`. Whole milliseconds, so Redis and memory count alike and Lua keeps them exact.
 */
export interface Bucket {
  /** One request's worth of refill: `1000 / perSecond`, rounded, at least 1 ms. */
  intervalMs: number;
  /** How far ahead of now TAT may be and still allow a request: `(capacity - 1) * intervalMs`. */
  toleranceMs: number;
}

export function bucketOf(policy: RatePolicy): Bucket {
  const { perSecond, burst } = policy;
  if (!(perSecond > 0) || !Number.isFinite(perSecond) || !(burst >= 0)) {
    throw new RangeError(`bad rate policy ${JSON.stringify(policy)}`);
  }
  const capacity = Math.floor(burst) + Math.max(1, Math.floor(perSecond));
  const intervalMs = Math.max(1, Math.round(1000 / perSecond));
  return { intervalMs, toleranceMs: (capacity - 1) * intervalMs };
}

/**
 * One request against a key whose TAT is `tat` (null: never seen, or forgotten once full).
 * Allowed: the new TAT to keep, with how long to keep it (until the bucket is full again, when
 * forgetting it changes nothing). Refused: how long until a request would be allowed (TAT stays).
 */
export function spend(
  bucket: Bucket,
  tat: number | null,
  now: number,
): { allowed: true; tat: number; keepMs: number } | { allowed: false; retryAfterMs: number } {
  const from = Math.max(tat ?? now, now);
  const wait = from - bucket.toleranceMs - now;
  if (wait > 0) return { allowed: false, retryAfterMs: Math.ceil(wait) };
  const next = from + bucket.intervalMs;
  return { allowed: true, tat: next, keepMs: next - now };
}
