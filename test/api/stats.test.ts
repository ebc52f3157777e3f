import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { StatsReport } from '../../src/stats/figures';
import { TicketEventSchema } from '../../src/tickets/ticket';
import { apiTokens } from '../support/apiTokens';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';
import { generateMonth, NOW } from '../stats/generate';
import { storeRecords } from '../stats/store';
import { computeStats } from '../../src/stats/figures';
import { involvedDepartments } from '../../src/tickets/lifecycle';

describe('GET /api/stats', function () {
  this.timeout(30_000);
  let app: App;
  let base: string;
  let prefix: string;
  const tokens: Record<string, string> = {};
  const records = generateMonth(120, 7);

  before(async () => {
    prefix = testPrefix();
    const config = loadConfig({ ...REDIS_ENV, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'silent' });
    app = await createApp(config, { logger: pino({ level: 'silent' }), clock: { now: () => NOW } });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    await storeRecords(prefix, records);
    Object.assign(tokens, await apiTokens(prefix, { now: () => NOW }, ['housing', 'market']));
  });

  after(async () => {
    await app.close();
    await cleanup(connect(), prefix);
  });

  async function get(
    query: string,
    token?: string,
  ): Promise<{ status: number; body: StatsReport & { code?: string; message?: string } }> {
    const res = await fetch(`${base}/api/stats${query}`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
    return {
      status: res.status,
      body: (await res.json()) as StatsReport & { code?: string; message?: string },
    };
  }

  const MONTH_QUERY = '?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z';

  it('gives a supervisor every department, with the figures computed from the stored tickets', async () => {
    const { status, body } = await get(MONTH_QUERY, tokens.supervisor);
    assert.equal(status, 200);
    assert.ok(body.departments.length >= 25, 'one row per catalogue department');
    const stored = records.map((r) => ({
      ticket: r.ticket,
      history: r.history.filter((e) => TicketEventSchema.safeParse(e).success),
    }));
    const expected = computeStats(
      stored,
      { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') },
      NOW,
    );
    assert.equal(body.tickets, expected.tickets);
    const housing = body.departments.find((d) => d.department === 'housing');
    assert.deepEqual(
      housing,
      expected.departments.find((d) => d.department === 'housing'),
    );
  });

  it('gives a supervisor one department when asked', async () => {
    const { status, body } = await get(`${MONTH_QUERY}&department=market`, tokens.supervisor);
    assert.equal(status, 200);
    assert.deepEqual(
      body.departments.map((d) => d.department),
      ['market'],
    );
  });

  it('gives duty staff every department', async () => {
    const { status, body } = await get(MONTH_QUERY, tokens.duty);
    assert.equal(status, 200);
    assert.ok(
      body.departments.some((d) => d.department === 'market'),
      "body.departments.some((d) => d.department === 'market')",
    );
    assert.ok(
      body.departments.some((d) => d.department === 'housing'),
      "body.departments.some((d) => d.department === 'housing')",
    );
  });

  it('gives a department token its own row only', async () => {
    const { status, body } = await get(MONTH_QUERY, tokens.housing);
    assert.equal(status, 200);
    assert.deepEqual(
      body.departments.map((d) => d.department),
      ['housing'],
    );
    assert.ok((body.departments[0]?.received ?? 0) > 0, '(body.departments[0]?.received ?? 0) > 0');
  });

  it('gives a department token the count of its own tickets, not the whole city’s', async () => {
    const from = Date.parse('2026-11-01T00:00:00Z');
    const to = Date.parse('2026-12-01T00:00:00Z');
    const inMonth = records.filter((r) => {
      const created = Date.parse(r.ticket.createdAt);
      return created >= from && created < to;
    });
    const housing = inMonth.filter((r) => involvedDepartments(r.ticket).includes('housing'));
    assert.ok(housing.length > 0 && housing.length < inMonth.length, 'the data has both');
    const own = await get(MONTH_QUERY, tokens.housing);
    assert.equal(own.body.tickets, housing.length);
    const city = await get(`${MONTH_QUERY}&department=housing`, tokens.supervisor);
    assert.equal(city.body.tickets, inMonth.length, 'a supervisor still sees the city’s total');
  });

  it('refuses a department token another department’s figures', async () => {
    const { status, body } = await get(`${MONTH_QUERY}&department=market`, tokens.housing);
    assert.equal(status, 403);
    assert.equal(body.code, 'FORBIDDEN');
    assert.match(String(body.message), /^部门令牌只能查看本部门的考核数据 \/ /);
  });

  it('asks for a token', async () => {
    const { status, body } = await get(MONTH_QUERY);
    assert.equal(status, 401);
    assert.equal(body.code, 'UNAUTHORIZED');
  });

  it('refuses an unknown department, a period backwards and one longer than a quarter', async () => {
    for (const q of [
      `${MONTH_QUERY}&department=nowhere`,
      '?from=2026-12-01&to=2026-11-01',
      '?from=2026-01-01&to=2026-12-01',
      '?from=yesterday',
    ]) {
      const { status, body } = await get(q, tokens.supervisor);
      assert.equal(status, 400, q);
      assert.ok(body.code === 'UNKNOWN_DEPARTMENT' || body.code === 'INVALID_INPUT', q);
      // Read by the hotline office: Chinese first, as every refusal of the API (8 December 2026).
      assert.match(String(body.message), /^[^/]*[\u4e00-\u9fff][^/]* \/ /, q);
    }
  });

  it('reads days in the hotline’s zone: 2026-11-01 starts at midnight in Qingdao', async () => {
    const { body } = await get('?from=2026-11-01&to=2026-11-02', tokens.supervisor);
    assert.equal(body.from, '2026-10-31T16:00:00.000Z');
    assert.equal(body.to, '2026-11-01T16:00:00.000Z');
  });

  it('is described in /api/openapi.json', async () => {
    const res = await fetch(`${base}/api/openapi.json`);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    assert.ok('/api/stats' in doc.paths, "'/api/stats' in doc.paths");
  });
});
