/**
 * Every Redis key the project uses is built here. Keys that change together share a
 * `{hash tag}` so a Lua script touching them stays in one Redis Cluster slot.
 */
export class RedisKeys {
  constructor(private readonly prefix: string) {}

  /** Daily ticket-number counter for a local date `YYYYMMDD`. */
  ticketSeq(date: string): string {
    return `${this.prefix}{tickets}:seq:${date}`;
  }

  /** Hash holding one ticket. */
  ticket(id: string): string {
    return `${this.prefix}{tickets}:t:${id}`;
  }

  /** List of the ticket's history events (append-only, JSON per entry). */
  ticketHistory(id: string): string {
    return `${this.prefix}{tickets}:h:${id}`;
  }

  /** Sorted set of a requester's ticket ids, scored by creation time. */
  requesterTickets(requesterKey: string): string {
    return `${this.prefix}{tickets}:req:${requesterKey}`;
  }

  /** Sorted set of the ticket ids filed for an organisation (a Teams tenant), by creation time. */
  organizationTickets(organization: string): string {
    return `${this.prefix}{tickets}:org:${organization}`;
  }

  /** Sorted set of a department's open ticket ids, scored by due time. */
  departmentOpen(department: string): string {
    return `${this.prefix}{tickets}:dept:${department}:open`;
  }

  /** Sorted set of the open ticket ids where a department is a co-department, scored by due time. */
  departmentCoOpen(department: string): string {
    return `${this.prefix}{tickets}:dept:${department}:co`;
  }

  /** Sorted set of every ticket a department is involved in (lead, co, first contact), by creation. */
  departmentTickets(department: string): string {
    return `${this.prefix}{tickets}:dept:${department}:all`;
  }

  /**
   * Sorted set of the open tickets of a department in a district, scored by creation time (ms),
   * trimmed to the duplicate window: where a new report looks for the one it repeats (并单).
   */
  recentByPlace(department: string, district: string): string {
    return `${this.prefix}{tickets}:recent:${department}:${district}`;
  }

  /** Sorted set of every ticket id, scored by creation time. */
  allTickets(): string {
    return `${this.prefix}{tickets}:all`;
  }

  /** Sorted set of all open ticket ids, scored by due time (for SLA supervision). */
  openByDue(): string {
    return `${this.prefix}{tickets}:open`;
  }

  /** Sorted set of supervision alerts waiting to fall due: `<id>|<step>|<kind>|<dueAt>` -> ms. */
  alertsPending(): string {
    return `${this.prefix}{tickets}:alerts:pending`;
  }

  /** Sorted set of alerts an instance is raising, scored by the end of its lease (ms). */
  alertsClaimed(): string {
    return `${this.prefix}{tickets}:alerts:claimed`;
  }

  /** Sorted set of alerts raised (never raised again), scored by when (ms). */
  alertsRaised(): string {
    return `${this.prefix}{tickets}:alerts:raised`;
  }

  /** Sorted set of an audience's supervision notification ids (a department or supervisors), by ms. */
  notifications(audience: string): string {
    return `${this.prefix}{notify:${audience}}:feed`;
  }

  /** Hash of an audience's supervision notifications: id -> JSON, beside its feed. */
  notificationBodies(audience: string): string {
    return `${this.prefix}{notify:${audience}}:body`;
  }

  /** Idempotency key: a business key or activity id mapped to the ticket it created. */
  dedupe(key: string): string {
    return `${this.prefix}{tickets}:dedupe:${key}`;
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

  /** Prefix of one rate limit's counters; rate-limiter-flexible appends `:<window>:<key>`. */
  rateLimit(name: string): string {
    return `${this.prefix}rl:${name}`;
  }

  /** Hold on one conversation (digest of its state key) while a turn runs; expires. */
  conversationLock(digest: string): string {
    return `${this.prefix}{lock:${digest}}:held`;
  }

  /** Counter of a conversation's hold tokens (fencing), beside the hold in one cluster slot. */
  conversationLockTokens(digest: string): string {
    return `${this.prefix}{lock:${digest}}:tokens`;
  }

  /** botbuilder state (conversation / user) item. */
  botState(key: string): string {
    return `${this.prefix}bot:${key}`;
  }
}
