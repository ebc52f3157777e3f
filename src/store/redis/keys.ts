import { createHash } from 'node:crypto';

/**
 * How many hash buckets the sharded ticket indexes (all open tickets by due time, supervision
 * alerts) are spread over. Each bucket has its own hash tag, so on a cluster the buckets sit in
 * different slots, most likely on different masters. Changing it moves entries between buckets:
 * rebuild the indexes afterwards (`hotline migrate-keys --apply`).
 */
export const TICKET_BUCKETS = 16;

/** The bucket (0..TICKET_BUCKETS-1) of a ticket id; stable across processes and versions. */
export function ticketBucket(ticketId: string): number {
  return createHash('sha1').update(ticketId).digest().readUInt16BE(0) % TICKET_BUCKETS;
}

/**
 * Every Redis key the project uses is built here. Keys that a Lua script changes together share
 * a `{hash tag}`, so the script touches one Redis Cluster slot; keys that need not change
 * together get different tags, so a cluster can spread them over its masters.
 *
 * Why each ticket tag is what it is:
 * - `{t:<id>}`: a ticket's hash and its history. What must be atomic is the record with its
 *   history (create, transition with its version check, append): one slot per ticket.
 * - `{seq:<YYYYMMDD>}`: the day's number counter, alone. Numbers stay unique without it being
 *   atomic with the ticket: creating refuses an id whose hash exists, and the caller takes the
 *   next number (a counter lost or behind only costs a retry).
 * - `{dedupe:<key>}`: an idempotency claim, taken (SET NX, short expiry) before the ticket is
 *   written and kept for days once it is; one slot per business key.
 * - Indexes, written after the ticket, each by itself and idempotent (ZADD/ZREM of the ticket's
 *   id with a score derived from the ticket): `{req:<requester>}`, `{org:<organisation>}`,
 *   `{dept:<department>}` (a department's open, co-department and involved sets),
 *   `{recent:<department>:<district>}`, `{all:<YYYYMMDD>}` (every ticket, by filing day, with
 *   `{all}:days` listing the days), `{open:<bucket>}` and `{alerts:<bucket>}` (by hash bucket of
 *   the id). Readers check each listed ticket against its own record and drop entries it no
 *   longer belongs in; `hotline migrate-keys --apply` rebuilds every index from the records (an
 *   index entry lost to a crash between the two writes is re-added there).
 * - A bucket's three alert sets (pending, claimed, raised) share its tag: claiming and settling
 *   are scripts over the three.
 * Elsewhere: `{dl:<conversation>}` is per conversation, and a conversation's hold lives in its
 * botbuilder state item (one untagged key: the hold is checked by the write); `{handoff}` (the
 * cases, their queue and presence change together in one script) and `{access}` (tokens, staff)
 * are one slot each, as they are small; `{notify:<audience>}` is per department.
 */
export class RedisKeys {
  constructor(private readonly prefix: string) {}

  /** Daily ticket-number counter for a local date `YYYYMMDD`. */
  ticketSeq(date: string): string {
    return `${this.prefix}{seq:${date}}:tickets`;
  }

  /** Hash holding one ticket. */
  ticket(id: string): string {
    return `${this.prefix}{t:${id}}:t`;
  }

  /** List of the ticket's history events (append-only, JSON per entry), beside its hash. */
  ticketHistory(id: string): string {
    return `${this.prefix}{t:${id}}:h`;
  }

  /** Sorted set of a requester's ticket ids, scored by creation time. */
  requesterTickets(requesterKey: string): string {
    return `${this.prefix}{req:${requesterKey}}:tickets`;
  }

  /** Sorted set of the ticket ids filed for an organisation (a Teams tenant), by creation time. */
  organizationTickets(organization: string): string {
    return `${this.prefix}{org:${organization}}:tickets`;
  }

  /** Sorted set of a department's open ticket ids, scored by due time. */
  departmentOpen(department: string): string {
    return `${this.prefix}{dept:${department}}:open`;
  }

  /** Sorted set of the open ticket ids where a department is a co-department, scored by due time. */
  departmentCoOpen(department: string): string {
    return `${this.prefix}{dept:${department}}:co`;
  }

  /** Sorted set of every ticket a department is involved in (lead, co, first contact), by creation. */
  departmentTickets(department: string): string {
    return `${this.prefix}{dept:${department}}:all`;
  }

  /**
   * Sorted set of the open tickets of a department in a district, scored by creation time (ms),
   * trimmed to the duplicate window: where a new report looks for the one it repeats (并单).
   */
  recentByPlace(department: string, district: string): string {
    return `${this.prefix}{recent:${department}:${district}}`;
  }

  /** Sorted set of the ticket ids filed on a local day `YYYYMMDD`, scored by creation time. */
  allTickets(date: string): string {
    return `${this.prefix}{all:${date}}`;
  }

  /** Sorted set of the days (`YYYYMMDD`, scored as that number) that have tickets. */
  ticketDays(): string {
    return `${this.prefix}{all}:days`;
  }

  /** Sorted set of the open ticket ids of one hash bucket, scored by due time. */
  openByDue(bucket: number): string {
    return `${this.prefix}{open:${bucket}}`;
  }

  /** Sorted set of a bucket's alerts waiting to fall due: `<id>|<step>|<kind>|<dueAt>` -> ms. */
  alertsPending(bucket: number): string {
    return `${this.prefix}{alerts:${bucket}}:pending`;
  }

