import type { DuplicateCandidate, TicketLink } from './duplicates';
import type { ConversationPointer, Ticket, TicketEvent } from './ticket';

/** One side of a link change: the ticket as read, its links afterwards, its history event. */
export interface LinkChange {
  current: Ticket;
  links: TicketLink[];
  event: TicketEvent;
}

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
   * filed at or after `sinceMs`, newest first: where a new report looks for the one it repeats.
   * Older entries may be dropped from the index as it is read: callers pass a moment that only
   * moves forward (now less the duplicate window). Only what the duplicate check compares is
   * read; the caller re-reads the one report it links to.
   */
  recentByPlace(
    department: string,
    district: string,
    sinceMs: number,
    limit: number,
  ): Promise<DuplicateCandidate[]>;
  /**
   * Writes two tickets' links together (a proposed merge, or duty staff rejecting one), all or
   * nothing: only while both are still at the versions read (TicketVersionConflictError
   * otherwise; TicketNotFoundError for an unknown id) each gets its new links, one version more,
   * `updatedAt` at its event's time, and its event appended to its history.
   */
  relink(a: LinkChange, b: LinkChange): Promise<void>;
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
