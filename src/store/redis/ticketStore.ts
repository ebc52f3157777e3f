import type { RedisClient } from './client';
import { setBounded } from '../../core/boundedMap';
import { TicketNotFoundError } from '../../core/errors';
import { AlertKeySchema, droppedAlerts, ticketAlerts, type Alert } from '../../supervision/alerts';
import type { AlertQueue } from '../../supervision/ports';
import { ticketIndexes } from '../../tickets/indexes';
import type {
  CreateResult,
  DuplicateAdded,
  LinkChange,
  TicketPage,
  TicketScope,
  TicketStore,
} from '../../tickets/ports';
import {
  reportedAt,
  type CoordinationProposal,
  type DuplicateCandidate,
  type TicketLink,
} from '../../tickets/duplicates';
import {
  DUPLICATE_FIELDS,
  DuplicateCandidateSchema,
  TicketEventSchema,
  TicketSchema,
  type Ticket,
  type TicketEvent,
} from '../../tickets/ticket';
import { parseTicketId } from '../../tickets/ticketId';
import { z } from 'zod';
import { TICKET_BUCKETS, ticketBucket, type RedisKeys } from './keys';
import { defineTicketCommands } from './commands';
import { scriptError } from './errors';

/** Filing days whose sizes `newestAcrossDays` asks for in one round trip. */
const DAYS_SIZED_AT_ONCE = 7;

/** Dedupe keys guard against re-sent activities and double submissions, not forever. */
const DEDUPE_TTL_SECONDS = 7 * 24 * 3600;
/**
 * A dedupe claim is taken together with the ticket's write and kept for DEDUPE_TTL_SECONDS once
 * the ticket is indexed; a claim whose creator died first lapses after this long.
 */
const DEDUPE_CLAIM_SECONDS = 60;
/** How long a second create under a claimed key waits for the first one's ticket to appear. */
const DEDUPE_WAIT_MS = 2000;
/** A day's counter outlives its day by a little, for tickets filed just before midnight. */
const SEQUENCE_TTL_SECONDS = 3 * 24 * 3600;
const HashSchema = z.record(z.string(), z.string());
/**
 * A raised marker only has to outlive the deadline it guards (15 working days at most, plus
 * extensions); a year keeps a long-open ticket from being warned twice.
 */
const RAISED_RETENTION_MS = 400 * 24 * 3600 * 1000;
const ClaimedSchema = z.array(AlertKeySchema);
const IdsSchema = z.array(z.string());
const SequenceSchema = z.number().int().positive();
/** addDuplicate's reply when linked: the count, and 1 if already proposed for 顶格协调. */
const AddedSchema = z.tuple([z.number().int().positive(), z.union([z.literal(0), z.literal(1)])]);

/**
 * Tickets in Redis: a hash per ticket (each field JSON-encoded so it reads back typed) and a
 * list for its history under the ticket's own hash tag, changed together by Lua scripts; sorted
 * sets as indexes, spread over other tags and written after the ticket (keys.ts says why).
 */
