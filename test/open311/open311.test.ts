import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { z } from 'zod';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { sampleEvent, sampleTicket } from '../support/fixtures';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';
import { storeRecords } from '../stats/store';
import type { TicketRecord } from '../../src/stats/figures';

/** The GeoReport v2 field lists (wiki.open311.org/GeoReport_v2): nothing else may appear. */
const w3c = z.iso.datetime({ offset: true });
const GeoReportService = z.strictObject({
  service_code: z.string().min(1),
  service_name: z.string().min(1),
  description: z.string().optional(),
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: z.string().optional(),
  group: z.string().optional(),
});
const GeoReportRequest = z.strictObject({
  service_request_id: z.string().min(1),
  status: z.enum(['open', 'closed']),
  status_notes: z.string().nullable().optional(),
  service_name: z.string().nullable().optional(),
  service_code: z.string().min(1),
  description: z.string().nullable().optional(),
  agency_responsible: z.string().nullable().optional(),
  service_notice: z.string().nullable().optional(),
  requested_datetime: w3c,
  updated_datetime: w3c.nullable().optional(),
  expected_datetime: w3c.nullable().optional(),
  address: z.string().nullable().optional(),
  address_id: z.string().nullable().optional(),
  zipcode: z.string().nullable().optional(),
  lat: z.number().nullable().optional(),
  long: z.number().nullable().optional(),
  media_url: z.string().nullable().optional(),
});

/** Personal data the fixtures carry; none of it may leave through Open311. */
const PERSONAL = {
  name: '张秀英',
  phone: '13987654321',
  enterpriseName: '青岛蓝海水产贸易有限公司',
  creditCode: '91370200MA3C4L5X2Q',
  text: '楼下烧烤店油烟太大，每晚熏到十二点',
  location: '香港中路76号3单元',
  requesterKey: 'webchat:user-7f3a',
  conversationId: 'conv-secret-42',
  note: '已联系张女士，承诺周五前整改',
};

function ticketOf(n: number, overrides: Parameters<typeof sampleTicket>[0]): TicketRecord {
  const ticket = sampleTicket({
    id: `QD20261128-${String(n).padStart(6, '0')}`,
    requester: {
      key: PERSONAL.requesterKey,
      type: 'enterprise',
      name: PERSONAL.name,
      phone: PERSONAL.phone,
      enterpriseName: PERSONAL.enterpriseName,
      creditCode: PERSONAL.creditCode,
    },
    conversation: {
      channelId: 'webchat',
      conversationId: PERSONAL.conversationId,
      reference: { user: { id: PERSONAL.requesterKey } },
    },
    text: PERSONAL.text,
    location: PERSONAL.location,
    ...overrides,
  });
  return {
    ticket,
    history: [
      sampleEvent({ at: ticket.createdAt }),
      sampleEvent({
        at: ticket.updatedAt,
        type: 'reply',
        note: PERSONAL.note,
        actor: {
          kind: 'staff',
          role: 'department',
          department: 'housing',
          id: 'tok',
          name: PERSONAL.name,
        },
      }),
    ],
  };
}

const NOW = new Date('2026-12-01T00:00:00.000Z');

