import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import type { Clock } from '../../src/core/clock';
import { loadConfig } from '../../src/config';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisNotificationStore } from '../../src/store/redis/notificationStore';
import type { Ticket, TicketEvent } from '../../src/tickets/ticket';
import type { StaffActor } from '../../src/tickets/ticketService';
import { apiTokens } from '../support/apiTokens';
import { sampleFiling } from '../support/fixtures';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';

interface Answer {
  status: number;
  body: { code?: string; message?: string; ticket?: Ticket; history?: TicketEvent[] } & Record<
    string,
    unknown
  >;
}

/** What department clerks do wrong, and what they look for, through the real server and Redis. */
describe('Departments’ API as clerks use it', () => {
  // Friday 27 November 2026, 09:00 in Qingdao; moved on by the tests that need time to pass.
  let nowMs = Date.parse('2026-11-27T01:00:00.000Z');
  const clock: Clock = { now: () => new Date(nowMs) };
  let app: App;
  let base: string;
  let prefix: string;
  let tokens: Record<string, string>;
  let seq = 0;
  const housing: StaffActor = { role: 'department', id: 'prep', department: 'housing' };
  const urbanClerk: StaffActor = { role: 'department', id: 'prep-u', department: 'urban' };

  before(async () => {
    prefix = testPrefix();
    const config = loadConfig({
      ...REDIS_ENV,
      REDIS_KEY_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      SUPERVISION_ENABLED: 'false',
      DUPLICATES_ENABLED: 'false',
    });
    app = await createApp(config, { logger: pino({ level: 'silent' }), clock });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    const { port } = app.server.address() as AddressInfo;
    base = `http://127.0.0.1:${port}`;
    tokens = await apiTokens(prefix, clock, ['housing', 'urban']);
  });

  after(async () => {
    await app.close();
    await cleanup(connect(), prefix);
  });

  async function call(method: string, path: string, token: string | undefined, body?: unknown) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token ?? 'none'}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  }

  /** A fresh ticket led by housing, accepted unless told otherwise. */
  async function ticket(accepted = true): Promise<string> {
    seq += 1;
    const { ticket: t } = await app.tickets.create(sampleFiling(`物业乱收停车费 ${seq}`));
    if (accepted) await app.tickets.act(t.id, { type: 'accept' }, housing);
    return t.id;
  }

  async function history(id: string): Promise<TicketEvent[]> {
    const view = await app.tickets.findForStaff(id, { role: 'duty', id: 'check' });
    return view?.history ?? [];
  }

  it('finds a ticket number typed in lower case, with spaces, full-width or without the dash', async () => {
    const id = await ticket(false);
    const digits = id.slice(2);
    const typed = [
      id.toLowerCase(),
      ` ${id} `,
      `qd ${digits.slice(0, 8)} ${digits.slice(9)}`,
      `QD${digits.replace('-', '')}`,
      `ＱＤ${digits.replace('-', '－')}`,
    ];
    for (const t of typed) {
      const res = await call('GET', `/api/tickets/${encodeURIComponent(t)}`, tokens.housing);
      assert.deepEqual([res.status, res.body.ticket?.id], [200, id], t);
    }
    const signed = await call(
      'POST',
      `/api/tickets/${encodeURIComponent(id.toLowerCase())}/accept`,
      tokens.housing,
      {},
    );
    assert.deepEqual([signed.status, signed.body.ticket?.status], [200, 'accepted']);
    const other = await call('GET', `/api/tickets/${encodeURIComponent(` ${id} `)}`, tokens.urban);
    assert.deepEqual([other.status, other.body.code], [404, 'TICKET_NOT_FOUND']);
  });

  it('keeps progress as it reads: no direction override or zero-width character in it', async () => {
    const id = await ticket();
    await call('POST', `/api/tickets/${id}/accept`, tokens.housing, {});
    const res = await call('POST', `/api/tickets/${id}/progress`, tokens.housing, {
      message: '已派人\u200b到场，\u202e日01月21\u202c前修复',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(JSON.stringify(res.body).includes('已派人到场，日01月21前修复'), true);
    assert.doesNotMatch(JSON.stringify(res.body), /\\u202e|\u202e|\u200b/);
  });

  it('refuses an answer or progress with nothing to read, in Chinese and English', async () => {
    const id = await ticket();
    for (const message of ['。', '\u200b', '……！', ' \u3000 ', '  —— ']) {
      for (const action of ['reply', 'progress']) {
        const res = await call('POST', `/api/tickets/${id}/${action}`, tokens.housing, {
          message,
        });
        assert.deepEqual(
          [res.status, res.body.code],
          [400, 'INVALID_INPUT'],
          `${action} ${message}`,
        );
        assert.match(String(res.body.message), /^message: .*[\u4e00-\u9fff].* \/ [a-z]/);
      }
    }
    const reason = await call('POST', `/api/tickets/${id}/request-extension`, tokens.housing, {
      reason: '？？',
      workingDays: 2,
    });
    assert.deepEqual([reason.status, reason.body.code], [400, 'INVALID_INPUT']);
    assert.deepEqual(
      (await history(id)).map((e) => e.type),
      ['created', 'accept'],
      'nothing recorded',
    );
    const ok = await call('POST', `/api/tickets/${id}/reply`, tokens.housing, {
      message: '已责令物业退还多收的停车费。',
    });
    assert.equal(ok.status, 200);
  });

  it('says how long an answer may be when it is too long', async () => {
    const id = await ticket();
    const res = await call('POST', `/api/tickets/${id}/reply`, tokens.housing, {
      message: '经核查，'.repeat(1001),
    });
    assert.deepEqual([res.status, res.body.code], [400, 'INVALID_INPUT']);
    assert.match(String(res.body.message), /4000 字.*4000 characters/);
  });

  it('records a double-clicked acceptance, progress and answer once, and answers both clicks 200', async () => {
    const id = await ticket(false);
    const twice = async (action: string, body: unknown) => {
      const both = await Promise.all([
        call('POST', `/api/tickets/${id}/${action}`, tokens.housing, body),
        call('POST', `/api/tickets/${id}/${action}`, tokens.housing, body),
      ]);
      assert.deepEqual(
        both.map((r) => r.status),
        [200, 200],
        JSON.stringify(both.map((r) => r.body.code)),
      );
    };
    await twice('accept', {});
    await twice('progress', { message: '已联系物业核实' });
    await twice('reply', { message: '已责令物业退还多收的停车费' });
    assert.deepEqual(
      (await history(id)).map((e) => e.type),
      ['created', 'accept', 'progress', 'reply'],
    );
  });

  it('records the same progress again when it is news: later, or after a different step', async () => {
    const id = await ticket();
    const progress = (message: string) =>
      call('POST', `/api/tickets/${id}/progress`, tokens.housing, { message });
    assert.equal((await progress('仍在协调中')).status, 200);
    nowMs += 3 * 60_000;
    assert.equal((await progress('仍在协调中')).status, 200);
    assert.equal((await progress('已约谈物业')).status, 200);
    assert.equal((await progress('仍在协调中')).status, 200);
    const notes = (await history(id)).filter((e) => e.type === 'progress').map((e) => e.note);
    assert.deepEqual(notes, ['仍在协调中', '仍在协调中', '已约谈物业', '仍在协调中']);
    const again = await call('POST', `/api/tickets/${id}/accept`, tokens.housing, {});
    assert.deepEqual([again.status, again.body.code], [409, 'TRANSITION_NOT_ALLOWED']);
  });

  it('lists the department’s overdue tickets with ?overdue=true', async () => {
    const late = await ticket(false);
    const answered = await ticket();
    await app.tickets.act(answered, { type: 'reply', message: '已处理' }, housing);
    // Past the acceptance limit (2 working hours), well before any answer is due.
    nowMs += 4 * 3600_000;
    const fresh = await ticket(false);
    const list = async (token: string | undefined, query: string) => {
      const res = await call('GET', `/api/tickets?${query}`, token);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return (res.body.tickets as Ticket[]).map((t) => t.id);
    };
    const overdue = await list(tokens.housing, 'overdue=true&limit=100');
    assert.ok(overdue.includes(late), 'not signed for in time');
    assert.ok(
      !overdue.includes(answered) && !overdue.includes(fresh),
      '!overdue.includes(answered) && !overdue.includes(fresh)',
    );
    assert.ok(
      (await list(tokens.supervisor, 'overdue=true&limit=100')).includes(late),
      "(await list(tokens.supervisor, 'overdue=true&limit=100')).includes(late)",
    );
    assert.ok(
      !(await list(tokens.urban, 'overdue=true&limit=100')).includes(late),
      "!(await list(tokens.urban, 'overdue=true&limit=100')).includes(late)",
    );
    const all = await list(tokens.housing, 'overdue=false&limit=100');
    assert.ok(
      [late, answered, fresh].every((id) => all.includes(id)),
      '[late, answered, fresh].every((id) => all.includes(id))',
    );
    const bad = await call('GET', '/api/tickets?overdue=yes', tokens.housing);
    assert.deepEqual([bad.status, bad.body.code], [400, 'INVALID_INPUT']);
  });

  it('tells the lead and the supervisors when a 不满意 sends the ticket back (重办)', async () => {
    const id = await ticket();
    await app.tickets.act(id, { type: 'reply', message: '已处理' }, housing);
    const { ticket: reopened } = await app.tickets.act(
      id,
      { type: 'rate', rating: 'dissatisfied' },
      { role: 'requester', id: 'emulator:user-1' },
    );
    assert.equal(reopened.status, 'in_progress');
    const feed = async (token: string | undefined) => {
      const res = await call('GET', '/api/notifications', token);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return (res.body.notifications as Record<string, unknown>[]).filter((n) => n.ticketId === id);
    };
    const told = {
      id: `reopen:${id}:${reopened.updatedAt}`,
      type: 'reopen',
      level: 'red',
      ticketId: id,
      department: 'housing',
      dueAt: reopened.dueAt,
      at: reopened.updatedAt,
    };
    assert.deepEqual(await feed(tokens.housing), [told]);
    assert.deepEqual(await feed(tokens.supervisor), [told]);
    assert.deepEqual(await feed(tokens.urban), []);
  });

  it('asks the co-departments again when a 不满意 sends the ticket back (重办)', async () => {
    const id = await ticket();
    await app.tickets.act(id, { type: 'add_co_departments', departments: ['urban'] }, housing);
    await app.tickets.act(id, { type: 'submit_input', message: '已约谈物业' }, urbanClerk);
    nowMs += 60_000;
    await app.tickets.act(id, { type: 'reply', message: '已处理' }, housing);
    const { ticket: reopened } = await app.tickets.act(
      id,
      { type: 'rate', rating: 'dissatisfied' },
      { role: 'requester', id: 'emulator:user-1' },
    );
    assert.deepEqual(reopened.coDepartments, [
      { department: 'urban', status: 'assigned', input: '已约谈物业' },
    ]);
    const res = await call('GET', '/api/notifications', tokens.urban);
    const tasks = (res.body.notifications as Record<string, unknown>[]).filter(
      (n) => n.ticketId === id && n.type === 'co_task',
    );
    assert.deepEqual(
      tasks.map((n) => [n.at, n.dueAt]),
      [
        [tasks[0]?.at, tasks[0]?.dueAt],
        [reopened.updatedAt, reopened.dueAt],
      ],
      'asked when named, and again at the 重办 with the new answer’s time limit',
    );
  });

  it('pages the notification feed without losing alerts raised in the same moment', async () => {
    const redis = connect();
    const ids: string[] = [];
    try {
      const store = new RedisNotificationStore(redis, new RedisKeys(prefix), {
        cap: 500,
        ttlSeconds: 3600,
      });
      // One scheduler tick at 11:00 raises its alerts with the same `at`; an urge came before.
      const moments = [
        '2026-11-27T02:59:00.000Z',
        ...Array<string>(5).fill('2026-11-27T03:00:00.000Z'),
      ];
      for (const [i, at] of moments.entries()) {
        const id = `QD20261127-00010${i}|accept|overdue|2026-11-27T03:00:00.000Z`;
        ids.push(id);
        await store.add('housing', {
          id,
          type: 'overdue',
          level: 'red',
          ticketId: `QD20261127-00010${i}`,
          step: 'accept',
          dueAt: '2026-11-27T03:00:00.000Z',
          department: 'housing',
          at,
        });
      }
    } finally {
      await redis.quit();
    }
    const read: string[] = [];
    let since = '';
    for (let page = 0; page < 10; page++) {
      const res = await call(
        'GET',
        `/api/notifications?limit=2${since === '' ? '' : `&since=${since}`}`,
        tokens.housing,
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const got = res.body.notifications as { id: string; at: string }[];
      if (got.length === 0) break;
      read.push(...got.map((n) => n.id));
      since = got.at(-1)?.at ?? '';
    }
    // The feed holds the other tests' notifications too.
    assert.deepEqual(
      read.filter((id) => ids.includes(id)),
      ids,
    );
  });

  it('tells a clerk in Chinese, then English, why a step is refused', async () => {
    const id = await ticket(false);
    const early = await call('POST', `/api/tickets/${id}/progress`, tokens.housing, {
      message: '已联系物业',
    });
    assert.deepEqual([early.status, early.body.code], [409, 'TRANSITION_NOT_ALLOWED']);
    assert.match(
      String(early.body.message),
      /^工单已派单、待签收，不能填写办理进展 \/ progress is not allowed while dispatched/,
    );
    await app.tickets.act(id, { type: 'accept' }, housing);
    await app.tickets.act(id, { type: 'add_co_departments', departments: ['urban'] }, housing);
    const coReply = await call('POST', `/api/tickets/${id}/reply`, tokens.urban, {
      message: '已处理',
    });
    assert.deepEqual([coReply.status, coReply.body.code], [403, 'FORBIDDEN']);
    assert.match(String(coReply.body.message), /^只有牵头（承办）单位可以答复 \/ only the lead/);
    const missing = await call('GET', '/api/tickets/QD20261127-999999', tokens.housing);
    assert.match(String(missing.body.message), /^没有工单 QD20261127-999999.* \/ ticket/);
  });

  it('keeps a ticket handed on out of the department’s inbox with ?as=lead', async () => {
    const id = await ticket(false);
    const moved = await call('POST', `/api/tickets/${id}/transfer`, tokens.housing, {
      reason: '路灯归城管',
      toDepartment: 'urban',
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    await app.tickets.act(id, { type: 'approve_transfer' }, { role: 'duty', id: 'duty' });
    const inbox = async (token: string | undefined, query: string) => {
      const res = await call('GET', `/api/tickets?status=dispatched&limit=100${query}`, token);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return (res.body.tickets as Ticket[]).map((t) => t.id);
    };
    assert.ok(!(await inbox(tokens.housing, '&as=lead')).includes(id), 'housing handed it on');
    assert.ok(
      (await inbox(tokens.housing, '&as=first_contact')).includes(id),
      "(await inbox(tokens.housing, '&as=first_contact')).includes(id)",
    );
    assert.ok((await inbox(tokens.housing, '')).includes(id), 'still involved: first contact');
    assert.ok(
      (await inbox(tokens.urban, '&as=lead')).includes(id),
      "(await inbox(tokens.urban, '&as=lead')).includes(id)",
    );
    assert.ok(
      (await inbox(tokens.supervisor, '&as=lead&department=urban')).includes(id),
      "(await inbox(tokens.supervisor, '&as=lead&department=urban')).includes(id)",
    );
    const unscoped = await call('GET', '/api/tickets?as=lead', tokens.supervisor);
    assert.deepEqual([unscoped.status, unscoped.body.code], [400, 'INVALID_INPUT']);
  });

  it('lets a supervisor put a ticket under 督办, and tells the lead', async () => {
    const id = await ticket();
    const post = (token: string | undefined, body: unknown) =>
      call('POST', `/api/tickets/${id}/supervise`, token, body);
    assert.equal((await post(tokens.duty, { reason: '媒体关注' })).status, 403);
    assert.equal((await post(tokens.housing, { reason: '媒体关注' })).status, 403);
    assert.equal((await post(tokens.supervisor, { reason: '。' })).status, 400);
    const done = await post(tokens.supervisor, { reason: '媒体关注，限期办理' });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.ticket?.supervised, true);
    assert.equal(done.body.history?.at(-1)?.type, 'supervise');
    const feed = await call('GET', '/api/notifications?limit=500', tokens.housing);
    const told = (feed.body.notifications as Record<string, unknown>[]).filter(
      (n) => n.ticketId === id,
    );
    assert.deepEqual(
      told.map((n) => [n.type, n.level, n.department, n.dueAt]),
      [['supervise', 'red', 'housing', done.body.ticket?.dueAt]],
    );
  });

  it('reads working days as an OA form posts them, as text or full-width digits', async () => {
    const id = await ticket();
    const ask = (workingDays: unknown) =>
      call('POST', `/api/tickets/${id}/request-extension`, tokens.housing, {
        reason: '需协调供热公司现场检修',
        workingDays,
      });
    const words = await ask('3天');
    assert.deepEqual([words.status, words.body.code], [400, 'INVALID_INPUT']);
    assert.match(String(words.body.message), /^workingDays: 须为工作日数/);
    const tooMany = await ask('11');
    assert.match(String(tooMany.body.message), /^workingDays: 最多 10 个工作日 \/ at most 10/);
    const asked = await ask(' ３ ');
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    assert.equal(asked.body.ticket?.pendingExtension?.workingDays, 3);
  });

  it('tells a co-department of its task, whether the lead or 顶格协调 named it', async () => {
    const feed = async (token: string | undefined, id: string) => {
      const res = await call('GET', '/api/notifications?limit=500', token);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return (res.body.notifications as Record<string, unknown>[])
        .filter((n) => n.ticketId === id)
        .map((n) => [n.type, n.level, n.department, n.dueAt]);
    };
    const byLead = await ticket();
    const added = await call('POST', `/api/tickets/${byLead}/co-departments`, tokens.housing, {
      departments: ['urban'],
    });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    const due = added.body.ticket?.dueAt;
    assert.deepEqual(await feed(tokens.urban, byLead), [['co_task', 'yellow', 'urban', due]]);
    assert.deepEqual(await feed(tokens.housing, byLead), [], 'the lead named it itself');

    const bySupervisor = await ticket(false);
    const decided = await call(
      'POST',
      `/api/tickets/${bySupervisor}/coordinate`,
      tokens.supervisor,
      {
        lead: 'urban',
        coDepartments: ['housing'],
        reason: '路灯归属不清',
      },
    );
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    assert.deepEqual(await feed(tokens.housing, bySupervisor), [
      ['co_task', 'yellow', 'housing', decided.body.ticket?.dueAt],
    ]);
  });

  it('tells the new lead of a ticket it gets by an approved transfer or by 顶格协调', async () => {
    const feed = async (token: string | undefined, id: string) => {
      const res = await call('GET', '/api/notifications?limit=500', token);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return (res.body.notifications as Record<string, unknown>[])
        .filter((n) => n.ticketId === id && n.type === 'assigned')
        .map((n) => [n.level, n.department, n.via, n.dueAt]);
    };
    const moved = await ticket(false);
    const asked = await call('POST', `/api/tickets/${moved}/transfer`, tokens.housing, {
      reason: '路灯归城管',
      toDepartment: 'urban',
    });
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    const approved = await call('POST', `/api/tickets/${moved}/approve-transfer`, tokens.duty, {});
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.deepEqual(await feed(tokens.urban, moved), [
      ['yellow', 'urban', 'transfer', approved.body.ticket?.dueAt],
    ]);
    assert.deepEqual(await feed(tokens.housing, moved), [], 'housing handed it on');

    const taken = await ticket();
    const decided = await call('POST', `/api/tickets/${taken}/coordinate`, tokens.supervisor, {
      lead: 'urban',
      coDepartments: ['housing'],
      reason: '路灯归属不清',
    });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    assert.deepEqual(await feed(tokens.urban, taken), [
      ['yellow', 'urban', 'coordinate', decided.body.ticket?.dueAt],
    ]);
    const kept = await call('POST', `/api/tickets/${taken}/coordinate`, tokens.supervisor, {
      lead: 'urban',
      coDepartments: [],
      reason: '再次协调，牵头不变',
    });
    assert.equal(kept.status, 200, JSON.stringify(kept.body));
    assert.equal((await feed(tokens.urban, taken)).length, 1, 'urban already led it');
  });
});
