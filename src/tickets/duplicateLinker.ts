import type { Clock } from '../core/clock';
import { HotlineError, TicketNotFoundError, TicketVersionConflictError } from '../core/errors';
import {
  bestDuplicate,
  duplicateDepartment,
  DUPLICATE_WINDOW_MS,
  hotspotDue,
  linkedReports,
  mayDuplicate,
  type CoordinationProposal,
  type TicketLink,
} from './duplicates';
import { ForbiddenError, type Actor } from './lifecycle';
import type { TicketStore } from './ports';
import type { Ticket, TicketEvent } from './ticket';

/** A ticket proposed to supervisors for 顶格协调, as the supervision desk is told of it. */
export interface CoordinationProposalNotice {
  ticketId: string;
  trigger: CoordinationProposal['trigger'];
  /** Reports linked to it as repeating it. */
  reports: number;
  department: string | null;
  at: string;
}

/** Where proposals for 顶格协调 reach supervisors (their notification feed, webhooks). */
export interface CoordinationDesk {
  /** Once per ticket and trigger: the desk keeps the first and ignores repeats. */
  propose(notice: CoordinationProposalNotice): Promise<void>;
}

export class NotLinkedError extends HotlineError {
  constructor(id: string, other: string) {
    super('NOT_LINKED', `ticket ${id} has no proposed link to ${other}`, 409);
  }
}

export interface DuplicateLinkerDeps {
  store: Pick<TicketStore, 'get' | 'recentByPlace' | 'relink' | 'transition'>;
  clock: Clock;
  /** Linked reports at which an open ticket becomes a hotspot (HOTSPOT_THRESHOLD). */
  hotspotThreshold: number;
  similarityThreshold?: number;
  desk?: CoordinationDesk;
}

/** Open reports read per place when looking for the one a new ticket repeats. */
const CANDIDATES = 50;
const MAX_CONFLICT_RETRIES = 5;
const BOT: TicketEvent['actor'] = { kind: 'bot' };
const SYSTEM: TicketEvent['actor'] = { kind: 'system', id: 'duplicates', role: 'system' };

/**
 * Duplicates and hotspots (并单): links a new ticket to the open report of the same incident, on
 * both tickets at once, and proposes the report for 顶格协调 when enough reports gather on it.
 * Links are proposals for duty staff, who reject one with `unlink`; every step is in both
 * tickets' histories. Concurrent filings and lifecycle steps are re-read and decided again.
 */
export class DuplicateLinker {
  constructor(private readonly deps: DuplicateLinkerDeps) {}

  /** Links a just-filed ticket to the report it repeats, if any; the ticket as stored after. */
  async linkNew(filed: Ticket): Promise<Ticket> {
    const { store } = this.deps;
    let fresh: Ticket | null = filed;
    for (let attempt = 1; fresh !== null; attempt++) {
      if (fresh.district === null || fresh.links.some((l) => l.kind === 'duplicate_of')) {
        return fresh;
      }
      const since = Date.parse(fresh.createdAt) - DUPLICATE_WINDOW_MS;
      const candidates = await store.recentByPlace(
        duplicateDepartment(fresh),
        fresh.district,
        since,
        CANDIDATES,
      );
      const match = bestDuplicate(fresh, candidates, this.deps.similarityThreshold);
      const target = match === null ? null : await store.get(match.ticketId);
      if (match === null || target === null || !mayDuplicate(fresh, target)) return fresh;
      try {
        const linked = await this.link(fresh, target, match.score);
        await this.proposeHotspot(linked.target);
        return linked.fresh;
      } catch (err) {
        if (!(err instanceof TicketVersionConflictError) || attempt >= MAX_CONFLICT_RETRIES) {
          throw err;
        }
      }
      fresh = await store.get(filed.id);
    }
    throw new TicketNotFoundError(filed.id);
  }

