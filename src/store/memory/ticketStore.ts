import {
  TicketExistsError,
  TicketNotFoundError,
  TicketVersionConflictError,
} from '../../core/errors';
import { ticketIndexes } from '../../tickets/indexes';
import type { CreateResult, TicketPage, TicketScope, TicketStore } from '../../tickets/ports';
import type { Ticket, TicketEvent } from '../../tickets/ticket';
import { parseTicketId } from '../../tickets/ticketId';

/** In-process store for a Redis-less demo and for domain tests. Not shared between instances. */
export class MemoryTicketStore implements TicketStore {
  private readonly seq = new Map<string, number>();
  private readonly tickets = new Map<string, Ticket>();
  private readonly events = new Map<string, TicketEvent[]>();
  private readonly dedupe = new Map<string, string>();

  async nextSequence(localDate: string, floor = 0): Promise<number> {
    const n = Math.max(this.seq.get(localDate) ?? 0, floor) + 1;
    this.seq.set(localDate, n);
    return n;
  }

  async create(ticket: Ticket, firstEvent: TicketEvent, dedupeKey?: string): Promise<CreateResult> {
    if (dedupeKey !== undefined) {
      const existing = this.dedupe.get(dedupeKey);
      const found = existing === undefined ? undefined : this.tickets.get(existing);
      if (found !== undefined) return { ticket: structuredClone(found), created: false };
    }
    if (this.tickets.has(ticket.id)) throw new TicketExistsError(ticket.id);
    const number = parseTicketId(ticket.id);
    if (!number.ok) throw new TypeError(`not a ticket id: ${ticket.id}`);
    const { date, seq } = number.value;
    this.seq.set(date, Math.max(this.seq.get(date) ?? 0, seq));
    this.tickets.set(ticket.id, structuredClone(ticket));
    this.events.set(ticket.id, [structuredClone(firstEvent)]);
    if (dedupeKey !== undefined) this.dedupe.set(dedupeKey, ticket.id);
    return { ticket: structuredClone(ticket), created: true };
  }

  async get(id: string): Promise<Ticket | null> {
    const t = this.tickets.get(id);
    return t === undefined ? null : structuredClone(t);
  }

  async history(id: string): Promise<TicketEvent[]> {
    return structuredClone(this.events.get(id) ?? []);
  }

  async listByRequester(requesterKey: string, limit: number): Promise<Ticket[]> {
    return [...this.tickets.values()]
      .filter((t) => t.requester.key === requesterKey)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      .slice(0, limit)
      .map((t) => structuredClone(t));
  }

  async listOpenByDepartment(department: string, limit: number): Promise<Ticket[]> {
    return [...this.tickets.values()]
      .filter((t) => t.leadDepartment === department && t.status !== 'closed')
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id))
      .slice(0, limit)
      .map((t) => structuredClone(t));
  }

  async appendEvent(id: string, event: TicketEvent): Promise<void> {
    const list = this.events.get(id);
    const ticket = this.tickets.get(id);
    if (list === undefined || ticket === undefined) throw new TicketNotFoundError(id);
    list.push(structuredClone(event));
    ticket.updatedAt = event.at;
  }

  async findByDedupeKey(dedupeKey: string): Promise<string | null> {
    return this.dedupe.get(dedupeKey) ?? null;
  }

  async transition(current: Ticket, next: Ticket, event: TicketEvent): Promise<void> {
    const stored = this.tickets.get(current.id);
    const list = this.events.get(current.id);
    if (stored === undefined || list === undefined) throw new TicketNotFoundError(current.id);
    if (stored.version !== current.version) throw new TicketVersionConflictError(current.id);
    this.tickets.set(current.id, structuredClone(next));
    list.push(structuredClone(event));
  }

  async page(scope: TicketScope, cursor: number, limit: number): Promise<TicketPage> {
    const inScope = (t: Ticket): boolean =>
      ticketIndexes(t).some((i) =>
        scope.kind === 'all'
          ? i.kind === 'all'
          : i.kind === 'involved' && i.department === scope.department,
      );
    const all = [...this.tickets.values()]
      .filter(inScope)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    const tickets = all.slice(cursor, cursor + limit);
    return {
      tickets: tickets.map((t) => structuredClone(t)),
      next: cursor + tickets.length < all.length ? cursor + tickets.length : null,
    };
  }
}