describe('Open311 GeoReport v2 read view', function () {
  this.timeout(30_000);
  let app: App;
  let base: string;
  let prefix: string;
  const records = [
    ticketOf(1, { createdAt: '2026-11-28T02:00:00.000Z', updatedAt: '2026-11-29T02:00:00.000Z' }),
    ticketOf(2, {
      createdAt: '2026-11-28T03:00:00.000Z',
      updatedAt: '2026-11-30T02:00:00.000Z',
      status: 'closed',
      category: 'consult',
      leadDepartment: 'market',
      district: 'laoshan',
      deadlines: [
        {
          step: 'reply',
          department: 'market',
          startedAt: '2026-11-28T03:00:00.000Z',
          dueAt: '2026-11-30T09:30:00.000Z',
          warnAt: '2026-11-29T09:30:00.000Z',
          metAt: '2026-11-30T02:00:00.000Z',
          extendedDays: 0,
        },
      ],
    }),
    ticketOf(3, {
      createdAt: '2026-11-28T04:00:00.000Z',
      leadDepartment: null,
      status: 'received',
      district: null,
    }),
    // Filed long ago: outside the default window of 90 days.
    ticketOf(4, { id: 'QD20260101-000004', createdAt: '2026-01-01T04:00:00.000Z' }),
  ];

  before(async () => {
    prefix = testPrefix();
    const config = loadConfig({
      ...REDIS_ENV,
      REDIS_KEY_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      OPEN311_ENABLED: 'true',
      RATE_LIMIT_OPEN311_PER_SECOND: '1',
      RATE_LIMIT_OPEN311_BURST: '40',
    });
    app = await createApp(config, { logger: pino({ level: 'silent' }), clock: { now: () => NOW } });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    await storeRecords(prefix, records);
  });

  after(async () => {
    await app.close();
    await cleanup(connect(), prefix);
  });

  const bodies: string[] = [];
  async function get(path: string): Promise<{ status: number; body: unknown; text: string }> {
    const res = await fetch(`${base}/open311/v2/${path}`);
    const text = await res.text();
    bodies.push(text);
    return { status: res.status, body: JSON.parse(text) as unknown, text };
  }

  it('lists the services (categories) in the GeoReport v2 field list', async () => {
    const { status, body } = await get('services.json');
    assert.equal(status, 200);
    const services = z.array(GeoReportService).parse(body);
    assert.deepEqual(
      services.map((s) => s.service_code),
      ['consult', 'complaint', 'report', 'help', 'suggestion', 'praise'],
    );
  });

  it('lists the last 90 days of requests in the GeoReport v2 field list, newest first', async () => {
    const { status, body } = await get('requests.json');
    assert.equal(status, 200);
    const requests = z.array(GeoReportRequest).parse(body);
    assert.deepEqual(
      requests.map((r) => r.service_request_id),
      ['QD20261128-000003', 'QD20261128-000002', 'QD20261128-000001'],
    );
    const closed = requests[1];
    assert.deepEqual(closed, {
      service_request_id: 'QD20261128-000002',
      status: 'closed',
      service_name: '咨询 Question',
      service_code: 'consult',
      agency_responsible: '市场监督管理局',
      requested_datetime: '2026-11-28T03:00:00.000Z',
      updated_datetime: '2026-11-30T02:00:00.000Z',
      expected_datetime: '2026-11-30T09:30:00.000Z',
      address: '崂山区',
    });
    assert.equal(requests[0]?.address, null);
    assert.equal(requests[0]?.agency_responsible, '12345热线 12345 Hotline');
  });

  it('filters by service code, status and dates, and pages', async () => {
    const ids = async (q: string) =>
      z
        .array(GeoReportRequest)
        .parse((await get(`requests.json?${q}`)).body)
        .map((r) => r.service_request_id);
    assert.deepEqual(await ids('service_code=consult'), ['QD20261128-000002']);
    assert.deepEqual(await ids('status=open'), ['QD20261128-000003', 'QD20261128-000001']);
    assert.deepEqual(await ids('status=closed'), ['QD20261128-000002']);
    assert.deepEqual(await ids('start_date=2025-12-20T00:00:00Z&end_date=2026-01-02T00:00:00Z'), [
      'QD20260101-000004',
    ]);
    assert.deepEqual(await ids('page_size=2'), ['QD20261128-000003', 'QD20261128-000002']);
    assert.deepEqual(await ids('page_size=2&page=2'), ['QD20261128-000001']);
  });

  it('answers bad filters with a GeoReport error', async () => {
    for (const q of [
      'status=pending',
      'start_date=yesterday',
      'start_date=2026-01-01T00:00:00Z&end_date=2026-12-01T00:00:00Z',
    ]) {
      const { status, body } = await get(`requests.json?${q}`);
      assert.equal(status, 400, q);
      z.array(z.strictObject({ code: z.literal(400), description: z.string() }))
        .length(1)
        .parse(body);
    }
  });

  it('shows one request as a one-element array, and 404 for an unknown one', async () => {
    const one = await get('requests/QD20261128-000001.json');
    assert.equal(one.status, 200);
    const [request] = z.array(GeoReportRequest).length(1).parse(one.body);
    assert.equal(request?.address, '市南区');
    assert.equal((await get('requests/QD20261128-000099.json')).status, 404);
  });

  it("reads the request number as the departments' API does: lower case, spaces, no dash", async () => {
    for (const id of [
      'qd20261128-000001',
      'QD20261128 000001',
      'qd 20261128000001',
      'ＱＤ20261128－000001',
    ]) {
      const one = await get(`requests/${encodeURIComponent(id)}.json`);
      assert.equal(one.status, 200, id);
      const [request] = z.array(GeoReportRequest).length(1).parse(one.body);
      assert.equal(request?.service_request_id, 'QD20261128-000001', id);
    }
    const unknown = await get(`requests/${encodeURIComponent('<b>QD</b>')}.json`);
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.body, [
      { code: 404, description: '没有这个服务请求 / no such service request' },
    ]);
  });

  it('lets no personal datum out in any response', () => {
    assert.ok(bodies.length >= 10, 'the other tests ran first and their answers were kept');
    const all = bodies.join('\n');
    for (const [what, value] of Object.entries(PERSONAL)) {
      assert.ok(!all.includes(value), `${what} appears in an Open311 response`);
    }
    // A request's description is the person's own words: it stays out of every request.
    const requests = bodies.filter((b) => b.includes('service_request_id')).join('\n');
    for (const field of ['description', 'status_notes', 'lat', 'long', 'media_url', 'requester']) {
      assert.ok(!requests.includes(`"${field}"`), `${field} appears in a request`);
    }
  });

  it('limits requests per address', async () => {
    let limited: Response | null = null;
    for (let i = 0; i < 60 && limited === null; i++) {
      const res = await fetch(`${base}/open311/v2/services.json`);
      if (res.status === 429) limited = res;
      else await res.arrayBuffer();
    }
    assert.ok(limited !== null, 'no 429 within 60 requests');
    assert.ok(
      Number(limited.headers.get('retry-after')) >= 1,
      "Number(limited.headers.get('retry-after')) >= 1",
    );
  });
});
