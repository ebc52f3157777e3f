import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { systemClock } from '../../src/core/clock';
import type { StaffActor } from '../../src/tickets/ticketService';
import { apiTokens } from '../support/apiTokens';
import { sampleFiling, sampleTicket } from '../support/fixtures';
import { addStaffAccounts, STAFF_PASSWORD } from '../support/handoff';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';

interface Answer {
  status: number;
  body: { code?: string; message?: string; ticket?: Record<string, unknown> };
}

const PHONE = '13912345678';
const PRIVATE_NOTE = '来电者情绪激动，已安抚，内部跟进';
const REPLY = '已督促物业退还多收的停车费';

/**
 * Duty staff check, on a caller's word, a ticket filed in another chat or by phone: the real
 * server over a real Redis, logged in as the console is.
 */
describe('duty staff look up a ticket by its number (HTTP, Redis)', function () {
  this.timeout(30_000);
  let app: App;
  let base: string;
  let prefix: string;
  let cookie: string;
  let departmentToken: string;
  const logged: Record<string, unknown>[] = [];

  before(async () => {
    prefix = testPrefix();
    await addStaffAccounts(prefix, [
      { username: 'zhang', name: '张三', role: 'duty' },
      { username: 'wang', name: '王主任', role: 'supervisor' },
    ]);
    departmentToken = (await apiTokens(prefix, systemClock, ['housing'])).housing ?? '';
    const config = loadConfig({ ...REDIS_ENV, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'info' });
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) },
    );
    app = await createApp(config, { logger, clock: systemClock });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    cookie = await login('zhang');
  });

  after(async () => {
    await app.close();
    await cleanup(connect(), prefix);
  });

  async function login(username: string): Promise<string> {
    const res = await fetch(`${base}/api/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: STAFF_PASSWORD }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    return /^(hotline_staff=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
  }

  async function lookup(number: string, headers: Record<string, string> = { cookie }) {
    const res = await fetch(`${base}/api/handoff/tickets/${encodeURIComponent(number)}`, {
      headers,
    });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  }

  /** A complaint filed by a citizen elsewhere, answered by housing and rated, with a staff note. */
  async function answeredTicket(): Promise<string> {
    const requester = { key: 'webchat:other-device', type: 'citizen' as const, phone: PHONE };
    const { ticket } = await app.tickets.create(
      sampleFiling('小区物业多收停车费，每月两百元', {
        requester,
        district: 'shinan',
        location: '香港中路8号',
        conversation: {
          ...sampleTicket().conversation,
          reference: { serviceUrl: 'http://127.0.0.1:1' },
        },
      }),
    );
    const housing: StaffActor = { role: 'department', id: 'h1', department: 'housing' };
    await app.tickets.act(ticket.id, { type: 'accept' }, housing);
    await app.tickets.recordHandoff(ticket.id, { username: 'zhang', name: '张三' }, PRIVATE_NOTE, {
      handoff: 'note',
    });
    await app.tickets.act(ticket.id, { type: 'reply', message: REPLY }, housing);
    await app.tickets.act(
      ticket.id,
      { type: 'rate', rating: 'satisfied' },
      { role: 'requester', id: requester.key },
    );
    await app.tickets.settle();
    return ticket.id;
  }

  it('shows a ticket typed in lower case, with spaces and full-width digits, as the person is told it', async () => {
    const id = await answeredTicket();
    const typed = ` ${id.toLowerCase().replace('-', ' ')}`.replace(/\d/g, (d) =>
      String.fromCharCode(d.charCodeAt(0) + 0xfee0),
    );
    const found = await lookup(typed);
    assert.equal(found.status, 200, JSON.stringify(found.body));
    const t = found.body.ticket ?? {};
    assert.equal(t.id, id);
    assert.equal(t.status, 'rated');
    assert.deepEqual(t.statusLabel, { zh: '已评价', en: 'Rated' });
    assert.deepEqual(t.leadDepartment, {
      code: 'housing',
      zh: '住房和城乡建设局',
      en: 'Housing and Urban-Rural Development Bureau',
    });
    assert.equal((t.firstContactDepartment as { code: string }).code, 'housing');
    assert.equal(t.category, 'complaint');
    assert.deepEqual(t.district, { code: 'shinan', zh: '市南区', en: 'Shinan District' });
    assert.equal(t.location, '香港中路8号');
    assert.equal(t.text, '小区物业多收停车费，每月两百元');
    assert.deepEqual(t.requester, { type: 'citizen', phone: '139****5678' });
    assert.equal((t.reply as { text: string }).text, REPLY);
    assert.deepEqual(t.rating, { value: 'satisfied', zh: '满意', en: 'Satisfied' });
    const steps = (t.history as { zh: string; en: string }[]).map((s) => s.zh);
    assert.ok(
      steps.some((s) => s.includes('已签收')),
      steps.join('\n'),
    );
    assert.ok(
      steps.some((s) => s.includes(`答复：${REPLY}`)),
      steps.join('\n'),
    );
    assert.ok(
      steps.some((s) => s.includes('您的评价：满意')),
      steps.join('\n'),
    );

    const everything = JSON.stringify(found.body);
    assert.ok(!everything.includes(PRIVATE_NOTE), 'a private note is staff’s own record');
    assert.ok(!everything.includes(PHONE), 'the phone is masked: staff ask for it and compare');

    const line = logged.find((l) => l.msg === 'staff looked up a ticket' && l.ticketId === id);
    assert.equal(line?.username, 'zhang');
  });

  it('lets a supervisor look up a ticket too', async () => {
    const id = await answeredTicket();
    const found = await lookup(id, { cookie: await login('wang') });
    assert.equal(found.status, 200);
    assert.equal(found.body.ticket?.id, id);
  });

  it('answers 404 TICKET_NOT_FOUND for a number nobody was given, 400 for what is no number', async () => {
    const unknown = await lookup('QD20200101-999999');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'TICKET_NOT_FOUND');
    assert.equal(typeof unknown.body.message, 'string');
    const garbage = await lookup('13912345678');
    assert.equal(garbage.status, 400);
    assert.equal(garbage.body.code, 'TICKET_ID_INVALID');
  });

  it('refuses without a staff session, and to a department’s API token', async () => {
    const id = await answeredTicket();
    const anonymous = await lookup(id, {});
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.code, 'UNAUTHENTICATED');
    assert.equal(anonymous.body.ticket, undefined);
    const department = await lookup(id, { authorization: `Bearer ${departmentToken}` });
    assert.equal(department.status, 401);
    assert.equal(department.body.ticket, undefined);
  });
});
