/**
 * How fast one key (an address, a conversation) may go: `burst` at once, then `perSecond`.
 * Below 1, `perSecond` is one request every `1 / perSecond` seconds (logins: 1/60 is one a minute).
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
