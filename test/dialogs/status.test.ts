import { strict as assert } from 'node:assert';
import type { Actor, Command } from '../../src/tickets/lifecycle';
import { sampleTicket } from '../support/fixtures';
import { createHarness, say, textOf, type Harness } from '../support/dialogHarness';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';

const housing: Actor = { role: 'department', id: 'h-1', department: 'housing' };
const urban: Actor = { role: 'department', id: 'u-1', department: 'urban' };
const market: Actor = { role: 'department', id: 'm-1', department: 'market' };
const duty: Actor = { role: 'duty', id: 'd-1' };
const requester: Actor = { role: 'requester', id: 'test:walker' };

/** A whole life: transferred, accepted, co-handled, answered, reopened, answered again, rated. */
const LIFE: [Command, Actor][] = [
  [{ type: 'request_transfer', reason: '不归我们管，内部说明', toDepartment: 'urban' }, housing],
  [{ type: 'approve_transfer' }, duty],
  [{ type: 'accept' }, urban],
  [{ type: 'add_co_departments', departments: ['market'] }, urban],
  [{ type: 'submit_input', message: '部门间意见，不给群众看' }, market],
  [{ type: 'reply', message: '已处理 **完毕** <img src=x>' }, urban],
  [{ type: 'rate', rating: 'dissatisfied', comment: '没解决 [链接](http://x)' }, requester],
  [{ type: 'reply', message: '已退费' }, urban],
  [{ type: 'rate', rating: 'satisfied' }, requester],
];

const AT_ZH = '2026年11月27日（周五）15:00';
const AT_EN = 'Fri 27 Nov 2026, 15:00';

/** The citizen "walker"'s ticket, filed as the bot files one; its id. */
async function fileWalkersTicket(h: Harness): Promise<string> {
  const t = sampleTicket();
  const { ticket } = await h.tickets.create({
    channel: 'test',
    conversation: t.conversation,
    requester: { key: 'test:walker', type: 'citizen' },
    text: '物业乱收费',
    lang: 'zh',
    classification: t.classification,
    district: null,
    location: null,
  });
  return ticket.id;
}

describe('Status (查询 / 我的工单): the whole history in plain words', () => {
  let h: Harness;
  let id: string;
  beforeEach(async () => {
    h = createHarness();
    id = await fileWalkersTicket(h);
    for (const [command, actor] of LIFE) await h.tickets.act(id, command, actor);
  });
  afterEach(async () => {
    await h.close();
  });

  it('tells who had it, who accepted it, the co-departments, the answers and the ratings, in Chinese', async () => {
    const text = textOf(await say(h.client('walker'), `查询 ${id}`));
    const history = text.slice(text.indexOf('办理记录：\n') + '办理记录：\n'.length).split('\n');
    assert.deepEqual(
      history,
      [
        '工单已受理，派至首接负责单位住房和城乡建设局',
        '住房和城乡建设局申请退单',
        '退单已批准，改由城市管理局办理',
        '城市管理局已签收',
        '增加协办单位：市场监督管理局',
        '协办单位市场监督管理局已提交意见',
        '城市管理局答复：已处理 \\*\\*完毕\\*\\* \\<img src\\=x\\>',
        '您的评价：不满意（没解决 \\[链接\\]\\(http\\:\\/\\/x\\)）；已退回城市管理局重新办理，列入督办',
        '城市管理局答复：已退费',
        '您的评价：满意',
      ].map((line) => `• ${AT_ZH} ${line}`),
    );
    assert.match(text, /状态：已评价/);
    assert.doesNotMatch(
      text,
      /内部说明|部门间意见/,
      'what departments say among themselves stays there',
    );
  });

  it('tells the same in English', async () => {
    const text = textOf(await say(h.client('walker'), `check ${id}`));
    const history = text.slice(text.indexOf('History:\n') + 'History:\n'.length).split('\n');
    assert.deepEqual(
      history,
      [
        'Filed and sent to the first-contact department, Housing and Urban-Rural Development Bureau',
        'Housing and Urban-Rural Development Bureau asked to hand it on',
        'Transfer approved; now handled by Urban Management Bureau',
        'Accepted by Urban Management Bureau',
        'Co-departments added: Administration for Market Regulation',
        'Administration for Market Regulation (co-department) gave its input',
        'Answered by Urban Management Bureau: 已处理 \\*\\*完毕\\*\\* \\<img src\\=x\\>',
        'Your rating: Dissatisfied (“没解决 \\[链接\\]\\(http\\:\\/\\/x\\)”); back to Urban Management Bureau to handle again, under supervision',
        'Answered by Urban Management Bureau: 已退费',
        'Your rating: Satisfied',
      ].map((line) => `• ${AT_EN} ${line}`),
    );
    assert.doesNotMatch(text, /内部说明|部门间意见/);
  });

  it("shows the duty desk's steps in plain words, never a private note or its own moves", async () => {
    // 8 December 2026: "办理记录：call\-back requested \/ 待回电", "claimed" and a staff member's
    // private note were shown to the person as they were recorded.
    const staff = { username: 'zhang', name: '张三' };
    const callback = { by: '2026-11-27T09:00:00.000Z', phone: null };
    await h.tickets.recordHandoff(id, null, 'call-back requested / 待回电', {
      handoff: 'queued',
      callback,
    });
    await h.tickets.recordHandoff(id, staff, 'claimed', { handoff: 'claimed' });
    await h.tickets.recordHandoff(id, staff, '此人情绪激动，注意安抚', { handoff: 'note' });
    await h.tickets.recordHandoff(id, staff, 'handed back to the bot', { handoff: 'returned' });
    const text = textOf(await say(h.client('walker'), `查询 ${id}`));
    const lines = text.split('\n').slice(-3);
    assert.deepEqual(lines, [
      `• ${AT_ZH} 您的评价：满意`,
      `• ${AT_ZH} 已转热线值班人员，待回电`,
      `• ${AT_ZH} 值班人员已接入`,
    ]);
    assert.doesNotMatch(text, /情绪激动|claimed|handed back|call\\-back/);
  });

  it('shows someone else nothing of it', async () => {
    const text = textOf(await say(h.client('stranger'), `查询 ${id}`));
    assert.equal(
      text,
      `没有查到与您相关的工单 ${id}，请核对工单号。这里只能查到在本对话中登记的工单；如果是在其他设备或通过电话登记的，请回复“人工”，由工作人员核实后帮您查询。`,
    );
  });
});

