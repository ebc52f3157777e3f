import { strict as assert } from 'node:assert';
import {
  HandoffTakenError,
  NotOwnerError,
  QUEUE_NEWS_PLACES,
  type HandoffService,
} from '../../src/handoff/service';
import type { HandoffEvent, HandoffRequestInput } from '../../src/handoff/types';
import { HandoffRequestSchema } from '../../src/handoff/types';
import { MemoryHandoffEvents } from '../../src/store/memory/handoffEvents';
import { MemoryHandoffStore } from '../../src/store/memory/handoffStore';
import { ChatLog, handoffService } from '../support/handoff';

/** A clock the test moves by hand. */
class ManualClock {
  constructor(private t: number) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

const zhang = { username: 'zhang', name: '张三', supervisor: false };
const li = { username: 'li', name: '李四', supervisor: false };
const boss = { username: 'wang', name: '王主任', supervisor: true };

function request(id: string, overrides: Partial<HandoffRequestInput> = {}) {
  return HandoffRequestSchema.parse({
    conversationKey: `directline:${id}`,
    conversation: { channelId: 'directline', conversationId: id, reference: {} },
    reason: 'human_requested',
    emergencyKind: null,
    lang: 'zh',
    at: '2026-12-07T02:00:00.000Z',
    ticketId: null,
    ...overrides,
  });
}

describe('HandoffService', () => {
  // 2026-12-07 10:00 in Shanghai (02:00Z): within 08:00-22:00 duty hours.
  let clock: ManualClock;
  let chat: ChatLog;
  let events: HandoffEvent[];
  let history: { ticketId: string; note: string }[];
  let service: HandoffService;

  function build(spec = '08:00-22:00', awaitingDispatch: ReadonlySet<string> = new Set()) {
    const bus = new MemoryHandoffEvents();
    void bus.subscribe((e) => events.push(e));
    service = handoffService({
      store: new MemoryHandoffStore({ clock }),
      events: bus,
      relay: chat,
      clock,
      dutyHours: spec,
      record: (ticketId, note) => history.push({ ticketId, note }),
      awaitingDispatch,
    });
  }

  beforeEach(() => {
    clock = new ManualClock(Date.parse('2026-12-07T02:00:00.000Z'));
    chat = new ChatLog();
    events = [];
    history = [];
    build();
  });

  it('tells each person their place and a wait that shrinks with more staff online', async () => {
    const first = await service.escalate(request('a'), []);
    const second = await service.escalate(request('b', { at: '2026-12-07T02:01:00.000Z' }), []);
    assert.equal(first.position, 1);
    assert.equal(second.position, 2);
    assert.equal(second.waitMinutes, 10);
    assert.equal(second.staffAvailable, false, 'nobody online yet');
    await service.setPresence(zhang, 'online');
    await service.setPresence(li, 'online');
    const again = await service.escalate(request('b', { at: '2026-12-07T02:01:00.000Z' }), []);
    assert.equal(again.staffAvailable, true);
    assert.equal(again.waitMinutes, 5);
  });

  it('puts an emergency ahead of people who waited longer', async () => {
    await service.escalate(request('a', { at: '2026-12-07T01:00:00.000Z' }), []);
    const e = await service.escalate(
      request('e', { reason: 'emergency', emergencyKind: 'fire' }),
      [],
    );
    assert.equal(e.position, 1);
    const { waiting } = await service.queue();
    assert.deepEqual(
      waiting.map((c) => c.request.conversationKey),
      ['directline:e', 'directline:a'],
    );
  });

  it('tells the people an emergency went ahead of that they moved back, and nobody else', async () => {
    // 8 December 2026: told "排队有变化时会告诉您", people waiting heard nothing when a gas leak went
    // ahead of them; their "前面还有 0 位" silently became 1.
    await service.setPresence(zhang, 'online');
    await service.escalate(request('e1', { reason: 'emergency', emergencyKind: 'fire' }), []);
    await service.escalate(request('a', { at: '2026-12-07T01:00:00.000Z' }), []);
    await service.escalate(request('b', { at: '2026-12-07T01:01:00.000Z' }), []);
    await service.settle();
    assert.deepEqual([chat.to('a'), chat.to('b')], [[], []], 'a request behind moves nobody');
    const e2 = await service.escalate(
      request('e2', { reason: 'emergency', emergencyKind: 'gas' }),
      [],
    );
    await service.settle();
    assert.equal(e2.position, 2, 'behind the earlier emergency');
    assert.deepEqual(chat.to('e1'), [], 'ahead of it: nothing changed');
    assert.deepEqual(chat.to('e2'), [], 'told its place by the bot');
    assert.deepEqual(chat.to('a'), ['排队更新：您前面还有 2 位，预计等待约 15 分钟。']);
    assert.deepEqual(chat.to('b'), ['排队更新：您前面还有 3 位，预计等待约 20 分钟。']);
  });

  it('tells only those behind a person who leaves the queue, not those ahead whose place stands', async () => {
    // 8 December 2026: when someone third in the queue cancelled, the two ahead of them were told
    // "排队更新" again with the same place, each time anyone behind them left.
    await service.setPresence(zhang, 'online');
    for (const [i, id] of ['a', 'b', 'c', 'd', 'e'].entries()) {
      await service.escalate(request(id, { at: `2026-12-07T01:0${i}:00.000Z` }), []);
    }
    assert.deepEqual(await service.withdraw('directline:c'), { kept: false });
    await service.personLeft('directline:d');
    await service.settle();
    assert.deepEqual([chat.to('a'), chat.to('b')], [[], []], 'their place never changed');
    assert.deepEqual(chat.to('e'), [
      '排队更新：您前面还有 3 位，预计等待约 20 分钟。',
      '排队更新：您前面还有 2 位，预计等待约 15 分钟。',
    ]);
  });

  it('promises queue news only to those it reaches, and tells those further back once they are reached', async () => {
    // 8 December 2026: everyone queued was told "排队有变化时会告诉您"; only the first 20 ever heard.
    await service.setPresence(zhang, 'online');
    const ids = Array.from({ length: QUEUE_NEWS_PLACES + 2 }, (_, i) => `p${i + 1}`);
    const promised: boolean[] = [];
    for (const [i, id] of ids.entries()) {
      const at = new Date(Date.parse('2026-12-07T01:00:00.000Z') + i * 1000).toISOString();
      promised.push((await service.escalate(request(id, { at }), [])).queueNews);
    }
    assert.deepEqual(promised, [...Array<boolean>(QUEUE_NEWS_PLACES).fill(true), false, false]);
    await service.withdraw('directline:p1');
    await service.settle();
    assert.equal(chat.to(`p${QUEUE_NEWS_PLACES + 1}`).length, 1, 'now within reach: told');
    assert.deepEqual(chat.to(`p${QUEUE_NEWS_PLACES + 2}`), [], 'not promised, not told');
    await service.escalate(request('fire', { reason: 'emergency', emergencyKind: 'fire' }), []);
    await service.settle();
    assert.deepEqual(
      chat.to(`p${QUEUE_NEWS_PLACES + 1}`).at(-1),
      `排队更新：您前面还有 ${QUEUE_NEWS_PLACES} 位，预计等待约 ${5 * (QUEUE_NEWS_PLACES + 1)} 分钟。`,
      'pushed back past the reach of news, after being promised it: told where it stands',
    );
  });

  it('lets exactly one of two staff claim, and tells the person who joined', async () => {
    await service.escalate(request('a'), []);
    const results = await Promise.allSettled([
      service.claim('directline:a', zhang),
      service.claim('directline:a', li),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const lost = results.find((r) => r.status === 'rejected');
    assert.ok(
      lost?.status === 'rejected' && lost.reason instanceof HandoffTakenError,
      "lost?.status === 'rejected' && lost.reason instanceof HandoffTakenError",
    );
    const owner = (await service.get('directline:a'))?.staff?.name;
    assert.ok(owner === '张三' || owner === '李四', "owner === '张三' || owner === '李四'");
    assert.deepEqual(chat.to('a'), [`值班员${owner}已接入，正在为您服务。`]);
  });

  it('answers a claim and a hand-back though the person’s chat service stalls, the notice still on its way', async () => {
    let stalled = 0;
    const stalling = {
      say: () => {
        stalled += 1;
        return new Promise<void>(() => undefined);
      },
      typing: async () => undefined,
    };
    service = handoffService({
      store: new MemoryHandoffStore({ clock }),
      relay: stalling,
      clock,
      noticeWaitMs: 50,
    });
    await service.escalate(request('slow'), []);
    const started = Date.now();
    const claimed = await service.claim('directline:slow', zhang);
    assert.equal(claimed.status, 'claimed');
    await service.release('directline:slow', zhang);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    assert.equal(stalled, 2, 'both notices were sent');
    const transcript = await service.transcript('directline:slow');
    assert.deepEqual(
      transcript.filter((e) => e.from === 'system').map((e) => e.text),
      ['值班员张三已接入，正在为您服务。', '已为您转回智能助理。如需人工，随时回复“人工”。'],
    );
  });

  it('tells the staff member a message the chat service has not confirmed, and keeps it once delivered', async () => {
    let deliver = (): void => undefined;
    const slow = {
      say: (_c: unknown, _text: string, as: { staffName?: string }) =>
        as.staffName === undefined
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              deliver = resolve;
            }),
      typing: async () => undefined,
    };
    service = handoffService({
      store: new MemoryHandoffStore({ clock }),
      relay: slow,
      clock,
      noticeWaitMs: 50,
    });
    await service.escalate(request('late'), []);
    await service.claim('directline:late', zhang);
    await assert.rejects(service.staffSays('directline:late', zhang, '您好，请问金额多少？'), {
      code: 'RELAY_SLOW',
    });
    const said = async () =>
      (await service.transcript('directline:late')).filter((e) => e.from === 'staff');
    assert.deepEqual(await said(), [], 'not in the transcript before it is delivered');
    deliver();
    await service.settle();
    assert.deepEqual(
      (await said()).map((e) => e.text),
      ['您好，请问金额多少？'],
    );
  });

  it('relays only the owner’s words, under the owner’s name, and keeps them in the transcript', async () => {
    await service.escalate(request('a'), []);
    await service.claim('directline:a', zhang);
    await service.staffSays('directline:a', zhang, '您好，请问具体在哪个小区？');
    await assert.rejects(service.staffSays('directline:a', li, '我来'), NotOwnerError);
    await service.personSaid('directline:a', '在海尔路小区');
    assert.deepEqual(chat.said.at(-1), {
      conversationId: 'a',
      text: '您好，请问具体在哪个小区？',
      staffName: '12345 值班员 张三',
    });
    const transcript = await service.transcript('directline:a');
    assert.deepEqual(
      transcript.map((e) => [e.from, e.text]),
      [
        ['system', '值班员张三已接入，正在为您服务。'],
        ['staff', '您好，请问具体在哪个小区？'],
        ['person', '在海尔路小区'],
      ],
    );
    assert.ok(
      events.some((e) => e.type === 'message' && e.entry.text === '在海尔路小区'),
      "events.some((e) => e.type === 'message' && e.entry.text === '在海尔路小区')",
    );
  });

  it('keeps private notes away from the person and in the ticket history', async () => {
    await service.escalate(request('a', { ticketId: 'QD20261207-000001' }), []);
    await service.claim('directline:a', zhang);
    await service.note('directline:a', zhang, '来电者情绪激动，建议优先回访');
    assert.ok(
      !chat.to('a').some((t) => t.includes('情绪激动')),
      "!chat.to('a').some((t) => t.includes('情绪激动'))",
    );
    await service.settle();
    assert.ok(
      history.some((h) => h.note === '来电者情绪激动，建议优先回访'),
      "history.some((h) => h.note === '来电者情绪激动，建议优先回访')",
    );
    assert.ok(
      history.some((h) => h.note === 'claimed'),
      "history.some((h) => h.note === 'claimed')",
    );
  });

  it('hands back to the bot with a message, and a later request queues again', async () => {
    await service.escalate(request('a'), []);
    await service.claim('directline:a', zhang);
    const back = await service.release('directline:a', zhang);
    assert.equal(back.status, 'returned');
    assert.equal(chat.to('a').at(-1), '已为您转回智能助理。如需人工，随时回复“人工”。');
    const again = await service.escalate(request('a', { at: '2026-12-07T02:30:00.000Z' }), []);
    assert.equal(again.status, 'waiting');
  });

  it('lets a supervisor close a colleague’s conversation but not another duty officer', async () => {
    await service.escalate(request('a'), []);
    await service.claim('directline:a', zhang);
    await assert.rejects(service.close('directline:a', li), NotOwnerError);
    const closed = await service.close('directline:a', boss);
    assert.equal(closed.status, 'closed');
    // A chat, not a phone call: 8 December 2026 it thanked the person "for your call" (来电).
    assert.equal(
      chat.to('a').at(-1),
      '本次人工服务已结束。感谢您的反映，如有其他问题可随时在此留言。',
    );
  });

  it('transfers to a colleague by username and refuses an unknown one', async () => {
    await service.escalate(request('a'), []);
    await service.claim('directline:a', zhang);
    await assert.rejects(
      service.transfer('directline:a', zhang, 'nobody'),
      /STAFF_NOT_FOUND|没有该值班账号/,
    );
    const moved = await service.transfer('directline:a', zhang, 'li');
    assert.equal(moved.staff?.username, 'li');
    assert.equal(chat.to('a').at(-1), '已为您转接值班员李四。');
    await service.staffSays('directline:a', li, '我是李四');
    await assert.rejects(service.staffSays('directline:a', zhang, '我还在'), NotOwnerError);
  });

  it('puts a claim whose owner went silent back in the queue once, and tells the person', async () => {
    await service.escalate(request('a'), []);
    await service.claim('directline:a', zhang);
    clock.advance(299_000);
    assert.equal(await service.sweep(), 0, 'not idle yet');
    clock.advance(2_000);
    const swept = await Promise.all([service.sweep(), service.sweep()]);
    assert.equal(swept[0] + swept[1], 1);
    assert.equal((await service.get('directline:a'))?.status, 'waiting');
    assert.match(
      chat.to('a').at(-1) ?? '',
      /^值班员暂时离开，已为您重新排队。目前没有值班人员在线/,
    );
  });

  it('tells those waiting behind a claim swept back to the queue that they moved back', async () => {
    // 8 December 2026: 张三 went silent on the first person; swept back to their old place, they
    // went ahead of the next two, who kept reading "前面还有 0 位" and "1 位".
    await service.setPresence(zhang, 'online');
    await service.setPresence(li, 'online');
    for (const [i, id] of ['a', 'b', 'c'].entries()) {
      await service.escalate(request(id, { at: `2026-12-07T01:0${i}:00.000Z` }), []);
    }
    await service.claim('directline:a', zhang);
    await service.settle();
    const told = [chat.to('b').length, chat.to('c').length];
    clock.advance(301_000);
    await service.setPresence(zhang, 'online');
    await service.setPresence(li, 'online');
    assert.equal(await service.sweep(), 1);
    await service.settle();
    assert.deepEqual(chat.to('b').slice(told[0]), [
      '排队更新：您前面还有 1 位，预计等待约 5 分钟。',
    ]);
    assert.deepEqual(chat.to('c').slice(told[1]), [
      '排队更新：您前面还有 2 位，预计等待约 8 分钟。',
    ]);
  });

  it('keeps a claim whose owner is typing a long answer or writing a note, not swept back to the queue', async () => {
    // 8 December 2026: 张三 spent five minutes typing an answer and a note for the ticket; the
    // person was told "值班员暂时离开，已为您重新排队" while he was still at it.
    await service.escalate(request('a'), []);
    await service.claim('directline:a', zhang);
    clock.advance(200_000);
    await service.typing('directline:a', zhang);
    clock.advance(200_000);
    assert.equal(await service.sweep(), 0, 'typing is work on it');
    await service.note('directline:a', zhang, '已查询：该路段路灯属城管维护');
    clock.advance(200_000);
    assert.equal(await service.sweep(), 0, 'so is a note');
    assert.equal((await service.get('directline:a'))?.status, 'claimed');
    await service.note('directline:a', li, '李四看了一眼');
    clock.advance(120_000);
    assert.equal(await service.sweep(), 1, 'a colleague’s note is not the owner at work');
  });

  it('tells the people still waiting that the queue moved when someone is taken', async () => {
    await service.setPresence(zhang, 'online');
    await service.setPresence(li, 'online');
    await service.escalate(request('a', { at: '2026-12-07T01:00:00.000Z' }), []);
    await service.escalate(request('b', { at: '2026-12-07T01:01:00.000Z' }), []);
    await service.escalate(request('c', { at: '2026-12-07T01:02:00.000Z' }), []);
    await service.claim('directline:a', zhang);
    await service.settle();
    assert.deepEqual(chat.to('b'), ['您已排在第一位，值班人员马上为您服务。'], '李四 is free');
    assert.equal(chat.to('c').length, 1);
    assert.match(chat.to('c')[0] ?? '', /前面还有 1 位/);
  });

  it('says "马上" only while an online staff member holds no conversation', async () => {
    // 8 December 2026: the only one online took the first person; the next was told staff
    // would be with them at once, with that staff member busy with someone else.
    await service.setPresence(zhang, 'online');
    await service.escalate(request('a', { at: '2026-12-07T01:00:00.000Z' }), []);
    await service.escalate(request('b', { at: '2026-12-07T01:01:00.000Z' }), []);
    await service.claim('directline:a', zhang);
    await service.settle();
    assert.deepEqual(chat.to('b'), [
      '您已排在第一位，值班人员正在接待其他市民，预计等待约 5 分钟。',
    ]);
  });

  it('promises no wait with nobody online, and tells a person promised a call-back nothing, as the queue moves', async () => {
    // 8 December 2026: with everyone logged out, a person promised a call-back by 10:15 read
    // "排队更新：您前面还有 1 位，预计等待约 10 分钟" when someone ahead cancelled.
    const callback = { by: '2026-12-07T04:00:00.000Z', phone: null };
    await service.escalate(request('a', { at: '2026-12-07T01:00:00.000Z' }), []);
    await service.escalate(request('b', { at: '2026-12-07T01:01:00.000Z' }), []);
    await service.escalate(request('c', { at: '2026-12-07T01:02:00.000Z' }), []);
    await service.escalate(request('d', { at: '2026-12-07T01:03:00.000Z', callback }), []);
    assert.deepEqual(await service.withdraw('directline:a'), { kept: false });
    await service.settle();
    assert.deepEqual(chat.to('b'), [
      '排队更新：您已排在第一位。目前没有值班人员在线，值班人员上线后会在此对话中回复您。紧急情况请拨打 110、119 或 120。',
    ]);
    assert.deepEqual(chat.to('c'), [
      '排队更新：您前面还有 1 位。目前没有值班人员在线，值班人员上线后会在此对话中回复您。紧急情况请拨打 110、119 或 120。',
    ]);
    assert.deepEqual(chat.to('d'), [], 'the call-back time stands');
  });

  it('tells a person whose staff member went silent with nobody else online that nobody is', async () => {
    await service.setPresence(zhang, 'online');
    await service.escalate(request('a', { lang: 'en' }), []);
    await service.claim('directline:a', zhang);
    await service.setPresence(zhang, 'away');
    clock.advance(301_000);
    assert.equal(await service.sweep(), 1);
    assert.equal(
      chat.to('a').at(-1),
      'The staff member had to step away; you are back in the queue. No duty staff are online right now; they will reply in this chat once they are. In an emergency call 110, 119 or 120.',
    );
  });

  it('puts what a staff member still held back in the queue, at its old place, when they log out', async () => {
    // 8 December 2026: 张三 logged out at the end of a shift holding a fire; the person's
    // messages went unread until the idle sweep, and colleagues could only look at it.
    await service.setPresence(li, 'online');
    await service.escalate(request('a', { at: '2026-12-07T01:00:00.000Z', ticketId: 'QD1' }), []);
    await service.escalate(request('b', { at: '2026-12-07T01:01:00.000Z' }), []);
    await service.escalate(request('c', { at: '2026-12-07T01:02:00.000Z' }), []);
    await service.claim('directline:a', zhang);
    await service.claim('directline:b', li);
    assert.equal(await service.signOff(zhang), 1);
    await service.settle();
    assert.equal((await service.get('directline:b'))?.status, 'claimed', '李四 keeps his');
    const { waiting } = await service.queue();
    assert.deepEqual(
      waiting.map((c) => c.request.conversationKey),
      ['directline:a', 'directline:c'],
    );
    assert.deepEqual(
      chat.to('a').slice(1),
      ['值班员暂时离开，已为您重新排队，请稍候。'],
      'told once, after the claim',
    );
    assert.match(chat.to('c').at(-1) ?? '', /前面还有 1 位/);
    assert.ok(
      history.some((h) => h.ticketId === 'QD1' && /signed off/.test(h.note)),
      "history.some((h) => h.ticketId === 'QD1' && /signed off/.test(h.note))",
    );
    assert.ok(
      events.some((e) => e.type === 'queue' && e.status === 'waiting'),
      "events.some((e) => e.type === 'queue' && e.status === 'waiting')",
    );
    assert.equal(await service.signOff(zhang), 0, 'nothing left in his hands');
  });

  it('tells whoever waits that nobody is online once the last one online goes away', async () => {
    // 8 December 2026: the last officer of the shift logged out; people waiting kept the
    // "about 5 min" they had been given, and waited through the night.
    await service.setPresence(zhang, 'online');
    await service.setPresence(li, 'online');
    await service.escalate(request('a', { lang: 'en' }), []);
    await service.setPresence(li, 'away');
    await service.settle();
    assert.deepEqual(chat.to('a'), [], 'zhang is still there');
    await service.setPresence(zhang, 'busy');
    await service.settle();
    assert.deepEqual(chat.to('a'), [
      'Queue update: you are next. No duty staff are online right now; they will reply in this chat once they are. In an emergency call 110, 119 or 120.',
    ]);
    await service.setPresence(zhang, 'away');
    await service.settle();
    assert.equal(chat.to('a').length, 1, 'told once');
  });

  it('ends the case when the person leaves', async () => {
    await service.escalate(request('a'), []);
    await service.claim('directline:a', zhang);
    await service.personLeft('directline:a');
    assert.equal((await service.get('directline:a'))?.status, 'closed');
    await assert.rejects(service.staffSays('directline:a', zhang, '还在吗'), NotOwnerError);
  });

  it('keeps the case queued when the person leaves before staff dispatched their ticket', async () => {
    // 7 December 2026: a person who left while their ticket waited as `received` took it out of
    // the queue; nobody saw the ticket until its dispatch alert.
    build('08:00-22:00', new Set(['QD20261207-000001']));
    await service.escalate(request('a', { ticketId: 'QD20261207-000001' }), []);
    await service.escalate(request('b', { ticketId: 'QD20261207-000002' }), []);
    await service.personLeft('directline:a');
    await service.personLeft('directline:b');
    const { waiting } = await service.queue();
    assert.deepEqual(
      waiting.map((c) => c.request.conversationKey),
      ['directline:a'],
      'a dispatched ticket needs nothing more from the desk',
    );
    const said = (await service.transcript('directline:a')).map((e) => e.text);
    assert.match(said.at(-1) ?? '', /对方已离开对话，工单 QD20261207-000001 仍待派单/);
    await service.claim('directline:a', zhang);
    await service.personLeft('directline:a');
    assert.equal((await service.get('directline:a'))?.status, 'claimed');
  });

  it('keeps a promised call-back on a phone in the queue when the person leaves', async () => {
    const callback = { by: '2026-12-07T04:00:00.000Z', phone: '13912345678' };
    await service.escalate(request('a', { callback }), []);
    await service.escalate(request('b', { callback: { ...callback, phone: null } }), []);
    await service.personLeft('directline:a');
    await service.personLeft('directline:b');
    assert.equal((await service.get('directline:a'))?.status, 'waiting');
    assert.equal((await service.get('directline:b'))?.status, 'closed');
    const said = (await service.transcript('directline:a')).map((e) => e.text);
    assert.match(said.at(-1) ?? '', /仍需按约回电/);
  });

  it('promises a call-back from the next opening of the desk in the hotline’s zone', () => {
    // 23:30 in Shanghai is 15:30Z; the desk opens at 08:00 Shanghai = 00:00Z next day.
    clock = new ManualClock(Date.parse('2026-12-07T15:30:00.000Z'));
    build('08:00-22:00');
    assert.equal(service.callbackBy().toISOString(), '2026-12-08T02:00:00.000Z');
    clock = new ManualClock(Date.parse('2026-12-07T03:00:00.000Z'));
    build('08:00-22:00');
    assert.equal(service.callbackBy().toISOString(), '2026-12-07T05:00:00.000Z');
    assert.equal(service.dutyHoursText(), '08:00–22:00');
  });

  it('promises no call-back after the desk closes: what is left waits for the next opening', () => {
    // 21:30 in Shanghai (13:30Z), a 2-hour window, desk closes at 22:00: half an hour tonight,
    // the other 90 minutes from 08:00 tomorrow, so 09:30 Shanghai = 01:30Z.
    clock = new ManualClock(Date.parse('2026-12-07T13:30:00.000Z'));
    build('08:00-22:00');
    assert.equal(service.callbackBy().toISOString(), '2026-12-08T01:30:00.000Z');
    clock = new ManualClock(Date.parse('2026-12-07T13:30:00.000Z'));
    build('00:00-24:00');
    assert.equal(service.callbackBy().toISOString(), '2026-12-07T15:30:00.000Z');
  });

  it('promises a call-back at the local opening hour the morning after the clocks change', () => {
    // Berlin, 21:30 the evening before each change; a 2-hour window: 30 minutes tonight, 90 from
    // 08:00 local, so 09:30 local whether the night was 9 hours long or 11.
    for (const [now, by] of [
      ['2026-03-28T20:30:00.000Z', '2026-03-29T07:30:00.000Z'],
      ['2026-10-24T19:30:00.000Z', '2026-10-25T08:30:00.000Z'],
    ] as const) {
      clock = new ManualClock(Date.parse(now));
      service = handoffService({ clock, dutyHours: '08:00-22:00', timeZone: 'Europe/Berlin' });
      assert.equal(service.callbackBy().toISOString(), by, now);
    }
  });

  it('counts nobody as available outside duty hours, even with staff online', async () => {
    clock = new ManualClock(Date.parse('2026-12-07T15:30:00.000Z'));
    build('08:00-22:00');
    await service.setPresence(zhang, 'online');
    const { flags } = await service.availability();
    assert.deepEqual(flags, { onDuty: false, staffAvailable: false });
  });
});
