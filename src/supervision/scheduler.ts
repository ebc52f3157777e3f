import type { Clock } from '../core/clock';
import { TicketVersionConflictError } from '../core/errors';
import type { Deadline, DeadlineStep } from '../tickets/deadlines';
import type { DepartmentName } from '../tickets/notices';
import type { Notifier, TicketStore } from '../tickets/ports';
import type { Ticket, TicketEvent } from '../tickets/ticket';
import type { Alert } from './alerts';
import { publish } from './notification';
import { alertNote, supervisedNotice } from './notices';
import type { AlertQueue, NotificationStore, SupervisionNotification, WebhookSink } from './ports';

export interface SchedulerDeps {
  tickets: Pick<TicketStore, 'get' | 'history' | 'transition'>;
  alerts: AlertQueue;
  notifications: NotificationStore;
  webhooks?: WebhookSink;
  /** The requester's chat. */
  notifier?: Notifier;
  clock: Clock;
  departmentName?: DepartmentName;
  /** Alerts claimed per tick. */
  batch?: number;
  /** How long a claim is held before another instance may raise the alert instead. */
  leaseMs?: number;
  /** An alert that could not be raised (it is offered again after its lease) or a chat not reached. */
  onError?: (err: unknown, what: string) => void;
}

/** What became of one claimed alert. */
export type AlertOutcome = 'raised' | 'dropped' | 'superseded';

export interface TickResult {
  raised: number;
  dropped: number;
  failed: number;
}

const MAX_CONFLICT_RETRIES = 5;
const SYSTEM_ACTOR: TicketEvent['actor'] = { kind: 'system', id: 'supervision', role: 'system' };

/**
 * Raises the yellow warnings and red overdue flags (督办) the ticket stores index. Any number of
 * instances may tick: each alert is claimed by one of them for a lease and marked raised when
 * its effects are done; a claim its holder never settles (a crash) is offered again after the
 * lease. The ticket's history and the notification feeds are written once per alert even then:
 * a retry finds the event it wrote (by the alert's key) and the notifications by their id, and
 * the chat message and webhooks go out only with the record that was new.
 */
export class SupervisionScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private readonly batch: number;
  private readonly leaseMs: number;

  constructor(private readonly deps: SchedulerDeps) {
    this.batch = deps.batch ?? 100;
    this.leaseMs = deps.leaseMs ?? 120_000;
  }

  /** Ticks every `intervalMs` (real time; the alerts' times come from the clock). */
  start(intervalMs: number): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => {
      if (this.running !== null) return;
      this.running = this.tick()
        .catch((err: unknown) => this.deps.onError?.(err, 'supervision tick'))
        .finally(() => {
          this.running = null;
        });
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops ticking and waits for a tick in progress. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Claims the alerts due at `now` and raises each; one that fails waits for its lease to end. */
  async tick(now: Date = this.deps.clock.now()): Promise<TickResult> {
    const claimed = await this.deps.alerts.claimDueAlerts(now, this.batch, this.leaseMs);
    const result: TickResult = { raised: 0, dropped: 0, failed: 0 };
    for (const alert of claimed) {
      try {
        const outcome = await this.raise(alert, now);
        if (outcome === 'raised') result.raised += 1;
        else result.dropped += 1;
      } catch (err) {
        result.failed += 1;
        this.deps.onError?.(err, `supervision alert ${alert.key}`);
      }
    }
    return result;
  }

  /**
   * Raises one claimed alert. Nothing is owed when the step was met (or changed) meanwhile; a
   * warning found after its deadline passed gives way to the overdue flag.
   */
  async raise(alert: Alert, now: Date): Promise<AlertOutcome> {
    const { alerts } = this.deps;
    const ticket = await this.deps.tickets.get(alert.ticketId);
    const deadline = ticket === null ? undefined : owedDeadline(ticket, alert);
    if (ticket === null || deadline === undefined) {
      await alerts.settleAlert(alert.key, 'dropped', now);
      return 'dropped';
    }
    if (alert.kind === 'warn' && now.getTime() >= Date.parse(alert.dueAt)) {
      await alerts.settleAlert(alert.key, 'raised', now);
      return 'superseded';
    }
    const recorded = await this.record(alert, now, ticket);
    const notification: SupervisionNotification = {
      id: alert.key,
      type: alert.kind === 'warn' ? 'warning' : 'overdue',
      level: alert.kind === 'warn' ? 'yellow' : 'red',
      ticketId: alert.ticketId,
      step: alert.step,
      dueAt: alert.dueAt,
      department: deadline.department ?? recorded.ticket.leadDepartment,
      at: now.toISOString(),
    };
    await publish(notification, this.deps);
    if (recorded.newlySupervised) await this.tellRequester(recorded.ticket, alert.step);
    await alerts.settleAlert(alert.key, 'raised', now);
    return 'raised';
  }

  /**
   * The alert's history event (and, when overdue, the 督办 flag), written once: a retry after a
   * crash finds the event by the alert's key; a concurrent change is re-read and written again.
   * Starts from `read`, the ticket raise just read.
   */
  private async record(
    alert: Alert,
    now: Date,
    read: Ticket,
  ): Promise<{ ticket: Ticket; newlySupervised: boolean }> {
    const { tickets } = this.deps;
    for (let attempt = 1; ; attempt++) {
      const current = attempt === 1 ? read : await tickets.get(alert.ticketId);
      if (current === null) throw new Error(`ticket ${alert.ticketId} disappeared`);
      const history = await tickets.history(alert.ticketId);
      if (history.some((e) => e.data?.alert === alert.key)) {
        return { ticket: current, newlySupervised: false };
      }
      const at = now.toISOString();
      const overdue = alert.kind === 'overdue';
      const next: Ticket = {
        ...current,
        supervised: current.supervised || overdue,
        updatedAt: at,
        version: current.version + 1,
      };
      const event: TicketEvent = {
        at,
        actor: SYSTEM_ACTOR,
        type: overdue ? 'supervise' : 'warning',
        note: alertNote(alert.step, alert.kind),
        data: {
          alert: alert.key,
          step: alert.step,
          dueAt: alert.dueAt,
          level: overdue ? 'red' : 'yellow',
        },
      };
      try {
        await tickets.transition(current, next, event);
        return { ticket: next, newlySupervised: overdue && !current.supervised };
      } catch (err) {
        if (!(err instanceof TicketVersionConflictError) || attempt >= MAX_CONFLICT_RETRIES) {
          throw err;
        }
      }
    }
  }

  /** Once per ticket, when it is first put under 督办; a chat that cannot be reached is logged. */
  private async tellRequester(ticket: Ticket, step: DeadlineStep): Promise<void> {
    const { notifier, departmentName = (code: string) => code } = this.deps;
    if (notifier === undefined) return;
    try {
      await notifier.notify(ticket.conversation, supervisedNotice(ticket, departmentName, step));
    } catch (err) {
      this.deps.onError?.(err, `supervision notice for ${ticket.id}`);
    }
  }
}

/** The open deadline the alert was indexed for; undefined once met, extended or removed. */
function owedDeadline(ticket: Ticket, alert: Alert): Deadline | undefined {
  if (ticket.status === 'closed') return undefined;
  return ticket.deadlines.find(
    (d) => d.step === alert.step && d.dueAt === alert.dueAt && d.metAt === null,
  );
}
