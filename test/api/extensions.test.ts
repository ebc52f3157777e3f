import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Clock } from '../../src/core/clock';
import type { StaffActor } from '../../src/tickets/ticketService';
import { sampleFiling } from '../support/fixtures';
import { apiTokens } from '../support/apiTokens';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';

interface Answer {
  status: number;
  body: {
    code?: string;
    ticket?: {
      dueAt: string;
      pendingExtension: unknown;
      deadlines: { step: string; extendedDays: number }[];
    };
    history?: { type: string; note?: string }[];
    [k: string]: unknown;
  };
}

const cst = (local: string) => new Date(`${local}+08:00`);

/** Extensions (延期) over HTTP on the real server and Redis, with a clock the tests move. */
describe('Extensions over HTTP', () => {
  let app: App;
  let base: string;
  let prefix: string;
  let now = cst('2026-12-01T10:00:00');
  const clock: Clock = { now: () => now };
  const tokens: Record<string, string> = {};
  let seq = 0;

  before(async () => {
    prefix = testPrefix();
    const config = loadConfig({ ...REDIS_ENV, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'silent' });
    app = await createApp(config, { logger: pino({ level: 'silent' }), clock });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    Object.assign(tokens, await apiTokens(prefix, clock, ['housing', 'market']));
  });

  beforeEach(() => {
    now = cst('2026-12-01T10:00:00');
  });

  after(async () => {
    await app.close();
    await cleanup(connect(), prefix);
  });

  async function post(
    id: string,
    action: string,
    who: string,
    body: unknown = {},
  ): Promise<Answer> {
    const res = await fetch(`${base}/api/tickets/${id}/${action}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  }

  /** A housing complaint filed and accepted now: its answer is due Tue 8 Dec, 17:30. */
  async function accepted(): Promise<string> {
    seq += 1;
    const { ticket } = await app.tickets.create(sampleFiling(`物业乱收费 ${seq}`));
    const housing: StaffActor = { role: 'department', id: 'prep', department: 'housing' };
    await app.tickets.act(ticket.id, { type: 'accept' }, housing);
    return ticket.id;
  }

  const ask = (days: number) => ({ reason: '需协调多个单位现场勘验', workingDays: days });

  it('lets the lead ask and a supervisor approve, moving the answer', async () => {
    const id = await accepted();
    const asked = await post(id, 'request-extension', 'housing', ask(3));
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    assert.equal(asked.body.ticket?.dueAt, cst('2026-12-08T17:30:00').toISOString());
    assert.ok(asked.body.ticket?.pendingExtension, 'asked.body.ticket?.pendingExtension');

    const approved = await post(id, 'approve-extension', 'supervisor');
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.ticket?.dueAt, cst('2026-12-11T17:30:00').toISOString());
    assert.equal(approved.body.ticket?.pendingExtension, null);
    assert.deepEqual(
      approved.body.history?.filter((e) => e.type.endsWith('_extension')).map((e) => e.type),
      ['request_extension', 'approve_extension'],
    );
  });

  it('needs another approval for a second extension, and a refusal leaves the deadline', async () => {
    const id = await accepted();
    await post(id, 'request-extension', 'housing', ask(2));
    await post(id, 'approve-extension', 'supervisor');
    const second = await post(id, 'request-extension', 'housing', ask(2));
    assert.equal(second.status, 200);
    // Not moved until a supervisor says so.
    assert.equal(second.body.ticket?.dueAt, cst('2026-12-10T17:30:00').toISOString());
    const refused = await post(id, 'reject-extension', 'supervisor', { reason: '理由不充分' });
    assert.equal(refused.status, 200);
    assert.equal(refused.body.ticket?.dueAt, cst('2026-12-10T17:30:00').toISOString());
    assert.equal(refused.body.ticket?.pendingExtension, null);
    const third = await post(id, 'request-extension', 'housing', ask(1));
    const approved = await post(id, 'approve-extension', 'supervisor');
    assert.equal(third.status, 200);
    assert.equal(approved.body.ticket?.dueAt, cst('2026-12-11T17:30:00').toISOString());
  });

  it('puts a request for an extension, and one for a transfer, in the feed supervisors and duty staff read', async () => {
    const id = await accepted();
    await post(id, 'request-extension', 'housing', ask(3));
    seq += 1;
    const { ticket } = await app.tickets.create(sampleFiling(`物业乱收费 ${seq}`));
    await post(ticket.id, 'transfer', 'housing', {
      reason: '不属于本单位',
      toDepartment: 'market',
    });
    for (const who of ['supervisor', 'duty']) {
      const res = await fetch(`${base}/api/notifications`, {
        headers: { authorization: `Bearer ${tokens[who]}` },
      });
      const { notifications } = (await res.json()) as {
        notifications: { type: string; ticketId: string; department: string; dueAt: string }[];
      };
      assert.deepEqual(
        notifications
          .filter((n) => n.ticketId === id || n.ticketId === ticket.id)
          .map((n) => [n.type, n.ticketId, n.department, n.dueAt]),
        [
          ['extension_request', id, 'housing', cst('2026-12-08T17:30:00').toISOString()],
          ['transfer_request', ticket.id, 'housing', cst('2026-12-02T17:30:00').toISOString()],
        ],
        who,
      );
    }
  });

  it('refuses a second request while one waits', async () => {
    const id = await accepted();
    await post(id, 'request-extension', 'housing', ask(2));
    const again = await post(id, 'request-extension', 'housing', ask(2));
    assert.deepEqual([again.status, again.body.code], [409, 'TRANSITION_NOT_ALLOWED']);
  });

  it('refuses more than 10 working days in all', async () => {
    const id = await accepted();
    const tooMany = await post(id, 'request-extension', 'housing', ask(11));
    assert.deepEqual([tooMany.status, tooMany.body.code], [400, 'INVALID_INPUT']);
    await post(id, 'request-extension', 'housing', ask(6));
    await post(id, 'approve-extension', 'supervisor');
    const over = await post(id, 'request-extension', 'housing', ask(5));
    assert.deepEqual([over.status, over.body.code], [400, 'EXTENSION_LIMIT']);
    const rest = await post(id, 'request-extension', 'housing', ask(4));
    assert.equal(rest.status, 200);
  });

  it('refuses an extension asked after the answer was due', async () => {
    const id = await accepted();
    now = cst('2026-12-08T17:31:00');
    const late = await post(id, 'request-extension', 'housing', ask(2));
    assert.deepEqual([late.status, late.body.code], [409, 'DEADLINE_PASSED']);
  });

  it('lets neither a department nor duty staff approve, nor another department ask', async () => {
    const id = await accepted();
    const other = await post(id, 'request-extension', 'market', ask(2));
    assert.equal(other.status, 404);
    await post(id, 'request-extension', 'housing', ask(2));
    for (const who of ['housing', 'duty']) {
      const answer = await post(id, 'approve-extension', who);
      assert.deepEqual([who, answer.status, answer.body.code], [who, 403, 'FORBIDDEN']);
    }
  });

  it('describes the extension routes in /api/openapi.json', async () => {
    const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    for (const action of ['request-extension', 'approve-extension', 'reject-extension']) {
      assert.ok(doc.paths[`/api/tickets/{id}/${action}`], action);
    }
  });
});
