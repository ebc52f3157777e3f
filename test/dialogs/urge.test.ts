import { strict as assert } from 'node:assert';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';
import type { Actor } from '../../src/tickets/lifecycle';
import type { Ticket } from '../../src/tickets/ticket';
import { sampleTicket } from '../support/fixtures';
import {
  createHarness,
  exchange,
  say,
  textOf,
  type Harness,
  type ExactTurn,
} from '../support/dialogHarness';
import { change } from '../supervision/support';

const housing: Actor = { role: 'department', id: 'h-1', department: 'housing' };
const supervisor: Actor = { role: 'supervisor', id: 's-1' };

/** When a ticket filed at the harness's Friday 15:00 is due (5 working days). */
const DUE_ZH = '2026年12月4日（周五）17:30';
const DUE_EN = 'Fri 4 Dec 2026, 17:30';
const NOW_ZH = '2026年11月27日（周五）15:00';

const OTHERS = '\n您还有 1 件办理中的工单；要催办其他工单，请发送“催办 工单号”，如“催办 ID”。';

const urged = (department = '住房和城乡建设局', extra = '') =>
  `已为您催办工单 ID，已通知承办单位${department}；答复时限：${DUE_ZH} 前。${extra}`;

describe('催办: a citizen urges their open ticket from the chat', () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  async function file(user: string, text = '物业乱收费', lang: 'zh' | 'en' = 'zh') {
    const t = sampleTicket();
    const { ticket } = await h.tickets.create({
      channel: 'test',
      conversation: t.conversation,
      requester: { key: `test:${user}`, type: 'citizen' },
      text,
      lang,
      classification: t.classification,
      district: null,
      location: null,
    });
    return ticket;
  }

  async function edit(id: string, how: (t: Ticket) => Partial<Ticket>): Promise<void> {
    await change(new RedisTicketStore(h.redis, h.keys), id, how);
  }

  it('says there is nothing to urge when the person has no open ticket', async () => {
    const chat = h.client('walker');
    await exchange(chat, [
      ['催一下', ['您目前没有办理中的工单，无需催办。如需反映问题，请直接描述遇到的情况。']],
    ]);
    assert.equal(chat.dialogTurnResult.status, DialogTurnStatus.complete);
  });

  it('urges the open ticket, tells its department, and refuses a second urge within 24 hours', async () => {
    const ticket = await file('walker');
    const chat = h.client('walker');
    const turns: ExactTurn[] = [
      ['催一下', [urged()]],
      [
        '怎么还没处理',
        [
          `您已于 ${NOW_ZH} 催办过工单 ID，24 小时内只能催办一次，住房和城乡建设局已收到通知。` +
            `答复时限：${DUE_ZH} 前。`,
        ],
      ],
    ];
    await exchange(chat, turns);
    const feed = await h.notifications.list(['housing'], 0, 10);
    assert.deepEqual(
      feed.map((n) => [n.type, n.level, n.ticketId]),
      [['urge', 'yellow', ticket.id]],
    );
    const status = textOf(await say(chat, `查询 ${ticket.id}`));
    assert.match(status, new RegExp(`• ${NOW_ZH} 您催办了此工单`));
  });

  it('urges in English', async () => {
    await file('walker-en', 'The property company overcharges me', 'en');
    const chat = h.client('walker-en', undefined, { locale: 'en-US' });
    await exchange(chat, [
      [
        'any update?',
        [
          'Ticket ID has been urged: Housing and Urban-Rural Development Bureau has been told. ' +
            `Answer due: ${DUE_EN}.`,
        ],
      ],
    ]);
  });

  it('urges the newest of several open tickets, says how to urge another, and urges the one named', async () => {
    const older = await file('walker', '楼道灯坏了');
    await file('walker', '物业乱收费');
    const chat = h.client('walker');
    const replies = await exchange(chat, [
      ['帮我催一下', [urged() + OTHERS]],
      [`催办 ${older.id}`, [urged() + OTHERS]],
    ]);
    assert.match(textOf(replies), new RegExp(`催办工单 ${older.id}，`));
  });

  it("answers someone else's ticket number like an unknown one and records nothing", async () => {
    const theirs = await file('walker');
    await exchange(h.client('stranger'), [
      [
        `催办 ${theirs.id}`,
        [
          '没有查到与您相关的工单 ID，请核对工单号。这里只能查到在本对话中登记的工单；如果是在其他设备或通过电话登记的，请回复“人工”，由工作人员核实后帮您查询。',
        ],
      ],
    ]);
    assert.deepEqual(await h.notifications.list(['housing', 'supervisors'], 0, 10), []);
  });

  it('does not urge a closed ticket', async () => {
    const ticket = await file('walker');
    await h.tickets.act(ticket.id, { type: 'accept' }, housing);
    await h.tickets.act(ticket.id, { type: 'reply', message: '已处理' }, housing);
    await h.tickets.act(ticket.id, { type: 'close' }, supervisor);
    await exchange(h.client('walker'), [
      [
        `催办 ${ticket.id}`,
        ['工单 ID 已办结，不能催办。如问题仍未解决，请直接描述遇到的情况，重新登记。'],
      ],
      ['催一下', ['您目前没有办理中的工单，无需催办。如需反映问题，请直接描述遇到的情况。']],
    ]);
  });

  it('says 督办 only of a ticket under it, and tells the supervisors of a late one', async () => {
    const late = await file('walker', '楼道灯坏了');
    const supervised = await file('walker', '物业乱收费');
    const past = new Date(Date.parse('2026-11-27T07:00:00.000Z') - 3600_000).toISOString();
    await edit(late.id, () => ({ dueAt: past }));
    await edit(supervised.id, () => ({ dueAt: past, supervised: true }));
    const pastZh = '2026年11月27日（周五）14:00';
    const chat = h.client('walker');
    await exchange(chat, [
      [
        `催办 ${late.id}`,
        [
          `已为您催办工单 ID，已通知承办单位住房和城乡建设局；答复时限：${pastZh} 前。` +
            '该工单已超过办理时限，催办已同时告知督办人员。' +
            OTHERS,
        ],
      ],
      [
        `催办 ${supervised.id}`,
        [
          `已为您催办工单 ID，已通知承办单位住房和城乡建设局；答复时限：${pastZh} 前。` +
            '该工单已超过办理时限，已列入督办，催办已同时告知督办人员。' +
            OTHERS,
        ],
      ],
    ]);
    const toSupervisors = await h.notifications.list(['supervisors'], 0, 10);
    assert.deepEqual(
      toSupervisors.map((n) => [n.type, n.level, n.ticketId]),
      [
        ['urge', 'red', late.id],
        ['urge', 'red', supervised.id],
      ],
    );
  });

  it('files a request that says 怎么还没处理 in a sentence, as the request it is', async () => {
    await file('walker');
    const reply = textOf(await say(h.client('walker'), '楼上漏水好几天了物业怎么还没处理'));
    assert.doesNotMatch(reply, /催办/);
    assert.deepEqual(await h.notifications.list(['housing', 'supervisors'], 0, 10), []);
  });

  it('urges the open ticket when a sentence presses for it without naming a new matter', async () => {
    // 8 December 2026, just after filing: both were offered three departments as a new request.
    await file('walker');
    await file('walker-en', 'The property company overcharges me', 'en');
    await exchange(h.client('walker'), [['怎么还没人管啊 都好几天了 快点给我弄', [urged()]]]);
    const en = textOf(
      await say(h.client('walker-en'), "is it possible to hurry them up a bit? it's really dark"),
    );
    assert.match(en, /Ticket QD\d{8}-\d{6} has been urged/);
  });

  it('urges, not lists, when a question after the ticket presses for it', async () => {
    // A web chat, 8 December 2026: "怎么还没人来修啊 快点吧" was answered with the ticket list.
    await file('walker');
    await exchange(h.client('walker'), [['怎么还没人来修啊 快点吧', [urged()]]]);
  });

  it('takes a long account that ends by pressing as a new request, open ticket or not', async () => {
    await file('walker');
    const reply = textOf(
      await say(
        h.client('walker'),
        '我们家楼上那户人家天天晚上装修砸墙到十一点多，吵得我和老伴睡不着觉，还有就是小区门口那个路灯坏了好几个月了，请尽快处理',
      ),
    );
    assert.doesNotMatch(reply, /催办/);
  });

  it('takes a sentence that presses, from someone with no open ticket, as a request', async () => {
    const reply = textOf(await say(h.client('walker'), '怎么还没人管啊 都好几天了 快点给我弄'));
    assert.doesNotMatch(reply, /催办/);
  });

  it('urges in the middle of a new request, then asks the open question again', async () => {
    await file('walker');
    const chat = h.client('walker');
    const first = await say(chat, '我要投诉');
    const question = textOf(first);
    await exchange(chat, [['催一下', [urged(), '我们继续刚才的事项。', question]]]);
    assert.equal(chat.dialogTurnResult.status, DialogTurnStatus.waiting);
  });

  it('takes "还没处理" after a 不满意 as what is not solved, not as an urge', async () => {
    const ticket = await file('walker');
    await h.tickets.act(ticket.id, { type: 'accept' }, housing);
    await h.tickets.act(ticket.id, { type: 'reply', message: '已处理' }, housing);
    const chat = h.client('walker');
    await say(chat, `评价 ${ticket.id} 不满意`);
    const reply = textOf(await say(chat, '还没处理'));
    assert.match(reply, /已把您的说明记入工单/);
    assert.deepEqual(await h.notifications.list(['housing', 'supervisors'], 0, 10), []);
  });
});
