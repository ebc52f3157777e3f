import { strict as assert } from 'node:assert';
import { MemoryNotificationStore } from '../../src/store/memory/notificationStore';
import type { SupervisionNotification, WebhookSink } from '../../src/supervision/ports';
import { UrgeFeed } from '../../src/supervision/urges';
import type { UrgeNotice } from '../../src/tickets/urge';

const AT = '2026-12-01T02:00:00.000Z';
const clock = { now: () => new Date(AT) };

class RecordingWebhooks implements WebhookSink {
  readonly sent: [string, string][] = [];
  send(audience: string, n: SupervisionNotification): void {
    this.sent.push([audience, n.id]);
  }
}

function notice(overrides: Partial<UrgeNotice> = {}): UrgeNotice {
  return {
    ticketId: 'QD20261128-000001',
    department: 'housing',
    level: 'yellow',
    dueAt: '2026-12-07T09:30:00.000Z',
    at: AT,
    ...overrides,
  };
}

describe('UrgeFeed: a 催办 in the supervision notification feeds', () => {
  let notifications: MemoryNotificationStore;
  let webhooks: RecordingWebhooks;
  let feed: UrgeFeed;
  beforeEach(() => {
    notifications = new MemoryNotificationStore({ cap: 100, ttlSeconds: 3600 }, clock);
    webhooks = new RecordingWebhooks();
    feed = new UrgeFeed({ notifications, webhooks });
  });

  const feedOf = async (audience: string) =>
    (await notifications.list([audience], 0, 100)).map((n) => [n.type, n.level, n.id]);

  it('tells the department a yellow urge, not the supervisors', async () => {
    await feed.urge(notice());
    const id = `urge:QD20261128-000001:${AT}`;
    assert.deepEqual(await notifications.list(['housing'], 0, 100), [
      { id, type: 'urge', ...notice() },
    ]);
    assert.deepEqual(await feedOf('supervisors'), []);
    assert.deepEqual(webhooks.sent, [['housing', id]]);
  });

  it('tells the department and the supervisors a red one', async () => {
    await feed.urge(notice({ level: 'red' }));
    assert.equal((await feedOf('housing')).length, 1);
    assert.deepEqual(
      (await feedOf('supervisors')).map(([type, level]) => [type, level]),
      [['urge', 'red']],
    );
  });

  it('tells the supervisors (read by duty staff) while no department has the ticket', async () => {
    await feed.urge(notice({ department: null }));
    assert.equal((await feedOf('supervisors')).length, 1);
  });

  it('stores and sends the same urge once however often it is told', async () => {
    await feed.urge(notice());
    await feed.urge(notice());
    assert.equal((await feedOf('housing')).length, 1);
    assert.equal(webhooks.sent.length, 1);
  });
});
