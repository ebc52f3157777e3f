import type { Clock } from '../core/clock';
import { HotlineError, TicketNotFoundError, TicketVersionConflictError } from '../core/errors';
import {
  bestDuplicate,
  duplicateDepartment,
  duplicateOf,
  DUPLICATE_WINDOW_MS,
  LISTED_DUPLICATES,
  mayDuplicate,
  type CoordinationProposal,
  type DuplicateCandidate,
  type TicketLink,
} from './duplicates';
import { roleRefusal, type Actor } from './lifecycle';
import type { DuplicateAdded, TicketStore } from './ports';
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

/** A department's request that waits for the hotline's decision: an extension or a transfer. */
export interface DecisionRequestNotice {
  ticketId: string;
  kind: 'extension' | 'transfer';
  /** The department that asks. */
  department: string | null;
  /** When the step it concerns is due. */
  dueAt: string;
  at: string;
}

/**
 * A ticket under 督办 by a person's doing: `reopen`, sent back to its lead to be answered again
 * (重办) after a 不满意; `supervise`, a supervisor's decision.
 */
export interface SupervisedNotice {
  kind: 'reopen' | 'supervise';
  ticketId: string;
  /** The lead that must answer again. */
  department: string | null;
  /** When the new answer is due. */
  dueAt: string;
  at: string;
}

/** Departments given a co-department's task (协办) on a ticket, by the lead or by 顶格协调. */
export interface CoTaskNotice {
  ticketId: string;
  departments: string[];
  /** When the lead's answer is due. */
  dueAt: string;
  at: string;
}

/** A co-department's input posted, for the lead (`department`) to use in its answer. */
export interface CoInputNotice {
  ticketId: string;
  department: string;
  from: string;
  /** When the lead's answer is due. */
  dueAt: string;
  at: string;
}

/** A department made lead by an approved transfer or by 顶格协调. */
export interface AssignedNotice {
  ticketId: string;
  department: string;
  via: 'transfer' | 'coordinate';
  /** When its answer is due. */
  dueAt: string;
  at: string;
}

/**
 * Where proposals for 顶格协调, and requests to decide, reach supervisors (feed, webhooks), and a
 * 重办 or a supervisor's 督办 reaches the lead and the supervisors, and a 协办 task its department.
 */
export interface CoordinationDesk {
  /** Once per ticket and trigger: the desk keeps the first and ignores repeats. */
  propose(notice: CoordinationProposalNotice): Promise<void>;
  /** Once per ticket, kind and moment. */
  ask?(notice: DecisionRequestNotice): Promise<void>;
  /** Once per ticket and moment. */
  supervised?(notice: SupervisedNotice): Promise<void>;
  /** To each co-department named, once per ticket, department and moment. */
  coTasks?(notice: CoTaskNotice): Promise<void>;
  /** To the new lead, once per ticket, department and moment. */
  assigned?(notice: AssignedNotice): Promise<void>;
  /** To the lead, once per ticket, co-department and moment. */
  coInput?(notice: CoInputNotice): Promise<void>;
}

export class NotLinkedError extends HotlineError {
  constructor(id: string, other: string) {
    super(
      'NOT_LINKED',
      `工单 ${id} 与 ${other} 没有并单关联 / ticket ${id} has no proposed link to ${other}`,
      409,
    );
  }
}

export interface DuplicateLinkerDeps {
  store: Pick<
    TicketStore,
    'get' | 'recentByPlace' | 'relink' | 'addDuplicate' | 'removeDuplicate' | 'proposeCoordination'
  >;
  clock: Clock;
  /** Linked reports at which an open ticket becomes a hotspot (HOTSPOT_THRESHOLD). */
  hotspotThreshold: number;
  similarityThreshold?: number;
  desk?: CoordinationDesk;
}

/** Open reports read per place when looking for the one a new ticket repeats, newest first. */
const CANDIDATES = 50;
/**
 * Earliest open reports read as well when a place has more than CANDIDATES open: a burst's
 * first report is the one to link to, and 50 retellings filed after it push it off the newest.
 */
const EARLIEST_CANDIDATES = 10;
/**
 * How old the open reports' fields may be on a first look (read by this instance that long
 * ago): a burst files dozens of reports a second at one place, and each read every open report
 * there again. It is safe because the link itself is refused, atomically, by a report that has
 * closed or moved since (addDuplicate's `place`); the look after a refusal reads afresh.
 */
