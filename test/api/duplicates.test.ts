import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { FRIDAY_3PM } from '../support/dialogHarness';
import { sampleTicket } from '../support/fixtures';
import { apiTokens } from '../support/apiTokens';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';

interface Answer {
  status: number;
  body: {
    code?: string;
    message?: string;
    ticket?: { links: { ticketId: string; kind: string }[] };
    history?: { type: string }[];
  };
}

/** Proposed merges (并单) over HTTP: shown on both tickets, rejected by duty staff only. */
describe('Duplicates over the departments’ API', () => {
  let app: App;
  let base: string;
  let prefix: string;
  const tokens: Record<string, string> = {};

  before(async () => {
    prefix = testPrefix();
    const config = loadConfig({ ...REDIS_ENV, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'silent' });
    app = await createApp(config, { logger: pino({ level: 'silent' }), clock: FRIDAY_3PM });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    Object.assign(tokens, await apiTokens(prefix, FRIDAY_3PM, ['urban', 'market']));
  });

  after(async () => {
    await app.close();
    await cleanup(connect(), prefix);
  });

  async function call(method: string, path: string, token?: string, body?: unknown) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  }

  let place = 0;
  /** Two reports of one incident, in a district of their own so other tests' do not join. */
  async function pair(): Promise<[string, string]> {
    place += 1;
    const t = sampleTicket();
    const file = async (text: string) =>
      (
        await app.tickets.create({
          channel: t.channel,
          conversation: t.conversation,
          requester: t.requester,
          text,
          lang: 'zh',
          classification: { ...t.classification, department: 'urban' },
          district: `district-${place}`,
          location: null,
        })
      ).ticket.id;
    const first = await file('香港中路和南京路路口的红绿灯坏了，一直闪黄灯，车都堵住了');
    const second = await file('南京路香港中路路口红绿灯不亮了，一直闪黄，很危险');
    // The link is written after the filing has been answered.
    await app.tickets.settle();
    return [first, second];
  }

  it('shows the proposed link on both tickets', async () => {
    const [first, second] = await pair();
    const a = await call('GET', `/api/tickets/${first}`, tokens.urban);
    const b = await call('GET', `/api/tickets/${second}`, tokens.duty);
    assert.equal(a.status, 200);
    assert.deepEqual(
      a.body.ticket?.links.map((l) => [l.ticketId, l.kind]),
      [[second, 'duplicated_by']],
    );
    assert.deepEqual(
      b.body.ticket?.links.map((l) => [l.ticketId, l.kind]),
      [[first, 'duplicate_of']],
    );
    assert.equal(a.body.history?.at(-1)?.type, 'link');
  });

  for (const [caller, want] of [
    ['none', 401],
    ['urban', 403],
    ['market', 403],
    ['duty', 200],
    ['supervisor', 200],
  ] as const) {
    it(`answers POST /api/tickets/:id/unlink as ${caller} with ${want}`, async () => {
      const [first, second] = await pair();
      const token = caller === 'none' ? undefined : tokens[caller];
      const res = await call('POST', `/api/tickets/${second}/unlink`, token, {
        ticketId: first.toLowerCase(),
      });
      assert.equal(res.status, want, JSON.stringify(res.body));
      const links = (await app.tickets.findForStaff(first, { role: 'duty', id: 'check' }))?.ticket
        .links;
      assert.equal(links?.length, want === 200 ? 0 : 1);
      if (want === 200) {
        assert.deepEqual(res.body.ticket?.links, []);
        assert.equal(res.body.history?.at(-1)?.type, 'unlink');
      }
    });
  }

  it('refuses to unlink tickets that are not linked, and a body without a ticket', async () => {
    const [first, second] = await pair();
    const [third] = await pair();
    const notLinked = await call('POST', `/api/tickets/${first}/unlink`, tokens.duty, {
      ticketId: third,
    });
    assert.equal(notLinked.status, 409);
    assert.equal(notLinked.body.code, 'NOT_LINKED');
    assert.equal(
      notLinked.body.message,
      `工单 ${first} 与 ${third} 没有并单关联 / ticket ${first} has no proposed link to ${third}`,
    );
    const bad = await call('POST', `/api/tickets/${second}/unlink`, tokens.duty, {});
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'INVALID_INPUT');
    const unknown = await call('POST', `/api/tickets/QD20990101-000001/unlink`, tokens.duty, {
      ticketId: first,
    });
    assert.equal(unknown.status, 404);
  });
});