export class RedisTicketStore implements TicketStore, AlertQueue {
  /**
   * Candidates as last read, by ticket id, with the fields they were decoded from and when
   * (performance.now()). A burst's every filing reads the same 60 reports at its place: a report
   * whose fields are unchanged is not decoded again, and one read less than `maxAgeMs` ago (as
   * the caller allows) is not read again.
   */
  readonly #decoded = new Map<
    string,
    { raw: (string | null)[]; candidate: DuplicateCandidate | null; readAt: number }
  >();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    defineTicketCommands(redis);
  }

  async nextSequence(localDate: string, floor = 0): Promise<number> {
    const n = await this.redis.hotlineNextTicketSequence(
      this.keys.ticketSeq(localDate),
      floor,
      SEQUENCE_TTL_SECONDS,
    );
    return SequenceSchema.parse(n);
  }

  async create(ticket: Ticket, firstEvent: TicketEvent, dedupeKey?: string): Promise<CreateResult> {
    const number = parseTicketId(ticket.id);
    if (!number.ok) throw new TypeError(`not a ticket id: ${ticket.id}`);
    const write = () =>
      this.redis.hotlineCreateTicket(
        this.keys.ticket(ticket.id),
        this.keys.ticketHistory(ticket.id),
        JSON.stringify(firstEvent),
        ...encodeFields(ticket),
      );
    let n: number;
    if (dedupeKey === undefined) n = await write();
    else {
      // The claim and the ticket go in one round trip (a filing's turn waits for one fewer).
      // A claim already held, which only a re-sent request meets, takes our ticket back before
      // anything lists it, and then waits for the holder's as before.
      const key = this.keys.dedupe(dedupeKey);
      const [claimed, written] = await Promise.all([
        this.redis.set(key, ticket.id, 'EX', DEDUPE_CLAIM_SECONDS, 'NX'),
        write(),
      ]);
      n = written;
      if (claimed === null) {
        if (n >= 0) {
          await this.redis.del(this.keys.ticket(ticket.id), this.keys.ticketHistory(ticket.id));
        }
        const earlier = await this.claimDedupe(dedupeKey, ticket.id);
        if (earlier !== null) return { ticket: earlier, created: false };
        n = await write();
      }
    }
    if (n < 0) {
      if (dedupeKey !== undefined) {
        await this.redis.hotlineReleaseDedupe(this.keys.dedupe(dedupeKey), ticket.id);
      }
      throw scriptError('hotlineCreateTicket', n, ticket.id);
    }
    await Promise.all([
      dedupeKey === undefined
        ? null
        : this.redis.set(this.keys.dedupe(dedupeKey), ticket.id, 'EX', DEDUPE_TTL_SECONDS),
      this.reindex(ticket),
    ]);
    return { ticket, created: true };
  }

  /**
   * Takes the dedupe key for `id`: null when taken, else the ticket the key made, waiting a
   * little for a create still under way (its claim may land before its ticket). A claim whose
   * ticket has not appeared by then lost its creator (crashed, or Redis went down between the
   * two writes): it is given back and taken again, so a retry is not refused until it lapses.
   */
  private async claimDedupe(dedupeKey: string, id: string): Promise<Ticket | null> {
    const key = this.keys.dedupe(dedupeKey);
    let giveUpAt = Date.now() + DEDUPE_WAIT_MS;
    for (let takeovers = 0; ;) {
      const claimed = await this.redis.set(key, id, 'EX', DEDUPE_CLAIM_SECONDS, 'NX');
      if (claimed !== null) return null;
      const holder = await this.redis.get(key);
      const existing = holder === null ? null : await this.get(holder);
      if (existing !== null) return existing;
      if (Date.now() > giveUpAt && holder !== null) {
        if (++takeovers > 3) throw new TicketNotFoundError(holder);
        await this.redis.hotlineReleaseDedupe(key, holder);
        giveUpAt = Date.now() + DEDUPE_WAIT_MS;
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async get(id: string): Promise<Ticket | null> {
    return decodeTicket(await this.redis.hgetall(this.keys.ticket(id)));
  }

  /** A ticket hash as read back (the migration reads old-layout hashes with it). */
  static decode(raw: unknown): Ticket | null {
    return decodeTicket(raw);
  }

  async history(id: string): Promise<TicketEvent[]> {
    const raw = await this.redis.lrange(this.keys.ticketHistory(id), 0, -1);
    return raw.map((e) => TicketEventSchema.parse(JSON.parse(e)));
  }

  async listByRequester(requesterKey: string, limit: number): Promise<Ticket[]> {
    const ids = await this.redis.zrevrange(this.keys.requesterTickets(requesterKey), 0, limit - 1);
    return this.getMany(ids);
  }

  async listByOrganization(organization: string, limit: number): Promise<Ticket[]> {
    const key = this.keys.organizationTickets(organization);
    return this.getMany(await this.redis.zrevrange(key, 0, limit - 1));
  }

  async listOpenByDepartment(department: string, limit: number): Promise<Ticket[]> {
    const key = this.keys.departmentOpen(department);
    return this.members(key, await this.redis.zrange(key, 0, limit - 1));
  }

  async appendEvent(id: string, event: TicketEvent): Promise<void> {
    const n = await this.redis.hotlineAppendTicketEvent(
      this.keys.ticket(id),
      this.keys.ticketHistory(id),
      JSON.stringify(event),
      JSON.stringify(event.at),
    );
    if (n < 0) throw scriptError('hotlineAppendTicketEvent', n, id);
  }

  async transition(current: Ticket, next: Ticket, event: TicketEvent): Promise<void> {
    const n = await this.redis.hotlineTransitionTicket(
      this.keys.ticket(current.id),
      this.keys.ticketHistory(current.id),
      current.version,
      JSON.stringify(event),
      ...encodeFields(next),
    );
    if (n < 0) throw scriptError('hotlineTransitionTicket', n, current.id);
    await this.writeIndexes(current, next);
  }

  async page(scope: TicketScope, cursor: number, limit: number): Promise<TicketPage> {
    // One more than asked for tells whether another page follows.
    const ids =
      scope.kind === 'all'
        ? await this.newestAcrossDays(cursor, limit + 1)
        : await this.redis.zrevrange(
            this.keys.departmentTickets(scope.department),
            cursor,
            cursor + limit,
          );
    return {
      tickets: await this.getMany(ids.slice(0, limit)),
      next: ids.length > limit ? cursor + limit : null,
    };
  }

  /**
   * `count` ticket ids from position `skip` of every ticket, newest first, day by day. Days are
   * sized a week at a time, newest first, and only until the page is found: a first page costs
   * the same after years of tickets as after a week.
   */
  private async newestAcrossDays(skip: number, count: number): Promise<string[]> {
    const days = await this.redis.zrevrange(this.keys.ticketDays(), 0, -1);
    const out: string[] = [];
    let from = skip;
    for (let start = 0; start < days.length && out.length < count; start += DAYS_SIZED_AT_ONCE) {
      const chunk = days.slice(start, start + DAYS_SIZED_AT_ONCE);
      const sizes = await Promise.all(chunk.map((d) => this.redis.zcard(this.keys.allTickets(d))));
      for (const [i, day] of chunk.entries()) {
        const size = sizes[i] ?? 0;
        if (from >= size) {
          from -= size;
          continue;
        }
        const want = count - out.length;
        out.push(...(await this.redis.zrevrange(this.keys.allTickets(day), from, from + want - 1)));
        from = 0;
        if (out.length >= count) break;
      }
    }
    return out;
  }

  async recentByPlace(
    department: string,
    district: string,
    sinceMs: number,
    limit: number,
    oldest = 0,
    maxAgeMs = 0,
  ): Promise<DuplicateCandidate[]> {
    const key = this.keys.recentByPlace(department, district);
    // Trimming is idempotent and needs no script: whichever instance reads first drops them.
    // Sent with the reads in one round trip, as this runs on every filing with a district.
    const batch = this.redis
      .pipeline()
      .zremrangebyscore(key, '-inf', `(${sinceMs}`)
      .zrevrangebyscore(key, '+inf', sinceMs, 'LIMIT', 0, limit);
    if (oldest > 0) batch.zrangebyscore(key, sinceMs, '+inf', 'LIMIT', 0, oldest);
    const replies = (await batch.exec()) ?? [];
    for (const [err] of replies) if (err) throw err;
    const newest = IdsSchema.parse(replies[1]?.[1]);
    const earliest = oldest > 0 ? IdsSchema.parse(replies[2]?.[1]) : [];
    // The earliest are read apart only when the newest do not already reach back to them.
    const ids = newest.length < limit ? newest : [...new Set([...newest, ...earliest])];
    const now = performance.now();
    const toRead = ids.filter(
      (id) => !(now - (this.#decoded.get(id)?.readAt ?? -Infinity) < maxAgeMs),
    );
    const fields = await Promise.all(
      toRead.map((id) => this.redis.hmget(this.keys.ticket(id), ...DUPLICATE_FIELDS)),
    );
    const readAt = performance.now();
    const stale: string[] = [];
    toRead.forEach((id, i) => {
      const c = this.decodeCandidate(id, fields[i] ?? [], readAt);
      if (c === null || !reportedAt(c, department, district)) stale.push(id);
    });
    // Only what was just read is taken off the index: a remembered copy may be out of date.
    if (stale.length > 0) await this.redis.zrem(key, ...stale);
    return ids
      .map((id) => this.#decoded.get(id)?.candidate ?? null)
      .filter((c): c is DuplicateCandidate => c !== null && reportedAt(c, department, district));
  }

  private decodeCandidate(
    id: string,
    raw: (string | null)[],
    readAt: number,
  ): DuplicateCandidate | null {
    const known = this.#decoded.get(id);
    const candidate =
      known !== undefined && sameFields(known.raw, raw) ? known.candidate : decodeCandidate(raw);
    if (candidate !== null) Object.freeze(candidate);
    setBounded(this.#decoded, id, { raw, candidate, readAt }, DECODED_CANDIDATES);
    return candidate;
  }

  async relink(c: LinkChange): Promise<void> {
    const n = await this.redis.hotlineRelinkTicket(
      this.keys.ticket(c.current.id),
      this.keys.ticketHistory(c.current.id),
      c.current.version,
      JSON.stringify(c.links),
      JSON.stringify(c.event),
      JSON.stringify(c.event.at),
    );
    if (n < 0) throw scriptError('hotlineRelinkTicket', n, c.current.id);
  }

  async addDuplicate(
    id: string,
    link: TicketLink,
    event: TicketEvent,
    listed: number,
    place?: { department: string; district: string },
  ): Promise<DuplicateAdded> {
    // The script appends the count: `data` is written last, `reports` last in it.
    const { data, ...rest } = event;
    const { reports: _, ...fields } = data ?? {};
    const withCount = JSON.stringify({ ...rest, data: { ...fields, reports: 0 } });
    const upToCount = withCount.slice(0, -'0}}'.length);
    const reply = await this.redis.hotlineAddDuplicate(
      this.keys.ticket(id),
      this.keys.ticketHistory(id),
      JSON.stringify(link),
      listed,
      upToCount,
      JSON.stringify(event.at),
      ...(place === undefined ? [] : [place.department, place.district]),
    );
    if (reply === -1) return { ok: false, reason: 'not_found' };
    if (reply === -2) return { ok: false, reason: 'closed' };
    if (reply === -3) return { ok: false, reason: 'moved' };
    const [reports, proposed] = AddedSchema.parse(reply);
    return { ok: true, reports, proposed: proposed === 1 };
  }

  async removeDuplicate(
    id: string,
    reportId: string,
    counted: boolean,
    event: TicketEvent,
  ): Promise<number | null> {
    const n = await this.redis.hotlineRemoveDuplicate(
      this.keys.ticket(id),
      this.keys.ticketHistory(id),
      reportId,
      counted ? '1' : '0',
      JSON.stringify(event),
      JSON.stringify(event.at),
    );
    if (n === -2) return null;
    if (n < 0) throw scriptError('hotlineRemoveDuplicate', n, id);
    return n;
  }

  async proposeCoordination(
    id: string,
    proposal: CoordinationProposal,
    event: TicketEvent,
  ): Promise<boolean> {
    const n = await this.redis.hotlineProposeCoordination(
      this.keys.ticket(id),
      this.keys.ticketHistory(id),
      JSON.stringify(proposal),
      JSON.stringify(event),
      JSON.stringify(event.at),
    );
    if (n < 0) throw scriptError('hotlineProposeCoordination', n, id);
    return n === 1;
  }

  /**
   * Due alerts from every bucket, starting at a random one so that instances ticking together
   * do not all drain the same bucket first.
   */
  async claimDueAlerts(now: Date, limit: number, leaseMs: number): Promise<Alert[]> {
    const at = now.getTime();
    const first = Math.floor(Math.random() * TICKET_BUCKETS);
    const out: Alert[] = [];
    for (let i = 0; i < TICKET_BUCKETS && out.length < limit; i++) {
      const claimed = await this.redis.hotlineClaimDueAlerts(
        ...this.alertKeys((first + i) % TICKET_BUCKETS),
        at,
        limit - out.length,
        at + leaseMs,
        at - RAISED_RETENTION_MS,
      );
      out.push(...ClaimedSchema.parse(claimed));
    }
    return out;
  }

  async settleAlert(key: string, outcome: 'raised' | 'dropped', at: Date): Promise<void> {
    const { ticketId } = AlertKeySchema.parse(key);
    await this.redis.hotlineSettleAlert(
      ...this.alertKeys(ticketBucket(ticketId)),
      key,
      outcome,
      at.getTime(),
    );
  }

  private alertKeys(bucket: number): [pending: string, claimed: string, raised: string] {
    const k = this.keys;
    return [k.alertsPending(bucket), k.alertsClaimed(bucket), k.alertsRaised(bucket)];
  }

  /**
   * Writes every index entry a stored ticket should have (idempotent): the repair after an
   * index write was lost, and the second half of moving a ticket from the old layout.
   */
  async reindex(ticket: Ticket): Promise<void> {
    const number = parseTicketId(ticket.id);
    if (!number.ok) throw new TypeError(`not a ticket id: ${ticket.id}`);
    await Promise.all([
      this.redis.zadd(this.keys.ticketDays(), Number(number.value.date), number.value.date),
      this.redis.zadd(
        this.keys.requesterTickets(ticket.requester.key),
        Date.parse(ticket.createdAt),
        ticket.id,
      ),
      this.redis.hotlineRaiseTicketSequence(
        this.keys.ticketSeq(number.value.date),
        number.value.seq,
        SEQUENCE_TTL_SECONDS,
      ),
      this.writeIndexes(null, ticket),
    ]);
  }

  /**
   * Brings the index sets and the alert index from `before` (null: a new ticket) to `after`.
   * Each write is one key, idempotent, derived from the ticket alone: a repeat (or a rebuild
   * by `hotline migrate-keys --apply`) leaves the same sets.
   */
  async writeIndexes(before: Ticket | null, after: Ticket): Promise<void> {
    const from = before === null ? new Map<string, number>() : this.indexKeys(before);
    const to = this.indexKeys(after);
    const writes: Promise<unknown>[] = [];
    for (const key of from.keys()) if (!to.has(key)) writes.push(this.redis.zrem(key, after.id));
    for (const [key, score] of to) writes.push(this.redis.zadd(key, score, after.id));
    writes.push(
      this.redis.hotlineIndexAlerts(
        ...this.alertKeys(ticketBucket(after.id)),
        ...alertArgs(before === null ? [] : droppedAlerts(before, after), after),
      ),
    );
    await Promise.all(writes);
  }

  /** The ticket's index sets as Redis keys, each with the ticket's score there. */
  private indexKeys(ticket: Ticket): Map<string, number> {
    const k = this.keys;
    const number = parseTicketId(ticket.id);
    if (!number.ok) throw new TypeError(`not a ticket id: ${ticket.id}`);
    return new Map(
      ticketIndexes(ticket).map((i): [string, number] => {
        switch (i.kind) {
          case 'open':
            return [k.openByDue(ticketBucket(ticket.id)), i.score];
          case 'lead_open':
            return [k.departmentOpen(i.department), i.score];
          case 'co_open':
            return [k.departmentCoOpen(i.department), i.score];
          case 'all':
            return [k.allTickets(number.value.date), i.score];
          case 'involved':
            return [k.departmentTickets(i.department), i.score];
          case 'recent':
            return [k.recentByPlace(i.department, i.district), i.score];
          case 'organization':
            return [k.organizationTickets(i.organization), i.score];
        }
      }),
    );
  }

  async findByDedupeKey(dedupeKey: string): Promise<string | null> {
    return this.redis.get(this.keys.dedupe(dedupeKey));
  }

  /**
   * The tickets listed in index `key` that still belong there. Index writes follow the record,
   * so two transitions close together can leave a stale entry: it is dropped here, and removed.
   */
  private async members(key: string, ids: string[]): Promise<Ticket[]> {
    const tickets = await this.getMany(ids);
    const kept = tickets.filter((t) => this.indexKeys(t).has(key));
    const found = new Set(kept.map((t) => t.id));
    const stale = ids.filter((id) => !found.has(id));
    if (stale.length > 0) await this.redis.zrem(key, ...stale);
    return kept;
  }

  /**
   * Tickets by id, in that order; ids without a ticket are left out. One read per ticket, sent
   * together (not a pipeline: on a cluster each goes to the master of its own slot).
   */
  private async getMany(ids: string[]): Promise<Ticket[]> {
    const replies = await Promise.all(ids.map((id) => this.redis.hgetall(this.keys.ticket(id))));
    return replies.map(decodeTicket).filter((t): t is Ticket => t !== null);
  }
}

/** A ticket's alerts as the scripts' alert index reads them: dropped keys, then owed key/score. */
function alertArgs(dropped: string[], ticket: Ticket): (string | number)[] {
  const owed = ticketAlerts(ticket);
  return [dropped.length, ...dropped, owed.length, ...owed.flatMap((a) => [a.key, a.at])];
}

/** A ticket as hash fields, each value JSON-encoded; an optional field left undefined is left out. */
function encodeFields(ticket: Ticket): string[] {
  return Object.entries(ticket).flatMap(([k, v]) =>
    v === undefined ? [] : [k, JSON.stringify(v)],
  );
}

/** Decoded candidates kept (RedisTicketStore#decoded): a few busy places' open reports. */
const DECODED_CANDIDATES = 2_000;

function sameFields(a: readonly (string | null)[], b: readonly (string | null)[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The duplicate check's fields of a ticket hash (HMGET, in DUPLICATE_FIELDS order); null if gone. */
function decodeCandidate(raw: (string | null)[]): DuplicateCandidate | null {
  if (raw[0] === null || raw[0] === undefined) return null;
  const fields = Object.fromEntries(
    DUPLICATE_FIELDS.map((f, i) => {
      const v = raw[i];
      return [f, v === null || v === undefined ? undefined : JSON.parse(v)];
    }),
  );
  return DuplicateCandidateSchema.parse(fields);
}

/** A ticket hash as read back: every field JSON-encoded; an empty hash means no ticket. */
function decodeTicket(raw: unknown): Ticket | null {
  const fields = HashSchema.parse(raw);
  if (Object.keys(fields).length === 0) return null;
  return TicketSchema.parse(
    Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, JSON.parse(v)])),
  );
}