  /** Sorted set of a bucket's alerts an instance is raising, scored by the end of its lease (ms). */
  alertsClaimed(bucket: number): string {
    return `${this.prefix}{alerts:${bucket}}:claimed`;
  }

  /** Sorted set of a bucket's alerts raised (never raised again), scored by when (ms). */
  alertsRaised(bucket: number): string {
    return `${this.prefix}{alerts:${bucket}}:raised`;
  }

  /** Idempotency key: a business key or activity id mapped to the ticket it created. */
  dedupe(key: string): string {
    return `${this.prefix}{dedupe:${key}}`;
  }

  /**
   * The pre-cluster layout (every ticket key under one `{tickets}` tag), read only by the
   * start-up check and `hotline migrate-keys`.
   */
  legacyTickets(rest = ''): string {
    return `${this.prefix}{tickets}:${rest}`;
  }

  /** Sorted set of an audience's supervision notification ids (a department or supervisors), by ms. */
  notifications(audience: string): string {
    return `${this.prefix}{notify:${audience}}:feed`;
  }

  /** Hash of an audience's supervision notifications: id -> JSON, beside its feed. */
  notificationBodies(audience: string): string {
    return `${this.prefix}{notify:${audience}}:body`;
  }

  /** Hash of one conversation's handoff case (see scripts/includes/handoffCase.ts). */
  handoff(conversationKey: string): string {
    return `${this.prefix}{handoff}:c:${conversationKey}`;
  }

  /** List of a handoff conversation's transcript (JSON per entry), kept to the last entries. */
  handoffTranscript(conversationKey: string): string {
    return `${this.prefix}{handoff}:tx:${conversationKey}`;
  }

  /** Sorted set of conversations waiting for duty staff, scored by `handoffScore`. */
  handoffQueue(): string {
    return `${this.prefix}{handoff}:queue`;
  }

  /** Sorted set of claimed conversations, scored by claim time (ms). */
  handoffClaimed(): string {
    return `${this.prefix}{handoff}:claimed`;
  }

  /** Sorted set of claimed conversations, scored by the owner's last activity (ms). */
  handoffIdle(): string {
    return `${this.prefix}{handoff}:idle`;
  }

  /** Hash of staff presence: username -> JSON {username, name, presence, at, expiresAt}. */
  handoffPresence(): string {
    return `${this.prefix}{handoff}:presence`;
  }

  /** Pub/sub channel (not a key) carrying handoff news to the consoles on every instance. */
  handoffEvents(): string {
    return `${this.prefix}{handoff}:events`;
  }

  /** Hash of what is known about the enterprise behind a Teams tenant (name, credit code). */
  tenant(tenantId: string): string {
    return `${this.prefix}tenant:${tenantId}`;
  }

  /** Marker that an inbound activity was taken in; expires. Re-sends find it and are ignored. */
  seenActivity(digest: string): string {
    return `${this.prefix}seen:${digest}`;
  }

  /** Hash of a Direct Line conversation: user, createdAt, seq (watermark counter), moved ids. */
  directLineConversation(conversationId: string): string {
    return `${this.prefix}{dl:${conversationId}}:meta`;
  }

  /** Sorted set of a Direct Line conversation's activities, scored by watermark. */
  directLineLog(conversationId: string): string {
    return `${this.prefix}{dl:${conversationId}}:log`;
  }

  /** Pub/sub channel (not a key) carrying a Direct Line conversation's news between instances. */
  directLineEvents(conversationId: string): string {
    return `${this.prefix}{dl:${conversationId}}:events`;
  }

  /** Hash of one API token (role, department, SHA-256 of the secret). Tokens are few: one slot. */
  apiToken(id: string): string {
    return `${this.prefix}{access}:token:${id}`;
  }

  /** Sorted set of API token ids, scored by creation time, for `hotline token list`. */
  apiTokens(): string {
    return `${this.prefix}{access}:tokens`;
  }

  /** Hash of one duty staff account (name, role, scrypt hash of the password). */
  staffAccount(username: string): string {
    return `${this.prefix}{access}:staff:${username}`;
  }

  /** Sorted set of staff usernames, scored by creation time, for `hotline staff list`. */
  staffAccounts(): string {
    return `${this.prefix}{access}:staff`;
  }

  /** Hash of one console login session, keyed by the SHA-256 of its id (never the id); expires. */
  staffSession(digest: string): string {
    return `${this.prefix}{access}:session:${digest}`;
  }

  /**
   * Set of the session digests a staff member logged in with; an entry whose session expired is
   * dropped when read. Expires with the member's last session.
   */
  staffSessionsOf(username: string): string {
    return `${this.prefix}{access}:sessions:${username}`;
  }

  /**
   * One key's token bucket under one rate limit (its theoretical arrival time, ms; expires once
   * the bucket is full again). One key per script call and no hash tag of ours, so each bucket
   * is its own slot and a cluster spreads them. `:t:` keeps them apart from the former
   * rate-limiter-flexible counters (`rl:<name>:s:<key>`, `rl:<name>:b:<key>`, which expire).
   */
  rateLimit(name: string, key: string): string {
    return `${this.prefix}rl:${name}:t:${key}`;
  }

  /**
   * botbuilder state (conversation / user) item. A conversation's item also carries the hold a
   * turn takes on it (scripts/conversationLock.ts), so hold and state are one key in one slot.
   */
  botState(key: string): string {
    return `${this.prefix}bot:${key}`;
  }
}
