import type { CoordinationProposal, DuplicateCandidate, TicketLink } from './duplicates';
import type { ConversationPointer, Ticket, TicketEvent } from './ticket';

/** A link change on one ticket: the ticket as read, its links afterwards, its history event. */
export interface LinkChange {
  current: Ticket;
  links: TicketLink[];
  event: TicketEvent;
}

/** The report a filing repeats, as `addDuplicate` left it. */
export type DuplicateAdded =
  | {
      ok: true;
      /** Reports linked to it now (`duplicateReports`), the one just added included. */
      reports: number;
      /** Whether it was already proposed for 顶格协调 (coordinationProposal set). */
      proposed: boolean;
    }
  /** Refused, nothing written: the ticket does not exist, is closed, or is not at the place. */
  | { ok: false; reason: 'not_found' | 'closed' | 'moved' };

export interface CreateResult {
  ticket: Ticket;
  /** false when the dedupe key had already created a ticket, which is returned instead. */
  created: boolean;
}

/** Where tickets live. Redis in production; memory for a quick demo. Same contract suite for both. */
export interface TicketStore {
  /**
   * Next number of the daily sequence for local date `YYYYMMDD` (atomic, starts at 1), always
   * above `floor`: the highest number the caller has seen issued, which a store restored from an
   * older snapshot may have forgotten.
   */
  nextSequence(localDate: string, floor?: number): Promise<number>;
  /**
   * Stores a new ticket with its first history event and indexes, atomically, only if no ticket
   * has its id (TicketExistsError otherwise), and keeps the day's sequence at least as high as
   * its number. With a dedupe key, a second create under the same key returns the first ticket.
   */
  create(ticket: Ticket, firstEvent: TicketEvent, dedupeKey?: string): Promise<CreateResult>;
  get(id: string): Promise<Ticket | null>;
  history(id: string): Promise<TicketEvent[]>;
  /** Newest first. */
  listByRequester(requesterKey: string, limit: number): Promise<Ticket[]>;
  /** Tickets filed for an organisation (Requester.organization) by any member, newest first. */
  listByOrganization(organization: string, limit: number): Promise<Ticket[]>;
  /** Earliest due first. */
  listOpenByDepartment(department: string, limit: number): Promise<Ticket[]>;
  /** Appends to the history; throws TicketNotFoundError for an unknown id. */
  appendEvent(id: string, event: TicketEvent): Promise<void>;
  /** Which ticket a dedupe key created, if any. */
  findByDedupeKey(dedupeKey: string): Promise<string | null>;
  /**
   * Applies one lifecycle step atomically: only while the stored ticket is still at
   * `current.version` (TicketVersionConflictError otherwise; TicketNotFoundError for an unknown
   * id) writes `next`, appends `event` to the history and moves the ticket between the indexes
   * (lead's open set, co-departments' sets, all open; a closed ticket leaves the open sets).
   * `current` is the ticket as read; its index memberships are the ones left.
   */
  transition(current: Ticket, next: Ticket, event: TicketEvent): Promise<void>;
  /**
   * One page of tickets, newest first: every ticket, or those a department has been involved
   * in (lead, co-department, first contact). `cursor` is where the previous page stopped (0 to
   * start); `next` is null after the last page. Callers re-check involvement: a department that
   * has transferred a ticket away stays in its index.
   */
  page(scope: TicketScope, cursor: number, limit: number): Promise<TicketPage>;
  /**
   * Open tickets of `department` (lead, or the proposed one while undispatched) in `district`
   * filed at or after `sinceMs`: the `limit` newest, newest first, then (when there are more)
   * up to `oldest` of the earliest not among them, earliest first: where a new report looks for
   * the one it repeats. Older entries may be dropped from the index as it is read: callers pass
   * a moment that only moves forward (now less the duplicate window). Only what the duplicate
   * check compares is read. `maxAgeMs` (default 0): a store may answer with a ticket's fields as
   * this instance read them up to that long ago, instead of reading each again; the caller must
   * not rely on them beyond what addDuplicate checks atomically (open, and still at the place).
   */
  recentByPlace(
    department: string,
    district: string,
    sinceMs: number,
    limit: number,
    oldest?: number,
    maxAgeMs?: number,
  ): Promise<DuplicateCandidate[]>;
  /**
   * Writes one ticket's links (the later report's side of a proposed merge, or of duty staff
   * rejecting one): only while it is still at the version read (TicketVersionConflictError
   * otherwise; TicketNotFoundError for an unknown id) it gets its new links, one version more,
   * `updatedAt` at its event's time, and its event appended to its history.
   */
  relink(change: LinkChange): Promise<void>;
  /**
   * Links a later report to the report `id` it repeats, atomically and without a version check
   * (concurrent filings never conflict here): refused while `id` is closed or missing, or when
   * `place` is given and `id` is no longer reported there (its department for duplicates, as
   * duplicateDepartment, or its district changed); else its
   * count of linked reports grows by one, `link` is listed if it lists fewer than `listed`
   * `duplicated_by` links, its version grows by one, `updatedAt` becomes the event's time, and
   * `event` is appended to its history with `data.reports` set to the new count.
   */
  addDuplicate(
    id: string,
    link: TicketLink,
    event: TicketEvent,
    listed: number,
    place?: { department: string; district: string },
  ): Promise<DuplicateAdded>;
  /**
   * Takes report `reportId` off the reports linked to `id`, atomically and without a version
   * check: its `duplicated_by` link goes if listed, and the count falls by one if it was listed
   * or `counted` says the caller knows it was counted; then one version more, `updatedAt` and
   * `event` as for addDuplicate. Returns the new count; null when nothing was taken off (not
   * listed and not `counted`: nothing is written), TicketNotFoundError for an unknown id.
   */
  removeDuplicate(
    id: string,
    reportId: string,
    counted: boolean,
    event: TicketEvent,
  ): Promise<number | null>;
  /**
   * Marks an open ticket proposed for 顶格协调 unless it already is, atomically and without a
   * version check: sets `coordinationProposal`, one version more, `updatedAt` at the event's
   * time, appends `event`. false (nothing written) when it is closed or already proposed;
   * TicketNotFoundError for an unknown id.
   */
  proposeCoordination(
    id: string,
    proposal: CoordinationProposal,
    event: TicketEvent,
  ): Promise<boolean>;
}

export type TicketScope = { kind: 'all' } | { kind: 'department'; department: string };

export interface TicketPage {
  tickets: Ticket[];
  next: number | null;
}

/**
 * Reaches a person in the conversation a ticket came from, when they have not just written:
 * ticket progress, SLA news. The channel decides how (Bot Connector for Teams, Direct Line...).
 */
export interface Notifier {
  /** `actions` become buttons under the message (suggested actions) where the channel has them. */
  notify(
    conversation: ConversationPointer,
    text: string,
    actions?: readonly NoticeAction[],
  ): Promise<void>;
}

/**
 * A button under a message: tapping it posts `value` back as the person's own message, so the
 * answer arrives as ordinary text on every channel (Web Chat, Teams, the Emulator).
 */
export interface NoticeAction {
  title: string;
  value: string;
}
