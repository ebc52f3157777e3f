import { strict as assert } from 'node:assert';
import type { NoticeAction } from '../../src/tickets/ports';
import type { Clock } from '../../src/core/clock';
import { MemoryTicketStore } from '../../src/store/memory/ticketStore';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';
import { simpleSla } from '../../src/tickets/sla';
import {
  TicketService,
  type NewTicketInput,
  type StaffActor,
} from '../../src/tickets/ticketService';
import { WorkCalendar } from '../../src/tickets/workCalendar';
import { sampleTicket } from '../support/fixtures';
import { type RedisClient, cleanup, connect, testPrefix } from '../support/redis';

const clock: Clock = { now: () => new Date('2026-11-27T07:00:00.000Z') };

function service(redis: RedisClient, keys: RedisKeys, store = new RedisTicketStore(redis, keys)) {
  return new TicketService({
    store,
    clock,
    calendar: new WorkCalendar({ timeZone: 'Asia/Shanghai' }),
    sla: simpleSla(5, 1),
    ticketPrefix: 'QD',
  });
}

function request(overrides: Partial<NewTicketInput> = {}): NewTicketInput {
  const t = sampleTicket();
  return {
    channel: t.channel,
    conversation: t.conversation,
    requester: t.requester,
    text: t.text,
    lang: 'zh',
    classification: t.classification,
    district: null,
    location: null,
    ...overrides,
  };
}

/**
 * A Redis store whose first read waits until `parties` readers have read: both instances then
 * decide on the same version, the race the version check exists for.
 */
function barrierStores(redis: RedisClient[], keys: RedisKeys): RedisTicketStore[] {
  let waiting: (() => void)[] = [];
  return redis.map((r) => {
    const store = new RedisTicketStore(r, keys);
    const get = store.get.bind(store);
    let first = true;
    store.get = async (id) => {
      const ticket = await get(id);
      if (first) {
        first = false;
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (waiting.length === redis.length) {
            for (const go of waiting) go();
            waiting = [];
          }
        });
      }
      return ticket;
    };
    return store;
  });
}

const housing: StaffActor = {
  role: 'department',
  id: 'tok-h',
  department: 'housing',
  name: '张三',
};
const urban: StaffActor = { role: 'department', id: 'tok-u', department: 'urban' };
const market: StaffActor = { role: 'department', id: 'tok-m', department: 'market' };
const duty: StaffActor = { role: 'duty', id: 'tok-d' };

