import {
  TicketExistsError,
  TicketNotFoundError,
  TicketVersionConflictError,
} from '../../core/errors';
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
  duplicateDepartment,
  linkedReports,
  listedDuplicates,
  type CoordinationProposal,
  type DuplicateCandidate,
  type TicketLink,
} from '../../tickets/duplicates';
import type { Ticket, TicketEvent } from '../../tickets/ticket';
import { parseTicketId } from '../../tickets/ticketId';

/** In-process store for a Redis-less demo and for domain tests. Not shared between instances. */
export class MemoryTicketStore implements TicketStore, AlertQueue {
  private readonly seq = new Map<string, number>();
  /** Supervision alerts as in Redis: key -> due ms, key -> lease end ms, key -> raised ms. */
  private readonly alertsPending = new Map<string, number>();
  private readonly alertsClaimed = new Map<string, number>();
  private readonly alertsRaised = new Map<string, number>();
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
    this.indexAlerts([], ticket);
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

  async listByOrganization(organization: string, limit: number): Promise<Ticket[]> {
    return [...this.tickets.values()]
      .filter((t) => t.requester.organization === organization)
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
    this.indexAlerts(droppedAlerts(current, next), next);
  }

  async recentByPlace(
    department: string,
    district: string,
    sinceMs: number,
    limit: number,
    oldest = 0,
  ): Promise<DuplicateCandidate[]> {
    const score = (t: Ticket): number | undefined =>
      ticketIndexes(t).find(
        (i) => i.kind === 'recent' && i.department === department && i.district === district,
      )?.score;
    const listed = [...this.tickets.values()]
      .filter((t) => (score(t) ?? -Infinity) >= sinceMs)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    const earliest = listed.slice(limit).reverse().slice(0, oldest);
    return [...listed.slice(0, limit), ...earliest].map((t) => structuredClone(t));
  }

  async relink(c: LinkChange): Promise<void> {
    const stored = this.stored(c.current.id);
    if (stored.version !== c.current.version) throw new TicketVersionConflictError(c.current.id);
    stored.links = structuredClone(c.links);
    this.changed(stored, c.event);
  }

  async addDuplicate(
    id: string,
    link: TicketLink,
    event: TicketEvent,
    listed: number,
    place?: { department: string; district: string },
  ): Promise<DuplicateAdded> {
    const stored = this.tickets.get(id);
    if (stored === undefined) return { ok: false, reason: 'not_found' };
    if (stored.status === 'closed') return { ok: false, reason: 'closed' };
    if (
      place !== undefined &&
      (stored.district !== place.district || duplicateDepartment(stored) !== place.department)
    ) {
      return { ok: false, reason: 'moved' };
    }
    const reports = linkedReports(stored) + 1;
    if (listedDuplicates(stored) < listed) stored.links.push(structuredClone(link));
    stored.duplicateReports = reports;
    this.changed(stored, { ...event, data: { ...event.data, reports } });
    return { ok: true, reports, proposed: stored.coordinationProposal !== null };
  }

  async removeDuplicate(
    id: string,
    reportId: string,
    counted: boolean,
    event: TicketEvent,
  ): Promise<number | null> {
    const stored = this.stored(id);
    const isLink = (l: TicketLink) => l.kind === 'duplicated_by' && l.ticketId === reportId;
    const listed = stored.links.some(isLink);
    if (!listed && !counted) return null;
    const reports = Math.max(linkedReports(stored) - 1, 0);
    stored.links = stored.links.filter((l) => !isLink(l));
    stored.duplicateReports = reports;
    this.changed(stored, event);
    return reports;
  }

  async proposeCoordination(
    id: string,
    proposal: CoordinationProposal,
    event: TicketEvent,
  ): Promise<boolean> {
    const stored = this.stored(id);
    if (stored.status === 'closed' || stored.coordinationProposal !== null) return false;
    stored.coordinationProposal = structuredClone(proposal);
    this.changed(stored, event);
    return true;
  }

  private stored(id: string): Ticket {
    const stored = this.tickets.get(id);
    if (stored === undefined || !this.events.has(id)) throw new TicketNotFoundError(id);
    return stored;
  }

  /** One version more, `updatedAt` at the event, the event in the history. */
  private changed(stored: Ticket, event: TicketEvent): void {
    stored.version += 1;
    stored.updatedAt = event.at;
    this.events.get(stored.id)?.push(structuredClone(event));
  }

  async claimDueAlerts(now: Date, limit: number, leaseMs: number): Promise<Alert[]> {
    const at = now.getTime();
    const due = (m: Map<string, number>) =>
      [...m]
        .filter(([, score]) => score <= at)
        .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
    const out: Alert[] = [];
    for (const [key] of [...due(this.alertsClaimed), ...due(this.alertsPending)]) {
      if (out.length >= limit) break;
      this.alertsPending.delete(key);
      if (this.alertsRaised.has(key)) {
        this.alertsClaimed.delete(key);
        continue;
      }
      this.alertsClaimed.set(key, at + leaseMs);
      out.push(AlertKeySchema.parse(key));
    }
    return out;
  }

  async settleAlert(key: string, outcome: 'raised' | 'dropped', at: Date): Promise<void> {
    this.alertsClaimed.delete(key);
    if (outcome !== 'raised') return;
    this.alertsPending.delete(key);
    if (!this.alertsRaised.has(key)) this.alertsRaised.set(key, at.getTime());
  }

  private indexAlerts(dropped: string[], ticket: Ticket): void {
    for (const key of dropped) {
      this.alertsPending.delete(key);
      this.alertsClaimed.delete(key);
    }
    for (const { key, at } of ticketAlerts(ticket)) {
      if (!this.alertsRaised.has(key) && !this.alertsClaimed.has(key)) {
        this.alertsPending.set(key, at);
      }
    }
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
