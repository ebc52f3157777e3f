import type { UrgeDesk, UrgeNotice } from '../tickets/urge';
import { publish } from './notification';
import type { NotificationStore, WebhookSink } from './ports';

/**
 * A requester's 催办 reaches the handling department's notification feed and webhook (red ones
 * the supervisors' too), once per urge: the notification's id is built from the ticket and the
 * moment of the urge, and a feed keeps the first.
 */
export class UrgeFeed implements UrgeDesk {
  constructor(
    private readonly deps: { notifications: NotificationStore; webhooks?: WebhookSink },
  ) {}

  async urge(notice: UrgeNotice): Promise<void> {
    await publish(
      { id: `urge:${notice.ticketId}:${notice.at}`, type: 'urge', ...notice },
      this.deps,
    );
  }
}