describe('TicketService: the lifecycle against real Redis', () => {
  let redis: RedisClient;
  let other: RedisClient;
  let prefix: string;
  let keys: RedisKeys;
  let tickets: TicketService;
  beforeEach(() => {
    redis = connect();
    other = connect();
    prefix = testPrefix();
    keys = new RedisKeys(prefix);
    tickets = service(redis, keys);
  });
  afterEach(async () => {
    await other.quit();
    await cleanup(redis, prefix);
  });

  it('dispatches a filed ticket to its first-contact department at once', async () => {
    const { ticket } = await tickets.create(request());
    assert.equal(ticket.status, 'dispatched');
    assert.equal(ticket.leadDepartment, 'housing');
    assert.equal(ticket.version, 0);
    assert.deepEqual(
      (await tickets.listForStaff({ status: 'dispatched' }, housing)).tickets.map((t) => t.id),
      [ticket.id],
    );
  });

  it('keeps a ticket without a confirmed department as received until duty staff dispatch it', async () => {
    const { ticket } = await tickets.create(request({ departmentConfirmed: false }));
    assert.equal(ticket.status, 'received');
    assert.equal(ticket.leadDepartment, null);
    assert.deepEqual((await tickets.listForStaff({}, housing)).tickets, []);
    const waiting = await tickets.listForStaff({ status: 'received' }, duty);
    assert.deepEqual(
      waiting.tickets.map((t) => t.id),
      [ticket.id],
    );
    const { ticket: sent } = await tickets.act(
      ticket.id,
      { type: 'dispatch', department: 'urban' },
      duty,
    );
    assert.equal(sent.status, 'dispatched');
    assert.equal(sent.firstContactDepartment, 'urban', 'the first department dispatched to');
    assert.deepEqual(await redis.zrange(keys.departmentOpen('urban'), 0, -1), [ticket.id]);
  });

  it('lets one of two concurrent accepts by two instances win; the other is refused', async () => {
    const { ticket } = await tickets.create(request());
    const [a, b] = barrierStores([redis, other], keys).map((s) => service(redis, keys, s));
    const results = await Promise.allSettled([
      a!.act(ticket.id, { type: 'accept' }, housing),
      b!.act(ticket.id, { type: 'accept' }, { ...housing, id: 'tok-h2' }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    assert.equal(won.length, 1);
    assert.equal(lost.length, 1);
    assert.equal((lost[0] as { code?: string }).code, 'TRANSITION_NOT_ALLOWED');
    const view = await tickets.findForStaff(ticket.id, duty);
    assert.equal(view?.ticket.version, 1);
    assert.deepEqual(
      view?.history.map((e) => e.type),
      ['created', 'accept'],
    );
  });

  it('walks accept, co-department input and reply, recording who, role, what, when and why', async () => {
    const { ticket } = await tickets.create(request());
    await tickets.act(ticket.id, { type: 'accept' }, housing);
    await tickets.act(ticket.id, { type: 'add_co_departments', departments: ['urban'] }, housing);
    await tickets.act(ticket.id, { type: 'submit_input', message: '已约谈物业' }, urban);
    const { ticket: done, history } = await tickets.act(
      ticket.id,
      { type: 'reply', message: '已责令退还多收费用' },
      housing,
    );
    assert.equal(done.status, 'replied');
    assert.equal(done.version, 4);
    assert.deepEqual(done.coDepartments, [
      { department: 'urban', status: 'submitted', input: '已约谈物业' },
    ]);
    assert.deepEqual(
      history.map((e) => [e.type, e.actor.role ?? e.actor.kind, e.actor.department ?? null]),
      [
        ['created', 'bot', null],
        ['accept', 'department', 'housing'],
        ['add_co_departments', 'department', 'housing'],
        ['submit_input', 'department', 'urban'],
        ['reply', 'department', 'housing'],
      ],
    );
    assert.equal(history[1]?.actor.name, '张三');
    assert.equal(history[4]?.note, '已责令退还多收费用');
    assert.equal(history[4]?.at, clock.now().toISOString());
    assert.deepEqual(
      (await tickets.listForStaff({}, urban)).tickets.map((t) => t.id),
      [ticket.id],
      'a co-department sees the ticket',
    );
    assert.deepEqual(await redis.zrange(keys.departmentCoOpen('urban'), 0, -1), [ticket.id]);
  });

  it("answers another department's ticket as absent, for reading and for acting", async () => {
    const { ticket } = await tickets.create(request());
    assert.equal(await tickets.findForStaff(ticket.id, market), null);
    await assert.rejects(tickets.act(ticket.id, { type: 'accept' }, market), {
      code: 'TICKET_NOT_FOUND',
    });
    await assert.rejects(tickets.act('QD20261127-999999', { type: 'accept' }, market), {
      code: 'TICKET_NOT_FOUND',
    });
    assert.deepEqual((await tickets.listForStaff({ department: 'housing' }, market)).tickets, []);
  });

  it('keeps the first contact on a transferred ticket and moves it to the new lead', async () => {
    const { ticket } = await tickets.create(request());
    await tickets.act(
      ticket.id,
      { type: 'request_transfer', reason: '不属于本单位职责', toDepartment: 'urban' },
      housing,
    );
    const { ticket: moved } = await tickets.act(ticket.id, { type: 'approve_transfer' }, duty);
    assert.equal(moved.leadDepartment, 'urban');
    assert.equal(moved.firstContactDepartment, 'housing');
    assert.deepEqual(await redis.zrange(keys.departmentOpen('housing'), 0, -1), []);
    assert.ok(await tickets.findForStaff(ticket.id, housing), 'the first contact still sees it');
    await assert.rejects(tickets.act(ticket.id, { type: 'accept' }, housing), {
      code: 'FORBIDDEN',
    });
    await tickets.act(ticket.id, { type: 'accept' }, urban);
  });

  it('pages a filtered listing without losing or repeating tickets', async () => {
    for (let i = 0; i < 7; i++) await tickets.create(request({ text: `诉求 ${i}` }));
    const seen: string[] = [];
    let cursor: number | null = 0;
    while (cursor !== null) {
      const page = await tickets.listForStaff({ cursor, limit: 3 }, housing);
      assert.ok(page.tickets.length <= 3, 'page.tickets.length <= 3');
      seen.push(...page.tickets.map((t) => t.id));
      cursor = page.next;
    }
    assert.equal(seen.length, 7);
    assert.equal(new Set(seen).size, 7);
  });

  describe('telling the requester', () => {
    const told: { conversation: string; text: string; actions?: readonly NoticeAction[] }[] = [];
    let failing = false;
    const names: Record<string, string> = { housing: '住房和城乡建设局', urban: '城市管理局' };
    const withNotifier = () =>
      new TicketService({
        store: new RedisTicketStore(redis, keys),
        clock,
        calendar: new WorkCalendar({ timeZone: 'Asia/Shanghai' }),
        sla: simpleSla(5, 1),
        ticketPrefix: 'QD',
        notifier: {
          notify: async (conversation, text, actions) => {
            if (failing) throw new Error('chat unreachable');
            told.push({ conversation: conversation.conversationId, text, actions });
          },
        },
        departmentName: (code, lang) => (lang === 'zh' ? (names[code] ?? code) : code),
      });
    beforeEach(() => {
      told.length = 0;
      failing = false;
    });

    it('tells them in their chat when accepted, added to by a co-department, and answered', async () => {
      const service = withNotifier();
      const { ticket } = await service.create(request());
      await service.act(
        ticket.id,
        { type: 'request_transfer', reason: '先问问', toDepartment: 'urban' },
        housing,
      );
      await service.act(ticket.id, { type: 'reject_transfer', reason: '属于住建' }, duty);
      await service.settle();
      assert.equal(told.length, 0, 'transfers stay inside the administration');
      await service.act(ticket.id, { type: 'accept' }, housing);
      await service.act(ticket.id, { type: 'add_co_departments', departments: ['urban'] }, housing);
      await service.act(ticket.id, { type: 'submit_input', message: '内部意见' }, urban);
      await service.act(
        ticket.id,
        { type: 'reply', message: '已退费 <img src=x> **见附件**' },
        housing,
      );
      await service.settle();
      assert.deepEqual(
        told.map((t) => t.conversation),
        ['conv-1', 'conv-1', 'conv-1'],
      );
      assert.equal(told[0]?.text, `您的工单 ${ticket.id} 已由住房和城乡建设局签收，正在办理。`);
      assert.match(told[1]?.text ?? '', /协办单位城市管理局已提交办理意见/);
      assert.doesNotMatch(told[1]?.text ?? '', /内部意见/);
      assert.equal(
        told[2]?.text,
        `您的工单 ${ticket.id} 已由住房和城乡建设局答复：\n已退费 \\<img src\\=x\\> \\*\\*见附件\\*\\*` +
          '\n\n请您对办理结果作出评价：',
      );
      assert.equal(told[0]?.actions, undefined, 'nothing to answer on an accept');
      assert.deepEqual(told[2]?.actions, [
        { title: '满意', value: `评价 ${ticket.id} 满意` },
        { title: '基本满意', value: `评价 ${ticket.id} 基本满意` },
        { title: '不满意', value: `评价 ${ticket.id} 不满意` },
      ]);
    });

    it('tells them who handles it now, and by when, whenever that changes from what they were told', async () => {
      const service = withNotifier();
      const calendar = new WorkCalendar({ timeZone: 'Asia/Shanghai' });
      const due = (t: { dueAt: string }) => calendar.formatDue(new Date(t.dueAt), 'zh');
      const supervisor: StaffActor = { role: 'supervisor', id: 'tok-s' };
      const { ticket: waiting } = await service.create(request({ departmentConfirmed: false }));
      const { ticket: sent } = await service.act(
        waiting.id,
        { type: 'dispatch', department: 'housing' },
        duty,
      );
      await service.act(
        waiting.id,
        { type: 'request_transfer', reason: '不归我们管', toDepartment: 'urban' },
        housing,
      );
      const { ticket: moved } = await service.act(waiting.id, { type: 'approve_transfer' }, duty);
      await service.act(waiting.id, { type: 'accept' }, urban);
      await service.act(
        waiting.id,
        { type: 'request_extension', reason: '内部：等采购', workingDays: 3 },
        urban,
      );
      const { ticket: later } = await service.act(
        waiting.id,
        { type: 'approve_extension' },
        supervisor,
      );
      const { ticket: led } = await service.act(
        waiting.id,
        {
          type: 'coordinate',
          lead: 'housing',
          coDepartments: ['urban'],
          reason: '多部门联动',
          replyWorkingDays: 2,
        },
        supervisor,
      );
      await service.settle();
      const id = waiting.id;
      assert.deepEqual(
        told.map((t) => t.text),
        [
          `您的工单 ${id} 已派至住房和城乡建设局办理。答复时限：${due(sent)} 前。`,
          `您的工单 ${id} 已转由城市管理局办理。答复时限：${due(moved)} 前。`,
          `您的工单 ${id} 已由城市管理局签收，正在办理。`,
          `您的工单 ${id} 因办理需要，经批准延期 3 个工作日，答复时限：${due(later)} 前。`,
          `您的工单 ${id} 经上级协调，由住房和城乡建设局牵头办理。答复时限：${due(led)} 前。`,
        ],
      );
      assert.notEqual(due(later), due(moved), 'the extension moved the answer');
    });

    it('tells an English speaker in English', async () => {
      const service = withNotifier();
      const { ticket } = await service.create(request({ lang: 'en' }));
      await service.act(ticket.id, { type: 'accept' }, housing);
      await service.settle();
      assert.deepEqual(
        told.map((t) => t.text),
        [`Your ticket ${ticket.id} has been accepted by housing and is being handled.`],
      );
    });

    it('tells an English speaker that an answer is in Chinese, and where help to read it is', async () => {
      // 7 December 2026 on the widget: "已安排维修。" reached an English speaker bare.
      const service = withNotifier();
      const { ticket } = await service.create(request({ lang: 'en' }));
      await service.act(ticket.id, { type: 'accept' }, housing);
      await service.act(ticket.id, { type: 'reply', message: '已安排维修。' }, housing);
      const second = await service.create(request({ lang: 'en' }));
      await service.act(second.ticket.id, { type: 'accept' }, housing);
      await service.act(
        second.ticket.id,
        { type: 'reply', message: 'Repaired on 8 December (已修复).' },
        housing,
      );
      await service.settle();
      const [inChinese, inEnglish] = told.filter((t) => t.text.includes('has answered'));
      assert.match(
        inChinese?.text ?? '',
        /已安排维修。\n\nThe department wrote its answer in Chinese\. Say "agent"/,
      );
      assert.doesNotMatch(inEnglish?.text ?? '', /in Chinese/);
    });

    it('keeps the change when the chat cannot be reached', async () => {
      const service = withNotifier();
      const { ticket } = await service.create(request());
      failing = true;
      const { ticket: accepted } = await service.act(ticket.id, { type: 'accept' }, housing);
      await service.settle();
      assert.equal(accepted.status, 'accepted');
      assert.equal((await service.findForStaff(ticket.id, duty))?.ticket.status, 'accepted');
    });
  });
});

describe('TicketService listing', () => {
  it('reads a bounded part of the index per request and hands back a cursor to go on', async () => {
    const tickets = new TicketService({
      store: new MemoryTicketStore(),
      clock,
      calendar: new WorkCalendar({ timeZone: 'Asia/Shanghai' }),
      sla: simpleSla(5, 1),
      ticketPrefix: 'QD',
    });
    const { ticket: waiting } = await tickets.create(
      request({ text: 'oldest', departmentConfirmed: false }),
    );
    for (let i = 0; i < 1200; i++) await tickets.create(request({ text: `诉求 ${i}` }));
    const first = await tickets.listForStaff({ status: 'received' }, duty);
    assert.deepEqual(first.tickets, []);
    assert.equal(first.next, 1000);
    const second = await tickets.listForStaff({ status: 'received', cursor: 1000 }, duty);
    assert.deepEqual(
      second.tickets.map((t) => t.id),
      [waiting.id],
    );
    assert.equal(second.next, null);
  });
});
