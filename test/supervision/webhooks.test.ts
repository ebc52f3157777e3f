import { strict as assert } from 'node:assert';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryNotificationStore } from '../../src/store/memory/notificationStore';
import { MemoryTicketStore } from '../../src/store/memory/ticketStore';
import type { SupervisionNotification } from '../../src/supervision/ports';
import { SupervisionScheduler } from '../../src/supervision/scheduler';
import { HttpWebhooks } from '../../src/supervision/webhooks';
import { at, deadline, fileTicket, HOUR, T0 } from './support';

interface Received {
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** A department's webhook receiver: answers each request with the next status (then 200). */
class Receiver {
  readonly received: Received[] = [];
  private server: Server | null = null;

  constructor(
    private readonly statuses: number[] = [],
    private readonly delayMs = 0,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body: JSON.parse(raw) });
        const status = this.statuses.shift() ?? 200;
        setTimeout(() => {
          res.statusCode = status;
          res.end();
        }, this.delayMs);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/hook`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

const NOTIFICATION: SupervisionNotification = {
  id: 'QD20261130-000001|reply|overdue|2026-11-30T03:00:00.000Z',
  type: 'overdue',
  level: 'red',
  ticketId: 'QD20261130-000001',
  step: 'reply',
  dueAt: '2026-11-30T03:00:00.000Z',
  department: 'housing',
  at: '2026-11-30T03:00:00.000Z',
};

describe('Supervision webhooks', () => {
  let receiver: Receiver;
  afterEach(async () => {
    await receiver.close();
  });

  it('posts the notification as JSON to its department’s URL, with its id as idempotency key', async () => {
    receiver = new Receiver();
    const hooks = new HttpWebhooks({ urls: { housing: await receiver.start() } });
    hooks.send('housing', NOTIFICATION);
    hooks.send('market', NOTIFICATION);
    await hooks.settle();
    assert.equal(receiver.received.length, 1);
    const [got] = receiver.received;
    assert.equal(got?.headers['content-type'], 'application/json');
    assert.equal(got?.headers['idempotency-key'], NOTIFICATION.id);
    assert.deepEqual(got?.body, { ...NOTIFICATION });
  });

  it('retries a webhook that answered 500 and stops once it is taken', async () => {
    receiver = new Receiver([500, 503]);
    const failures: { attempt: number; willRetry: boolean }[] = [];
    const hooks = new HttpWebhooks({
      urls: { housing: await receiver.start() },
      retryDelaysMs: [10, 10, 10],
      onFailure: (_err, { attempt, willRetry }) => failures.push({ attempt, willRetry }),
    });
    hooks.send('housing', NOTIFICATION);
    await hooks.settle();
    assert.equal(receiver.received.length, 3);
    assert.deepEqual(failures, [
      { attempt: 1, willRetry: true },
      { attempt: 2, willRetry: true },
    ]);
  });

  it('gives up after its retries and reports the last failure as final', async () => {
    receiver = new Receiver([500, 500, 500, 500]);
    const failures: boolean[] = [];
    const hooks = new HttpWebhooks({
      urls: { housing: await receiver.start() },
      retryDelaysMs: [5, 5],
      onFailure: (_err, { willRetry }) => failures.push(willRetry),
    });
    hooks.send('housing', NOTIFICATION);
    await hooks.settle();
    assert.equal(receiver.received.length, 3);
    assert.deepEqual(failures, [true, true, false]);
  });

  it('abandons a receiver that does not answer within the timeout', async () => {
    receiver = new Receiver([], 2000);
    const failures: string[] = [];
    const hooks = new HttpWebhooks({
      urls: { housing: await receiver.start() },
      timeoutMs: 50,
      retryDelaysMs: [],
      onFailure: (err) => failures.push(err instanceof Error ? err.name : String(err)),
    });
    const started = Date.now();
    hooks.send('housing', NOTIFICATION);
    await hooks.settle();
    assert.ok(Date.now() - started < 1000, 'did not wait for the slow receiver');
    assert.deepEqual(failures, ['TimeoutError']);
  });

  it('never holds up the scheduler, and is called once per notification with two instances', async () => {
    receiver = new Receiver([500], 100);
    const hooks = new HttpWebhooks({
      urls: { housing: await receiver.start() },
      retryDelaysMs: [10],
    });
    const store = new MemoryTicketStore();
    const notifications = new MemoryNotificationStore(
      { cap: 100, ttlSeconds: 3600 },
      { now: () => at(T0) },
    );
    const scheduler = () =>
      new SupervisionScheduler({
        tickets: store,
        alerts: store,
        notifications,
        webhooks: hooks,
        clock: { now: () => at(T0) },
      });
    const t = await fileTicket(store, 1, [deadline('accept', 1, 2)]);
    const [a, b] = [scheduler(), scheduler()];
    await Promise.all([a.tick(at(T0 + HOUR)), b.tick(at(T0 + HOUR))]);
    assert.equal(hooks.delivering, 1, 'the tick returned while the webhook was still on its way');
    await hooks.settle();
    assert.equal(receiver.received.length, 2, 'one 500, then the retry');
    assert.deepEqual(receiver.received[1]?.body, {
      id: `${t.id}|accept|warn|${at(T0 + 2 * HOUR).toISOString()}`,
      type: 'warning',
      level: 'yellow',
      ticketId: t.id,
      step: 'accept',
      dueAt: at(T0 + 2 * HOUR).toISOString(),
      department: 'housing',
      at: at(T0 + HOUR).toISOString(),
    });
  });
});
