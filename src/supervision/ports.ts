import type { Alert } from './alerts';

/**
 * The alert index the ticket stores keep beside the tickets (each create and transition
 * re-indexes a ticket's alerts in the same atomic step). Pending alerts are claimed for a lease;
 * a claim not settled before its lease ends is offered again, so a crashed instance loses none.
 */
export interface AlertQueue {
  /**
   * Up to `limit` alerts due at `now` (pending ones, and claims whose lease has run out), each
   * claimed until `now + leaseMs`, atomically: two instances never get the same alert in one
   * lease. Alerts already raised are never returned.
   */
  claimDueAlerts(now: Date, limit: number, leaseMs: number): Promise<Alert[]>;
  /**
   * Ends a claim. `raised`: its effects are done; the key is marked so it is never offered
   * again, even if a later change re-indexes the same deadline. `dropped`: nothing was owed
   * (the step was met meanwhile); the claim is released and nothing is marked.
   */
  settleAlert(key: string, outcome: 'raised' | 'dropped', at: Date): Promise<void>;
}

/** Yellow: a step's time limit is near. Red: it has passed and the ticket is under 督办. */
export type NotificationLevel = 'yellow' | 'red';

/** A step's time limit near (yellow) or passed (red, 督办). */
export interface AlertNotification {
  /** The alert's key: the same notification stored for several audiences has one id. */
  id: string;
  type: 'warning' | 'overdue';
  level: NotificationLevel;
  ticketId: string;
  step: string;
  dueAt: string;
  /** Who must meet the step; null while the duty desk dispatches. */
  department: string | null;
  at: string;
}

/**
 * A ticket proposed to supervisors for 顶格协调: a hotspot (many linked reports of one incident)
 * or a second dispute (a second 不满意, a second transfer request). Once per ticket and trigger.
 */
export interface ProposalNotification {
  /** `<type>:<ticket id>`: the same proposal is stored once. */
  id: string;
  type: 'hotspot' | 'coordination';
  level: 'red';
  ticketId: string;
  trigger: 'hotspot' | 'second_dissatisfied' | 'second_transfer';
  /** Reports linked to the ticket as repeating it (并单). */
  reports: number;
  /** The lead department, null while the duty desk dispatches. */
  department: string | null;
  at: string;
}

/**
 * A requester pressed for their ticket (催办): to the lead department (the duty desk's feed, the
 * supervisors', while undispatched), and to the supervisors too when red: the ticket is past a
 * time limit or already under 督办. At most one per ticket in 24 hours.
 */
export interface UrgeNotification {
  /** `urge:<ticket id>:<at>`: the same urge is stored once. */
  id: string;
  type: 'urge';
  level: NotificationLevel;
  ticketId: string;
  /** When the answer is due. */
  dueAt: string;
  department: string | null;
  /** When the requester urged. */
  at: string;
}

/**
 * A department asks what only the hotline may grant: an extension (延期, a supervisor decides) or
 * a transfer (退单, duty staff or a supervisor decide). To the supervisors' feed, which duty
 * staff read too; the deadline keeps running while nobody decides.
 */
export interface RequestNotification {
  /** `<type>:<ticket id>:<at>`: the same request is stored once. */
  id: string;
  type: 'extension_request' | 'transfer_request';
  level: 'yellow';
  ticketId: string;
  /** The department that asks (the lead). */
  department: string | null;
  /** When the step it concerns is due: the answer (extension) or the transfer request. */
  dueAt: string;
  at: string;
}

/**
 * A ticket put under 督办 by a person, not a clock: `reopen`, the requester rated the answer
 * 不满意 and it went back to the lead to be done again (重办); `supervise`, a supervisor decided
 * it. To the lead and the supervisors, with the answer's due time. Without it the department
 * (whose reopened ticket had left its inbox when it answered) learnt of it when overdue.
 */
export interface SupervisedNotification {
  /** `<type>:<ticket id>:<at>`: the same one is stored once. */
  id: string;
  type: 'reopen' | 'supervise';
  level: 'red';
  ticketId: string;
  /** The lead that must answer again. */
  department: string | null;
  /** When the new answer is due. */
  dueAt: string;
  at: string;
}

/**
 * A department made co-department (协办, by the lead or by 顶格协调): its task has no time limit
 * of its own, so no alert would ever reach it. To that department, with the answer's due time,
 * by which the lead needs its input.
 */
export interface CoTaskNotification {
  /** `co_task:<ticket id>:<department>:<at>`: the same task is stored once. */
  id: string;
  type: 'co_task';
  level: 'yellow';
  ticketId: string;
  /** The co-department. */
  department: string;
  /** When the lead's answer is due. */
  dueAt: string;
  at: string;
}

/**
 * A department made lead by an approved transfer (退单) or by 顶格协调: the ticket lands in its
 * inbox with a new time limit, and without this it learnt of it only by looking there.
 */
export interface AssignedNotification {
  /** `assigned:<ticket id>:<department>:<at>`: the same assignment is stored once. */
  id: string;
  type: 'assigned';
  level: 'yellow';
  ticketId: string;
  /** The new lead. */
  department: string;
  /** How it came: a transfer approved, or a supervisor's 顶格协调. */
  via: 'transfer' | 'coordinate';
  /** When its answer is due. */
  dueAt: string;
  at: string;
}

/**
 * A co-department posted its input (并联): the lead, which answers the requester for all of them,
 * learns it is there to use, without watching the ticket.
 */
export interface CoInputNotification {
  /** `co_input:<ticket id>:<co-department>:<at>`: the same input is stored once. */
  id: string;
  type: 'co_input';
  level: 'yellow';
  ticketId: string;
  /** The lead, which is told. */
  department: string;
  /** The co-department that posted its input. */
  from: string;
  /** When the lead's answer is due. */
  dueAt: string;
  at: string;
}

export type SupervisionNotification =
  | AlertNotification
  | ProposalNotification
  | UrgeNotification
  | RequestNotification
  | SupervisedNotification
  | CoTaskNotification
  | AssignedNotification
  | CoInputNotification;

/** The feed supervisors (and duty staff) read besides the departments'. */
export const SUPERVISORS_AUDIENCE = 'supervisors';

export interface NotificationLimits {
  /** Newest kept per audience. */
  cap: number;
  /** A feed nobody writes to for this long disappears. */
  ttlSeconds: number;
}

/** Notifications per audience (a department code or `supervisors`), capped and expiring. */
export interface NotificationStore {
  /** Stores it unless this audience already has one with its id; false when it had. */
  add(audience: string, notification: SupervisionNotification): Promise<boolean>;
  /** Those after `sinceMs` (exclusive) in the given audiences, oldest first, one per id. */
  list(
    audiences: readonly string[],
    sinceMs: number,
    limit: number,
  ): Promise<SupervisionNotification[]>;
}

/** Delivery to a department's webhook; must not block the caller (retries in the background). */
export interface WebhookSink {
  send(audience: string, notification: SupervisionNotification): void;
}
