import type {
  CoordinationDesk,
  CoordinationProposalNotice,
  DecisionRequestNotice,
  SupervisedNotice,
  CoTaskNotice,
  AssignedNotice,
  CoInputNotice,
} from '../tickets/duplicateLinker';
import { publish } from './notification';
import {
  SUPERVISORS_AUDIENCE,
  type NotificationStore,
  type ProposalNotification,
  type RequestNotification,
  type WebhookSink,
} from './ports';

/**
 * Proposals for 顶格协调 reach the supervisors' notification feed (and their webhook), once per
 * ticket and trigger: the notification's id is built from both, and the feed keeps the first.
 */
export class SupervisorDesk implements CoordinationDesk {
  constructor(
    private readonly deps: { notifications: NotificationStore; webhooks?: WebhookSink },
  ) {}

  async propose(p: CoordinationProposalNotice): Promise<void> {
    const n: ProposalNotification =
      p.trigger === 'hotspot'
        ? { id: `hotspot:${p.ticketId}`, type: 'hotspot', level: 'red', ...p }
        : {
            id: `coordination:${p.ticketId}:${p.trigger}`,
            type: 'coordination',
            level: 'red',
            ...p,
          };
    const fresh = await this.deps.notifications.add(SUPERVISORS_AUDIENCE, n);
    if (fresh) this.deps.webhooks?.send(SUPERVISORS_AUDIENCE, n);
  }

  async ask(r: DecisionRequestNotice): Promise<void> {
    const type = r.kind === 'extension' ? 'extension_request' : 'transfer_request';
    const n: RequestNotification = {
      id: `${type}:${r.ticketId}:${r.at}`,
      type,
      level: 'yellow',
      ticketId: r.ticketId,
      department: r.department,
      dueAt: r.dueAt,
      at: r.at,
    };
    const fresh = await this.deps.notifications.add(SUPERVISORS_AUDIENCE, n);
    if (fresh) this.deps.webhooks?.send(SUPERVISORS_AUDIENCE, n);
  }

  /** To each co-department's feed and webhook (yellow: a task, not a lateness). */
  async coTasks({ departments, ...r }: CoTaskNotice): Promise<void> {
    for (const department of departments) {
      await publish(
        {
          id: `co_task:${r.ticketId}:${department}:${r.at}`,
          type: 'co_task',
          level: 'yellow',
          department,
          ...r,
        },
        this.deps,
      );
    }
  }

  /** To the new lead's feed and webhook (yellow: a ticket to take on, not a lateness). */
  async assigned(r: AssignedNotice): Promise<void> {
    await publish(
      {
        id: `assigned:${r.ticketId}:${r.department}:${r.at}`,
        type: 'assigned',
        level: 'yellow',
        ...r,
      },
      this.deps,
    );
  }

  /** To the lead's feed and webhook (yellow: input to use in its answer, not a lateness). */
  async coInput(r: CoInputNotice): Promise<void> {
    await publish(
      { id: `co_input:${r.ticketId}:${r.from}:${r.at}`, type: 'co_input', level: 'yellow', ...r },
      this.deps,
    );
  }

  /** To the lead's feed and webhook, and the supervisors' (red: the ticket is under 督办). */
  async supervised({ kind, ...r }: SupervisedNotice): Promise<void> {
    await publish(
      { id: `${kind}:${r.ticketId}:${r.at}`, type: kind, level: 'red', ...r },
      this.deps,
    );
  }
}