const CANDIDATES_MAX_AGE_MS = 1000;
const MAX_ATTEMPTS = 5;
const BOT: TicketEvent['actor'] = { kind: 'bot' };
const SYSTEM: TicketEvent['actor'] = { kind: 'system', id: 'duplicates', role: 'system' };

/**
 * Duplicates and hotspots (并单): links a new ticket to the open report of the same incident, on
 * both tickets, and proposes the report for 顶格协调 when enough reports gather on it. Links are
 * proposals for duty staff, who reject one with `unlink`; every step is in both tickets'
 * histories. The report a burst links to is appended to, never rewritten at a version, so
 * concurrent filings do not conflict on it; the new ticket's side is written at its version.
 */
export class DuplicateLinker {
  constructor(private readonly deps: DuplicateLinkerDeps) {}

  /** Links a just-filed ticket to the report it repeats, if any; the ticket as stored after. */
  async linkNew(filed: Ticket): Promise<Ticket> {
    const { store } = this.deps;
    // A report refused as the one repeated (closed or gone since the search read it) is
    // looked for again, among the open reports left.
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (filed.district === null || duplicateOf(filed) !== undefined) return filed;
      const candidates = await store.recentByPlace(
        duplicateDepartment(filed),
        filed.district,
        Date.parse(filed.createdAt) - DUPLICATE_WINDOW_MS,
        CANDIDATES,
        EARLIEST_CANDIDATES,
        attempt === 1 ? CANDIDATES_MAX_AGE_MS : 0,
      );
      const match = bestDuplicate(filed, candidates, this.deps.similarityThreshold);
      const target = candidates.find((c) => c.id === match?.ticketId);
      if (match === null || target === undefined) return filed;
      const linked = await this.link(filed, target, match.score);
      if (linked !== null) return linked;
    }
    return filed;
  }

  /**
   * Duty staff or a supervisor reject a proposed merge: the link goes from both tickets, with
   * an `unlink` event on each, and the report repeated counts one linked report less. Either
   * ticket may be named first. A department may not (403); tickets not linked answer 409.
   */
  async unlink(id: string, otherId: string, actor: Actor & { name?: string }): Promise<Ticket> {
    if (actor.role !== 'duty' && actor.role !== 'supervisor') {
      throw roleRefusal(actor.role, ['duty', 'supervisor'], '撤销并单', 'unlink');
    }
    const { store, clock } = this.deps;
    for (let attempt = 1; ; attempt++) {
      const [a, b] = await Promise.all([store.get(id), store.get(otherId)]);
      if (a === null) throw new TicketNotFoundError(id);
      const pair = b === null ? null : linkedPair(a, b);
      if (pair === null) throw new NotLinkedError(id, otherId);
      const { report, repeated } = pair;
      const at = clock.now().toISOString();
      const by: TicketEvent['actor'] = {
        kind: 'staff',
        id: actor.id,
        role: actor.role,
        ...(actor.name === undefined ? {} : { name: actor.name }),
      };
      const event = (other: string): TicketEvent => ({
        at,
        actor: by,
        type: 'unlink',
        note: `不是同一事项，取消与 ${other} 的并单建议`,
        data: { ticketId: other },
      });
      const links = report.links.filter((l) => l.ticketId !== repeated.id);
      // The later report first, at its version: only one unlink can take its link off, and that
      // one alone tells the report repeated to count one less (without a version: a burst may
      // be linking to it at this moment). A report that does not point back (its link was
      // never finished) is taken off the list only if listed.
      const counted = links.length < report.links.length;
      try {
        if (counted) await store.relink({ current: report, links, event: event(repeated.id) });
      } catch (err) {
        if (!(err instanceof TicketVersionConflictError) || attempt >= MAX_ATTEMPTS) throw err;
        continue;
      }
      const left = await store.removeDuplicate(repeated.id, report.id, counted, event(report.id));
      if (left === null && !counted) throw new NotLinkedError(id, otherId);
      const after = await store.get(id);
      if (after === null) throw new TicketNotFoundError(id);
      return after;
    }
  }

  /**
   * Writes the link on both tickets: the new ticket as stored after, or null when the report
   * it repeats was refused (closed or gone since it was read), to look again.
   *
   * The report repeated is written first, by an append that cannot conflict: it is the one a
   * burst's filings all write at once, and it is refused only when closed or gone, with nothing
   * written anywhere yet. The new ticket is written second, at its version: it is seconds old,
   * so a refusal is rare; it is re-read (nothing else) and written again, and if it can no
   * longer be linked the append is taken back by removeDuplicate, which cannot conflict either.
   * The other way round, taking back the new ticket's link would need its version, and could be
   * refused in turn. A crash between the two leaves the report counting one report that does
   * not point back: at worst a hotspot one report early, and duty staff can unlink it.
   */
  private async link(
    fresh: Ticket,
    target: DuplicateCandidate,
    score: number,
  ): Promise<Ticket | null> {
    const { store, clock } = this.deps;
    const at = clock.now().toISOString();
    const of: TicketLink = { ticketId: target.id, kind: 'duplicate_of', score };
    const by: TicketLink = { ticketId: fresh.id, kind: 'duplicated_by', score };
    const added = await store.addDuplicate(
      target.id,
      by,
      {
        at,
        actor: BOT,
        type: 'link',
        note: `${fresh.id} 疑似反映同一事项（并单建议）`,
        data: { ...by },
      },
      LISTED_DUPLICATES,
      { department: duplicateDepartment(fresh), district: fresh.district ?? '' },
    );
    if (!added.ok) return null;
    let current: Ticket | null = fresh;
    for (let attempt = 1; ; attempt++) {
      if (
        current === null ||
        duplicateOf(current) !== undefined ||
        !mayDuplicate(current, target)
      ) {
        break;
      }
      const links = [...current.links, of];
      try {
        await store.relink({
          current,
          links,
          event: {
            at,
            actor: BOT,
            type: 'link',
            note: `疑似与 ${target.id} 为同一事项（并单建议，待值班人员确认）`,
            data: { ...of },
          },
        });
      } catch (err) {
        if (err instanceof TicketVersionConflictError && attempt < MAX_ATTEMPTS) {
          current = await store.get(fresh.id);
          continue;
        }
        await this.takeBack(target.id, fresh.id);
        throw err;
      }
      await this.proposeHotspot(target, added);
      return { ...current, links, version: current.version + 1, updatedAt: at };
    }
    await this.takeBack(target.id, fresh.id);
    if (current === null) throw new TicketNotFoundError(fresh.id);
    return current;
  }

  /** Takes back a link appended to `targetId` whose new ticket could not be written. */
  private async takeBack(targetId: string, freshId: string): Promise<void> {
    await this.deps.store.removeDuplicate(targetId, freshId, true, {
      at: this.deps.clock.now().toISOString(),
      actor: BOT,
      type: 'unlink',
      note: `${freshId} 的并单建议未能写入，已撤回`,
      data: { ticketId: freshId },
    });
  }

  /**
   * Proposes the report repeated for 顶格协调 once its linked reports reach the threshold,
   * from what the append answered (no re-read): every filing that finds it not yet proposed
   * tells the desk, which keeps the first notice, and the marker is written once.
   */
  private async proposeHotspot(
    target: DuplicateCandidate,
    added: Extract<DuplicateAdded, { ok: true }>,
  ): Promise<void> {
    const { store, clock, hotspotThreshold, desk } = this.deps;
    if (added.proposed || added.reports < hotspotThreshold) return;
    const at = clock.now().toISOString();
    const { reports } = added;
    // Supervisors are told before the marker is written: a marker without a notice would
    // never be proposed again, while the desk keeps the first of repeated notices.
    await desk?.propose({
      ticketId: target.id,
      trigger: 'hotspot',
      reports,
      department: target.leadDepartment,
      at,
    });
    await store.proposeCoordination(
      target.id,
      { trigger: 'hotspot', at },
      {
        at,
        actor: SYSTEM,
        type: 'propose_coordination',
        note: `同一事项已关联来件 ${reports} 件（热点），建议顶格协调`,
        data: { trigger: 'hotspot', reports },
      },
    );
  }
}

/**
 * Which of two tickets is the later report and which the report it repeats: the one pointing
 * to the other (`duplicate_of`), else (a link never finished) the one listing the other.
 */
function linkedPair(a: Ticket, b: Ticket): { report: Ticket; repeated: Ticket } | null {
  const has = (t: Ticket, other: Ticket, kind: TicketLink['kind']) =>
    t.links.some((l) => l.ticketId === other.id && l.kind === kind);
  if (has(a, b, 'duplicate_of')) return { report: a, repeated: b };
  if (has(b, a, 'duplicate_of')) return { report: b, repeated: a };
  if (has(a, b, 'duplicated_by')) return { report: b, repeated: a };
  if (has(b, a, 'duplicated_by')) return { report: a, repeated: b };
  return null;
}
