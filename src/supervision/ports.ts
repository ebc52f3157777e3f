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

export interface SupervisionNotification {
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