describe("Status (查询): staff's own records stay with staff", () => {
  let h: Harness;
  let id: string;
  const at = '2026-11-27T07:00:00.000Z';
  beforeEach(async () => {
    h = createHarness();
    id = await fileWalkersTicket(h);
    const supervisor: Actor = { role: 'supervisor', id: 's-1' };
    const staff = { username: 'zhang', name: '张三' };
    await h.tickets.recordHandoff(id, null, 'call-back requested / 待回电', { handoff: 'queued' });
    await h.tickets.recordHandoff(id, staff, '此人语气激动，注意安抚', { handoff: 'note' });
    await h.tickets.recordHandoff(id, staff, 'handed back to the bot', { handoff: 'returned' });
    await h.tickets.act(id, { type: 'accept' }, housing);
    await h.tickets.act(
      id,
      { type: 'request_extension', reason: '内部：人手不够', workingDays: 3 },
      housing,
    );
    await h.tickets.act(id, { type: 'reject_extension', reason: '督查：理由不充分' }, supervisor);
    await h.tickets.act(
      id,
      { type: 'request_extension', reason: '需协调供热公司', workingDays: 2 },
      housing,
    );
    await h.tickets.act(id, { type: 'approve_extension' }, supervisor);
    const store = new RedisTicketStore(h.redis, h.keys);
    const system = { kind: 'system' as const };
    for (const [type, note] of [
      ['warning', 'accept due soon (yellow)'],
      ['supervise', 'accept overdue: 督办'],
      ['supervise', 'reply overdue: 督办'],
      ['link', 'duplicate of QD20261127-000009'],
    ] as const) {
      const data = note.startsWith('accept overdue') ? { step: 'accept' } : {};
      await store.appendEvent(id, { at, actor: system, type, note, data });
    }
  });
  afterEach(async () => {
    await h.close();
  });

  it('shows neither the duty desk’s notes, nor extensions asked or refused, nor warnings and links', async () => {
    const text = textOf(await say(h.client('walker'), `查询 ${id}`));
    const history = text.slice(text.indexOf('办理记录：\n') + '办理记录：\n'.length).split('\n');
    assert.deepEqual(
      history,
      [
        '工单已受理，派至首接负责单位住房和城乡建设局',
        // Taken to the duty desk is the person's own step; the desk's note and moves are not.
        '已转热线值班人员',
        '住房和城乡建设局已签收',
        '经批准，住房和城乡建设局的答复时限延长2个工作日',
        // What was late, as the person was told: not the answer they hold a date for.
        '承办单位未按时签收，列入督办',
      ].map((line) => `• ${AT_ZH} ${line}`),
    );
  });

  it('says the same in English', async () => {
    const text = textOf(await say(h.client('walker'), `check ${id}`));
    assert.doesNotMatch(text, /语气|人手|理由|待回电|handed back|duplicate|due soon/);
    assert.match(
      text,
      /Housing and Urban-Rural Development Bureau was granted 2 more working days/,
    );
    assert.match(text, /Not signed for in time; now under supervision\n?$/);
  });
});

describe('Status (我的工单): an answered ticket says when it was answered, not a time limit', () => {
  let h: Harness;
  let answered: string;
  let rated: string;
  let open: string;
  beforeEach(async () => {
    h = createHarness();
    // 7 December 2026: "我的工单" showed "…前答复" for tickets answered, rated and closed.
    answered = await fileWalkersTicket(h);
    rated = await fileWalkersTicket(h);
    open = await fileWalkersTicket(h);
    for (const id of [answered, rated]) {
      await h.tickets.act(id, { type: 'accept' }, housing);
      await h.tickets.act(id, { type: 'reply', message: '已处理' }, housing);
    }
    await h.tickets.act(rated, { type: 'rate', rating: 'satisfied' }, requester);
  });
  afterEach(async () => {
    await h.close();
  });

  it('lists each with what happened, in Chinese', async () => {
    const lines = textOf(await say(h.client('walker'), '我的工单')).split('\n');
    const dept = '住房和城乡建设局';
    assert.deepEqual(lines, [
      '您最近的工单：',
      `${open}｜已派单，待承办单位签收｜${dept}｜2026年12月4日（周五）17:30 前答复`,
      `${rated}｜已评价｜${dept}｜${AT_ZH} 已答复`,
      `${answered}｜已答复，待您评价｜${dept}｜${AT_ZH} 已答复`,
    ]);
  });

  it('lists the same in English, and the detail gives the answer time', async () => {
    const lines = textOf(await say(h.client('walker'), 'my tickets')).split('\n');
    assert.equal(
      lines[3],
      `${answered} | Answered, awaiting your rating | Housing and Urban-Rural Development Bureau | answered ${AT_EN}`,
    );
    const detail = textOf(await say(h.client('walker'), `check ${answered}`));
    assert.match(detail, new RegExp(`\\nAnswered: ${AT_EN.replace(/[(),]/g, '.')}\\nHistory:`));
    assert.doesNotMatch(detail, /Answer due/);
  });
});
