import type { RedisClient } from './client';
import { TicketNotFoundError } from '../../core/errors';
import { AlertKeySchema, droppedAlerts, ticketAlerts, type Alert } from '../../supervision/alerts';
import type { AlertQueue } from '../../supervision/ports';
import { ticketIndexes } from '../../tickets/indexes';
import type {
  CreateResult,
  LinkChange,
  TicketPage,
  TicketScope,
  TicketStore,
} from '../../tickets/ports';
import {
  TicketEventSchema,
  TicketSchema,
  type Ticket,
  type TicketEvent,
} from '../../tickets/ticket';
import { parseTicketId } from '../../tickets/ticketId';
import { z } from 'zod';
import type { RedisKeys } from './keys';
import { defineTicketCommands } from './commands';
import { scriptError } from './errors';

/** Dedupe keys guard against re-sent activities and double submissions, not forever. */
const DEDUPE_TTL_SECONDS = 7 * 24 * 3600;
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

/**
 * Tickets in Redis: a hash per ticket (each field JSON-encoded so it reads back typed), a list
 * for the history, sorted sets as indexes. Multi-key changes run as Lua scripts.
 */
export class RedisTicketStore implements TicketStore, AlertQueue {
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
    return z.number().int().positive().parse(n);
  }

  async create(ticket: Ticket, firstEvent: TicketEvent, dedupeKey?: string): Promise<CreateResult> {
    const number = parseTicketId(ticket.id);
    if (!number.ok) throw new TypeError(`not a ticket id: ${ticket.id}`);
    const indexes = this.indexKeys(ticket);
    const keys = [
      this.keys.ticket(ticket.id),
      this.keys.ticketHistory(ticket.id),
      this.keys.requesterTickets(ticket.requester.key),
      this.keys.dedupe(dedupeKey ?? `none:${ticket.id}`),
      this.keys.ticketSeq(number.value.date),
      ...indexes.keys(),
      ...this.alertKeys(),
    ];
    const result = await this.redis.hotlineCreateTicket(
      keys.length,
      ...keys,
      ticket.id,
      JSON.stringify(firstEvent),
      Date.parse(ticket.createdAt),
      dedupeKey === undefined ? '0' : '1',
      DEDUPE_TTL_SECONDS,
      number.value.seq,
      SEQUENCE_TTL_SECONDS,
      indexes.size,
      ...indexes.values(),
      ...alertArgs([], ticket),
      ...encodeFields(ticket),
    );
    if (typeof result === 'number') throw scriptError('hotlineCreateTicket', result, ticket.id);
    const [created, id] = result;
    if (created === 1) return { ticket, created: true };
    const existing = await this.get(id);
    if (existing === null) throw new TicketNotFoundError(id);
    return { ticket: existing, created: false };
  }

  async get(id: string): Promise<Ticket | null> {
    return decodeTicket(await this.redis.hgetall(this.keys.ticket(id)));
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
    const ids = await this.redis.zrange(this.keys.departmentOpen(department), 0, limit - 1);
    return this.getMany(ids);
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
    const before = this.indexKeys(current);
    const after = this.indexKeys(next);
    const leaves = [...before.keys()].filter((k) => !after.has(k));
    const keys = [
      this.keys.ticket(current.id),
      this.keys.ticketHistory(current.id),
      ...leaves,
      ...after.keys(),
      ...this.alertKeys(),
    ];
    const n = await this.redis.hotlineTransitionTicket(
      keys.length,
      ...keys,
      current.version,
      JSON.stringify(event),
      current.id,
      leaves.length,
      after.size,
      ...after.values(),
      ...alertArgs(droppedAlerts(current, next), next),
      ...encodeFields(next),
    );
    if (n < 0) throw scriptError('hotlineTransitionTicket', n, current.id);
  }

  async page(scope: TicketScope, cursor: number, limit: number): Promise<TicketPage> {
    const key =
      scope.kind === 'all' ? this.keys.allTickets() : this.keys.departmentTickets(scope.department);
    // One more than asked for tells whether another page follows.
    const ids = await this.redis.zrevrange(key, cursor, cursor + limit);
    return {
      tickets: await this.getMany(ids.slice(0, limit)),
      next: ids.length > limit ? cursor + limit : null,
    };
  }

  async recentByPlace(
    department: string,
    district: string,
    sinceMs: number,
    limit: number,
  ): Promise<Ticket[]> {
    const key = this.keys.recentByPlace(department, district);
    // Trimming is idempotent and needs no script: whichever instance reads first drops them.
    // Sent with the read in one round trip, as this runs on every filing with a district.
    const replies = await this.redis
      .pipeline()
      .zremrangebyscore(key, '-inf', `(${sinceMs}`)
      .zrevrangebyscore(key, '+inf', sinceMs, 'LIMIT', 0, limit)
      .exec();
    const [trimmed, read] = replies ?? [];
    if (trimmed?.[0]) throw trimmed[0];
    if (read?.[0]) throw read[0];
    return this.getMany(IdsSchema.parse(read?.[1]));
  }

  async relink(a: LinkChange, b: LinkChange): Promise<void> {
    const side = (c: LinkChange): (string | number)[] => [
      c.current.version,
      JSON.stringify(c.links),
      JSON.stringify(c.event),
      JSON.stringify(c.event.at),
    ];
    const n = await this.redis.hotlineRelinkTickets(
      this.keys.ticket(a.current.id),
      this.keys.ticketHistory(a.current.id),
      this.keys.ticket(b.current.id),
      this.keys.ticketHistory(b.current.id),
      ...side(a),
      ...side(b),
    );
    if (n < 0) throw scriptError('hotlineRelinkTickets', n, `${a.current.id}/${b.current.id}`);
  }

  async claimDueAlerts(now: Date, limit: number, leaseMs: number): Promise<Alert[]> {
    const at = now.getTime();
    const claimed = await this.redis.hotlineClaimDueAlerts(
      ...this.alertKeys(),
      at,
      limit,
      at + leaseMs,
      at - RAISED_RETENTION_MS,
    );
    return ClaimedSchema.parse(claimed);
  }

  async settleAlert(key: string, outcome: 'raised' | 'dropped', at: Date): Promise<void> {
    await this.redis.hotlineSettleAlert(...this.alertKeys(), key, outcome, at.getTime());
  }

  private alertKeys(): [pending: string, claimed: string, raised: string] {
    return [this.keys.alertsPending(), this.keys.alertsClaimed(), this.keys.alertsRaised()];
  }

  /** The ticket's index sets as Redis keys, each with the ticket's score there. */
  private indexKeys(ticket: Ticket): Map<string, number> {
    const k = this.keys;
    return new Map(
      ticketIndexes(ticket).map((i): [string, number] => {
        switch (i.kind) {
          case 'open':
            return [k.openByDue(), i.score];
          case 'lead_open':
            return [k.departmentOpen(i.department), i.score];
          case 'co_open':
            return [k.departmentCoOpen(i.department), i.score];
          case 'all':
            return [k.allTickets(), i.score];
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

  private async getMany(ids: string[]): Promise<Ticket[]> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.keys.ticket(id));
    const replies = (await pipeline.exec()) ?? [];
    const tickets: Ticket[] = [];
    for (const [err, raw] of replies) {
      if (err) throw err;
      const ticket = decodeTicket(raw);
      if (ticket !== null) tickets.push(ticket);
    }
    return tickets;
  }
}

/** A ticket's alerts as the scripts' alert index reads them: dropped keys, then owed key/score. */
function alertArgs(dropped: string[], ticket: Ticket): (string | number)[] {
  const owed = ticketAlerts(ticket);
  return [dropped.length, ...dropped, owed.length, ...owed.flatMap((a) => [a.key, a.at])];
}

/** A ticket as hash fields, each value JSON-encoded. */
function encodeFields(ticket: Ticket): string[] {
  return Object.entries(ticket).flatMap(([k, v]) => [k, JSON.stringify(v)]);
}

/** A ticket hash as read back: every field JSON-encoded; an empty hash means no ticket. */
function decodeTicket(raw: unknown): Ticket | null {
  const fields = HashSchema.parse(raw);
  if (Object.keys(fields).length === 0) return null;
  return TicketSchema.parse(
    Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, JSON.parse(v)])),
  );
}
