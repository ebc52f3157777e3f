import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { AccessTokens } from '../../src/access/tokens';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisTokenStore } from '../../src/store/redis/tokenStore';
import type { Command } from '../../src/tickets/lifecycle';
import type { StaffActor } from '../../src/tickets/ticketService';
import { FRIDAY_3PM } from '../support/dialogHarness';
import { sampleFiling } from '../support/fixtures';
import { WebUser } from '../server/webUser';
import { FakeConnector } from '../channels/teams/fakes';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';

type Caller = 'none' | 'forged' | 'involved' | 'market' | 'duty' | 'supervisor';

interface Answer {
  status: number;
  body: { code?: string; message?: string; [k: string]: unknown };
}

/** The departments' API on the real server over a real Redis, with tokens as the CLI makes them. */
describe('Departments’ API over HTTP', () => {
  let app: App;
  let base: string;
  let prefix: string;
  const tokens: Record<string, string> = {};
  let seq = 0;
  /** Where the Emulator conversation's replies and ticket news go. */
  const emulator = new FakeConnector();

  before(async () => {
    await emulator.start();
    prefix = testPrefix();
    const config = loadConfig({ ...REDIS_ENV, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'silent' });
    app = await createApp(config, { logger: pino({ level: 'silent' }), clock: FRIDAY_3PM });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    const { port } = app.server.address() as AddressInfo;
    base = `http://127.0.0.1:${port}`;
    const redis = connect();
    try {
      const access = new AccessTokens(
        new RedisTokenStore(redis, new RedisKeys(prefix)),
        FRIDAY_3PM,
        new Set(['housing', 'urban', 'market']),
      );
      for (const d of ['housing', 'urban', 'market']) {
        tokens[d] = (
          await access.create({ role: 'department', department: d, name: `${d} staff` })
        ).token;
      }
      tokens.duty = (await access.create({ role: 'duty' })).token;
      tokens.supervisor = (await access.create({ role: 'supervisor' })).token;
      const revoked = await access.create({ role: 'supervisor' });
      await access.revoke(revoked.record.id);
      tokens.revoked = revoked.token;
    } finally {
      await redis.quit();
    }
  });

  after(async () => {
    await app.close();
    await emulator.close();
    await cleanup(connect(), prefix);
  });

  async function call(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ): Promise<Answer> {
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

  async function send(user: string, text: string): Promise<string> {
    seq += 1;
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `api-act-${seq}`,
        text,
        channelId: 'emulator',
        serviceUrl: emulator.serviceUrl,
        deliveryMode: 'expectReplies',
        from: { id: user, name: 'Test User' },
        recipient: { id: 'bot' },
        conversation: { id: `conv-${user}` },
        locale: 'zh-CN',
      }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const out = (await res.json()) as { activities: { text?: string }[] };
    return out.activities.map((a) => a.text ?? '').join('\n');
  }

  const housing: StaffActor = { role: 'department', id: 'prep', department: 'housing' };
  const duty: StaffActor = { role: 'duty', id: 'prep' };

  /** A fresh ticket led by housing, taken through `steps` by the service itself. */
  async function ticketAfter(steps: [Command, StaffActor][], confirmed = true): Promise<string> {
    seq += 1;
    const { ticket } = await app.tickets.create(
      sampleFiling(`物业乱收费 ${seq}`, { departmentConfirmed: confirmed }),
    );
    for (const [command, actor] of steps) await app.tickets.act(ticket.id, command, actor);
    return ticket.id;
  }

  const dispatched = () => ticketAfter([]);
  const transferAsked = () =>
    ticketAfter([
      [{ type: 'request_transfer', reason: '非本单位职责', toDepartment: 'urban' }, housing],
    ]);
  const accepted = () => ticketAfter([[{ type: 'accept' }, housing]]);
  const coHandled = () =>
    ticketAfter([
      [{ type: 'accept' }, housing],
      [{ type: 'add_co_departments', departments: ['urban'] }, housing],
    ]);
  const replied = () =>
    ticketAfter([
      [{ type: 'accept' }, housing],
      [{ type: 'reply', message: '已处理' }, housing],
    ]);
  const received = () => ticketAfter([], false);

  interface Row {
    method: 'GET' | 'POST';
    route: string;
    prepare: () => Promise<string>;
    /** The department token that is involved in the ticket the way this route needs. */
    involved: string;
    body?: unknown;
    expect: Record<Caller, number>;
  }

  // Expectations written out, not derived from the code: who may do what, and what others hear.
  const LEAD = { involved: 200, market: 404, duty: 403, supervisor: 403 };
  const HOTLINE = { involved: 403, market: 403, duty: 200, supervisor: 200 };
  const NO_TOKEN = { none: 401, forged: 401 };
  const ROWS: Row[] = [
    {
      method: 'GET',
      route: '',
      prepare: dispatched,
      involved: 'housing',
      expect: { ...NO_TOKEN, involved: 200, market: 200, duty: 200, supervisor: 200 },
    },
    {
      method: 'GET',
      route: '/:id',
      prepare: dispatched,
      involved: 'housing',
      expect: { ...NO_TOKEN, involved: 200, market: 404, duty: 200, supervisor: 200 },
    },
    {
      method: 'POST',
      route: '/:id/accept',
      prepare: dispatched,
      involved: 'housing',
      body: {},
      expect: { ...NO_TOKEN, ...LEAD },
    },
    {
      method: 'POST',
      route: '/:id/transfer',
      prepare: dispatched,
      involved: 'housing',
      body: { reason: '非本单位职责', toDepartment: 'urban' },
      expect: { ...NO_TOKEN, ...LEAD },
    },
    {
      method: 'POST',
      route: '/:id/approve-transfer',
      prepare: transferAsked,
      involved: 'housing',
      body: {},
      expect: { ...NO_TOKEN, ...HOTLINE },
    },
    {
      method: 'POST',
      route: '/:id/reject-transfer',
      prepare: transferAsked,
      involved: 'housing',
      body: { reason: '属于本单位职责' },
      expect: { ...NO_TOKEN, ...HOTLINE },
    },
    {
      method: 'POST',
      route: '/:id/co-departments',
      prepare: accepted,
      involved: 'housing',
      body: { departments: ['urban'] },
      expect: { ...NO_TOKEN, ...LEAD },
    },
    {
      method: 'POST',
      route: '/:id/input',
      prepare: coHandled,
      involved: 'urban',
      body: { message: '已约谈物业' },
      expect: { ...NO_TOKEN, ...LEAD },
    },
    {
      method: 'POST',
      route: '/:id/progress',
      prepare: accepted,
      involved: 'housing',
      body: { message: '已联系物业' },
      expect: { ...NO_TOKEN, ...LEAD },
    },
    {
      method: 'POST',
      route: '/:id/reply',
      prepare: accepted,
      involved: 'housing',
      body: { message: '已责令退费' },
      expect: { ...NO_TOKEN, ...LEAD },
    },
    {
      method: 'POST',
      route: '/:id/close',
      prepare: replied,
      involved: 'housing',
      body: { reason: '已答复，未评价' },
      expect: { ...NO_TOKEN, ...HOTLINE, duty: 409 },
    },
    {
      method: 'POST',
      route: '/:id/coordinate',
      prepare: dispatched,
      involved: 'housing',
      body: { lead: 'urban', coDepartments: ['housing'], reason: '职责交叉' },
      expect: { ...NO_TOKEN, ...HOTLINE, duty: 403 },
    },
    {
      method: 'POST',
      route: '/:id/dispatch',
      prepare: received,
      involved: 'housing',
      body: { department: 'housing' },
      expect: { ...NO_TOKEN, ...HOTLINE },
    },
  ];

  for (const row of ROWS) {
    for (const caller of Object.keys(row.expect) as Caller[]) {
      const want = row.expect[caller];
      it(`${row.method} /api/tickets${row.route} as ${caller}: ${want}`, async () => {
        const id = await row.prepare();
        const token =
          caller === 'none'
            ? undefined
            : caller === 'forged'
              ? tokens.revoked
              : caller === 'involved'
                ? tokens[row.involved]
                : tokens[caller];
        const before = await app.tickets.findForStaff(id, duty);
        const res = await call(
          row.method,
          `/api/tickets${row.route.replace(':id', id)}`,
          token,
          row.body,
        );
        assert.equal(res.status, want, JSON.stringify(res.body));
        if (want !== 200) {
          assert.equal(typeof res.body.code, 'string');
          assert.equal(typeof res.body.message, 'string');
          const after = await app.tickets.findForStaff(id, duty);
          assert.equal(after?.ticket.version, before?.ticket.version, 'a refusal changes nothing');
        }
        if (want === 404) assert.equal(res.body.code, 'TICKET_NOT_FOUND');
        if (want === 401) assert.equal(res.body.code, 'UNAUTHORIZED');
      });
    }
  }

  it('answers another department’s ticket exactly like an unknown one', async () => {
    const id = await dispatched();
    const foreign = await call('GET', `/api/tickets/${id}`, tokens.market);
    const unknown = await call('GET', '/api/tickets/QD20261127-999999', tokens.market);
    assert.equal(foreign.status, 404);
    assert.deepEqual(
      { ...foreign.body, message: String(foreign.body.message).replaceAll(id, 'ID') },
      {
        ...unknown.body,
        message: String(unknown.body.message).replaceAll('QD20261127-999999', 'ID'),
      },
    );
  });

  it('answers a path that is no ticket number 404 without echoing it, and reads one in any case', async () => {
    for (const path of ['..%2f..%2fhealthz', 'QD%E2%80%AE20261127-999999', '%00', 'x'.repeat(60)]) {
      const res = await call('GET', `/api/tickets/${path}`, tokens.supervisor);
      assert.deepEqual([res.status, res.body.code], [404, 'TICKET_NOT_FOUND'], path);
      assert.match(
        String(res.body.message),
        /^没有该编号的工单/,
        'Chinese first, as every refusal',
      );
      const message = String(res.body.message).toLowerCase();
      for (const echo of ['healthz', '\u202e', '\u0000', 'xxx'])
        assert.ok(!message.includes(echo), '!message.includes(echo)');
      const acted = await call('POST', `/api/tickets/${path}/close`, tokens.supervisor, {});
      assert.deepEqual([acted.status, acted.body.code], [404, 'TICKET_NOT_FOUND'], path);
    }
    const id = await dispatched();
    const lower = await call('GET', `/api/tickets/${id.toLowerCase()}`, tokens.supervisor);
    assert.equal(lower.status, 200);
  });

  it('refuses bad bodies, unknown departments and illegal transitions with stable codes', async () => {
    const id = await accepted();
    const empty = await call('POST', `/api/tickets/${id}/reply`, tokens.housing, { message: '  ' });
    assert.deepEqual([empty.status, empty.body.code], [400, 'INVALID_INPUT']);
    const unknown = await call('POST', `/api/tickets/${id}/co-departments`, tokens.housing, {
      departments: ['atlantis'],
    });
    assert.deepEqual([unknown.status, unknown.body.code], [400, 'UNKNOWN_DEPARTMENT']);
    // A clerk reads Chinese first, as in every other refusal (8 December 2026).
    assert.match(String(unknown.body.message), /^没有代码为 "atlantis" 的部门 \/ no department/);
    const none = await call('POST', `/api/tickets/${id}/co-departments`, tokens.housing, {
      departments: ['housing'],
    });
    assert.deepEqual([none.status, none.body.code], [400, 'INVALID_COMMAND']);
    assert.match(String(none.body.message), /^没有指明新的协办单位 \/ /);
    const again = await call('POST', `/api/tickets/${id}/accept`, tokens.housing, {});
    assert.deepEqual([again.status, again.body.code], [409, 'TRANSITION_NOT_ALLOWED']);
    const listOther = await call('GET', '/api/tickets?department=urban', tokens.housing);
    assert.deepEqual([listOther.status, listOther.body.code], [403, 'FORBIDDEN']);
    assert.match(String(listOther.body.message), /^部门令牌只能查看本部门的工单 \/ /);
    const badStatus = await call('GET', '/api/tickets?status=open', tokens.duty);
    assert.deepEqual([badStatus.status, badStatus.body.code], [400, 'INVALID_INPUT']);
    assert.match(String(badStatus.body.message), /^status：输入有误 \/ status: /);
    const missing = await call('POST', `/api/tickets/${id}/progress`, tokens.housing, {});
    assert.match(String(missing.body.message), /^message：输入有误 \/ message: /);
    const notYours = await call('POST', `/api/tickets/${id}/approve-transfer`, tokens.housing, {});
    assert.deepEqual([notYours.status, notYours.body.code], [403, 'FORBIDDEN']);
    assert.equal(
      notYours.body.message,
      '承办单位不能批准退单，只有热线值班员或督办人员可以 / department may not approve-transfer; duty or supervisor may',
    );
    const unlink = await call('POST', `/api/tickets/${id}/unlink`, tokens.housing, {
      ticketId: id,
    });
    assert.match(
      String(unlink.body.message),
      /^承办单位不能撤销并单，只有热线值班员或督办人员可以 \/ /,
    );
  });

  it('pages a listing with a cursor and filters by status', async () => {
    const ids = [await received(), await received(), await received()];
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page = await call('GET', `/api/tickets?status=received&limit=2${q}`, tokens.duty);
      assert.equal(page.status, 200);
      const tickets = page.body.tickets as { id: string; status: string; conversation?: unknown }[];
      assert.ok(
        tickets.every((t) => t.status === 'received' && t.conversation === undefined),
        "tickets.every((t) => t.status === 'received' && t.conversation === undefined)",
      );
      seen.push(...tickets.map((t) => t.id));
      cursor = page.body.next as string | null;
    } while (cursor !== null);
    assert.deepEqual(seen.filter((s) => ids.includes(s)).sort(), [...ids].sort());
    assert.equal(new Set(seen).size, seen.length);
  });

  it('describes every route in /api/openapi.json', async () => {
    const doc = await call('GET', '/api/openapi.json');
    assert.equal(doc.status, 200);
    const paths = Object.keys(doc.body.paths as Record<string, unknown>);
    for (const row of ROWS)
      assert.ok(paths.includes(`/api/tickets${row.route.replace(':id', '{id}')}`), row.route);
  });

  it('walks a ticket from the chat to accept, co-department input and reply', async () => {
    await send('api-walker', '我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路');
    await send('api-walker', '市民');
    await send('api-walker', '13812345678');
    await send('api-walker', '我姓王');
    const done = await send('api-walker', '确认提交');
    const id = /QD20261127-\d{6}/.exec(done)?.[0];
    assert.ok(id, done);
    // How to address the person, for the department that calls back.
    const read = await call('GET', `/api/tickets/${id}`, tokens.housing);
    assert.deepEqual((read.body.ticket as { requester: unknown }).requester, {
      key: 'emulator:api-walker',
      type: 'citizen',
      name: '王',
      phone: '13812345678',
    });

    const inbox = await call('GET', '/api/tickets?status=dispatched', tokens.housing);
    assert.ok(
      (inbox.body.tickets as { id: string }[]).some((t) => t.id === id),
      '(inbox.body.tickets as { id: string }[]).some((t) => t.id === id)',
    );
    assert.equal((await call('GET', `/api/tickets/${id}`, tokens.urban)).status, 404);

    const post = (action: string, token: string | undefined, body: unknown) =>
      call('POST', `/api/tickets/${id}/${action}`, token, body);
    assert.equal((await post('accept', tokens.housing, {})).status, 200);
    assert.equal((await post('progress', tokens.housing, { message: '已约物业面谈' })).status, 200);
    assert.equal(
      (await post('co-departments', tokens.housing, { departments: ['urban'] })).status,
      200,
    );
    assert.equal(
      (await call('GET', `/api/tickets/${id}`, tokens.urban)).status,
      200,
      'now involved',
    );
    assert.equal((await post('input', tokens.urban, { message: '已约谈物业公司' })).status, 200);
    const replied = await post('reply', tokens.housing, { message: '已责令物业退还多收的停车费' });
    assert.equal(replied.status, 200);

    const view = await call('GET', `/api/tickets/${id}`, tokens.housing);
    const ticket = view.body.ticket as Record<string, unknown>;
    assert.equal(ticket.status, 'replied');
    assert.equal(ticket.firstContactDepartment, 'housing');
    const history = view.body.history as {
      type: string;
      actor: { role?: string; department?: string; name?: string };
      note?: string;
    }[];
    assert.deepEqual(
      history.map((e) => [e.type, e.actor.department ?? null]),
      [
        ['created', null],
        ['accept', 'housing'],
        ['progress', 'housing'],
        ['add_co_departments', 'housing'],
        ['submit_input', 'urban'],
        ['reply', 'housing'],
      ],
    );
    assert.equal(history[4]?.actor.name, 'urban staff');
    assert.equal(history[5]?.note, '已责令物业退还多收的停车费');

    await app.tickets.settle();
    assert.deepEqual(
      emulator
        .take()
        .filter((c) => c.conversationId === 'conv-api-walker')
        .map((c) => c.activity.text?.split('：')[0]),
      [
        `您的工单 ${id} 已由住房和城乡建设局签收，正在办理。`,
        `您的工单 ${id} 有新进展（住房和城乡建设局）`,
        `您的工单 ${id} 有新进展`,
        `您的工单 ${id} 已由住房和城乡建设局答复`,
      ],
      'the requester heard of each step in their chat',
    );

    const status = await send('api-walker', `查询 ${id}`);
    assert.match(status, /已答复/);
    assert.match(status, /已责令物业退还多收的停车费/);
    assert.match(status, /协办单位城市管理局已提交意见/);
    assert.doesNotMatch(status, /已约谈物业公司/, "a co-department's input stays with the lead");
  });

  it('takes a co-department’s input as soon as 顶格协调 asks it, before the lead signs (并联)', async () => {
    const id = await dispatched();
    const coordinate = await call('POST', `/api/tickets/${id}/coordinate`, tokens.supervisor, {
      lead: 'housing',
      coDepartments: ['market'],
      reason: '多部门联动',
    });
    assert.equal(coordinate.status, 200, JSON.stringify(coordinate.body));
    const input = await call('POST', `/api/tickets/${id}/input`, tokens.market, {
      message: '已到现场核实收费公示',
    });
    assert.equal(input.status, 200, JSON.stringify(input.body));
    const ticket = input.body.ticket as { status: string; coDepartments: unknown[] };
    assert.equal(ticket.status, 'dispatched', 'the lead has still to sign for it');
    assert.deepEqual(ticket.coDepartments, [
      { department: 'market', status: 'submitted', input: '已到现场核实收费公示' },
    ]);
    assert.equal((await call('POST', `/api/tickets/${id}/accept`, tokens.housing)).status, 200);
    // The lead, which answers for both, is told the input is there.
    const feed = await call('GET', '/api/notifications', tokens.housing);
    const told = (feed.body.notifications as Record<string, unknown>[]).filter(
      (n) => n.ticketId === id && n.type === 'co_input',
    );
    assert.deepEqual(
      told.map((n) => [n.level, n.department, n.from]),
      [['yellow', 'housing', 'market']],
    );
  });

  it('keeps the duty desk’s private notes out of what a department reads, not out of what duty staff read', async () => {
    const id = await dispatched();
    const note = '来电者情绪激动，回访时注意安抚';
    await app.tickets.recordHandoff(id, { username: 'zhang', name: '张三' }, note, {
      handoff: 'note',
    });
    const notes = (answer: Answer) =>
      (answer.body.history as { note?: string }[]).filter((e) => e.note === note).length;
    const read = await call('GET', `/api/tickets/${id}`, tokens.housing);
    assert.equal(read.status, 200);
    assert.equal(notes(read), 0, 'the department reading the ticket');
    const accepted = await call('POST', `/api/tickets/${id}/accept`, tokens.housing);
    assert.equal(accepted.status, 200);
    assert.equal(notes(accepted), 0, 'the department after a step');
    assert.equal(notes(await call('GET', `/api/tickets/${id}`, tokens.duty)), 1);
    assert.equal(notes(await call('GET', `/api/tickets/${id}`, tokens.supervisor)), 1);
  });

  it('tells the requester of a supervisor’s 督办 after 顶格协调, which never said 督办, once', async () => {
    await send('api-supervised', '我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路');
    await send('api-supervised', '市民');
    await send('api-supervised', '13812345678');
    await send('api-supervised', '跳过');
    const id = /QD20261127-\d{6}/.exec(await send('api-supervised', '确认提交'))?.[0];
    assert.ok(id, 'id');
    const post = (action: string, body: unknown) =>
      call('POST', `/api/tickets/${id}/${action}`, tokens.supervisor, body);
    const coordinated = await post('coordinate', {
      lead: 'housing',
      coDepartments: ['urban'],
      reason: '多部门联动',
    });
    assert.equal(coordinated.status, 200);
    assert.equal((await post('supervise', { reason: '媒体关注，限期办理' })).status, 200);
    assert.equal((await post('supervise', { reason: '再次督办' })).status, 200);
    await app.tickets.settle();
    const told = emulator
      .take()
      .filter((c) => c.conversationId === 'conv-api-supervised')
      .map((c) => c.activity.text ?? '');
    assert.deepEqual(
      told.map((t) => t.split('，')[0]),
      [`您的工单 ${id} 经上级协调`, `您的工单 ${id} 已列入督办`],
      told.join('\n'),
    );
  });

  it('tells a web widget user in their Direct Line transcript when accepted and answered', async () => {
    const user = await WebUser.start(base);
    const id = await user.fileTicket('我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路');
    const post = (action: string, body: unknown) =>
      call('POST', `/api/tickets/${id}/${action}`, tokens.housing, body);
    assert.equal((await post('accept', {})).status, 200);
    assert.equal(await user.replies(), `您的工单 ${id} 已由住房和城乡建设局签收，正在办理。`);
    assert.equal((await post('reply', { message: '已退费' })).status, 200);
    await app.tickets.settle();
    assert.equal(
      await user.replies(),
      `您的工单 ${id} 已由住房和城乡建设局答复：\n已退费\n\n请您对办理结果作出评价：`,
    );
  });
});