  /**
   * Duty staff or a supervisor reject a proposed merge: the link goes from both tickets, with
   * an `unlink` event on each. A department may not (403); tickets not linked answer 409.
   */
  async unlink(id: string, otherId: string, actor: Actor & { name?: string }): Promise<Ticket> {
    if (actor.role !== 'duty' && actor.role !== 'supervisor') {
      throw new ForbiddenError(`${actor.role} may not unlink; duty or supervisor may`);
    }
    const { store, clock } = this.deps;
    for (let attempt = 1; ; attempt++) {
      const [a, b] = await Promise.all([store.get(id), store.get(otherId)]);
      if (a === null) throw new TicketNotFoundError(id);
      if (b === null || !a.links.some((l) => l.ticketId === b.id)) {
        throw new NotLinkedError(id, otherId);
      }
      const at = clock.now().toISOString();
      const by: TicketEvent['actor'] = {
        kind: 'staff',
        id: actor.id,
        role: actor.role,
        ...(actor.name === undefined ? {} : { name: actor.name }),
      };
      const unlinked = (t: Ticket, other: Ticket) => ({
        current: t,
        links: t.links.filter((l) => l.ticketId !== other.id),
        event: {
          at,
          actor: by,
          type: 'unlink' as const,
          note: `不是同一事项，取消与 ${other.id} 的并单建议`,
          data: { ticketId: other.id },
        },
      });
      try {
        const change = unlinked(a, b);
        await store.relink(change, unlinked(b, a));
        return { ...a, links: change.links, version: a.version + 1, updatedAt: at };
      } catch (err) {
        if (!(err instanceof TicketVersionConflictError) || attempt >= MAX_CONFLICT_RETRIES) {
          throw err;
        }
      }
    }
  }

  /** Writes the link on both tickets; both as stored after. */
  private async link(
    fresh: Ticket,
    target: Ticket,
    score: number,
  ): Promise<{ fresh: Ticket; target: Ticket }> {
    const at = this.deps.clock.now().toISOString();
    const reports = linkedReports(target) + 1;
    const of: TicketLink = { ticketId: target.id, kind: 'duplicate_of', score };
    const by: TicketLink = { ticketId: fresh.id, kind: 'duplicated_by', score };
    const links = [...fresh.links, of];
    const targetLinks = [...target.links.filter((l) => l.ticketId !== fresh.id), by];
    // The report a burst links to is written first: it is the one concurrent filings contend
    // for, and a refusal there costs nothing to take back (the fresh ticket is not written yet).
    await this.deps.store.relink(
      {
        current: target,
        links: targetLinks,
        event: {
          at,
          actor: BOT,
          type: 'link',
          note: `${fresh.id} 疑似反映同一事项（并单建议），已关联来件 ${reports} 件`,
          data: { ...by, reports },
        },
      },
      {
        current: fresh,
        links,
        event: {
          at,
          actor: BOT,
          type: 'link',
          note: `疑似与 ${target.id} 为同一事项（并单建议，待值班人员确认）`,
          data: { ...of },
        },
      },
    );
    const after = (t: Ticket, l: TicketLink[]) => ({
      ...t,
      links: l,
      version: t.version + 1,
      updatedAt: at,
    });
    return { fresh: after(fresh, links), target: after(target, targetLinks) };
  }

  /**
   * Proposes an open ticket for 顶格协调 once its linked reports reach the threshold: the
   * proposal is written once (a concurrent filer re-reads and finds it), and supervisors are
   * told by whoever wrote it. Starts from the ticket as just linked (no re-read on every
   * filing); a conflict re-reads it.
   */
  private async proposeHotspot(linked: Ticket): Promise<void> {
    const { store, clock, hotspotThreshold } = this.deps;
    const id = linked.id;
    for (let attempt = 1; ; attempt++) {
      const current = attempt === 1 ? linked : await store.get(id);
      if (current === null || !hotspotDue(current, hotspotThreshold)) return;
      const at = clock.now().toISOString();
      const reports = linkedReports(current);
      const next: Ticket = {
        ...current,
        coordinationProposal: { trigger: 'hotspot', at },
        updatedAt: at,
        version: current.version + 1,
      };
      const event: TicketEvent = {
        at,
        actor: SYSTEM,
        type: 'propose_coordination',
        note: `同一事项已关联来件 ${reports} 件（热点），建议顶格协调`,
        data: { trigger: 'hotspot', reports },
      };
      try {
        // Supervisors are told before the marker is written: a marker without a notice would
        // never be proposed again, while the desk keeps the first of repeated notices.
        await this.deps.desk?.propose({
          ticketId: id,
          trigger: 'hotspot',
          reports,
          department: next.leadDepartment,
          at,
        });
        await store.transition(current, next, event);
        return;
      } catch (err) {
        if (!(err instanceof TicketVersionConflictError) || attempt >= MAX_CONFLICT_RETRIES) {
          throw err;
        }
      }
    }
  }
}
