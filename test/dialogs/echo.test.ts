import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';
import { converse, createHarness, say, ticketIdIn, type Harness } from '../support/dialogHarness';
import { storedValues } from '../support/redis';

const ID_NUMBER = '370202199001011237';
const MASKED_ID = '370202********1237';
const REQUEST =
  '我家小区物业乱收费 <img src=x onerror=alert(1)> ![t](http://198.51.100.7/x.png) ' +
  `**每个月多收两百块停车费** 我的身份证号${ID_NUMBER}，市南区香港中路`;

/** Web Chat 4.18's Markdown settings, as in test/core/markup.test.ts. */
const webChat = new MarkdownIt({ html: true, linkify: true, typographer: true, xhtmlOut: true });

/** Every TextBlock's text in a card, however deeply nested. */
function textBlocks(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(textBlocks);
  if (typeof node !== 'object' || node === null) return [];
  const own =
    'type' in node && node.type === 'TextBlock' && 'text' in node ? [String(node.text)] : [];
  return [...own, ...Object.values(node).flatMap(textBlocks)];
}

describe('what a person typed, shown back and stored', () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('the summary card shows markup and an ID number as plain text, the number masked', async () => {
    const client = h.client('citizen-echo');
    await converse(client, [
      [REQUEST, []],
      ['市民', []],
    ]);
    const replies = await say(client, '跳过');
    const card = replies.find((r) => r.attachments?.length)?.attachments?.[0]?.content;
    assert.ok(card, 'a summary card');
    const html = textBlocks(card)
      .map((t) => webChat.render(t))
      .join('\n');
    const tags = (html.match(/<\/?[a-z0-9]+/gi) ?? []).filter((t) => !/^<\/?p$/.test(t));
    assert.deepEqual(tags, [], html);
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), html);
    assert.ok(html.includes('![t](http://198.51.100.7/x.png)'), html);
    assert.ok(html.includes('**每个月多收两百块停车费**'), html);
    assert.ok(html.includes(MASKED_ID) && !html.includes(ID_NUMBER), html);
  });

  it('keeps the ID number masked in the ticket and everywhere else in Redis', async () => {
    const client = h.client('citizen-id');
    await converse(client, [
      [REQUEST, []],
      ['市民', []],
      ['跳过', ['请核对']],
    ]);
    const done = await converse(client, [['确认提交', ['已为您登记工单']]]);
    const view = await h.tickets.findForRequester(ticketIdIn(done), 'test:citizen-id');
    assert.ok(view?.ticket.text.includes(`身份证号${MASKED_ID}`), view?.ticket.text);
    const stored = await storedValues(h.redis, h.prefix);
    assert.ok(stored.includes(MASKED_ID), 'the masked number is kept');
    assert.ok(!stored.includes(ID_NUMBER), 'the whole number is nowhere in Redis');
  });

  it('shows a note in the ticket history as text', async () => {
    const client = h.client('citizen-note');
    await converse(client, [
      ['我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路', []],
      ['市民', []],
      ['跳过', ['请核对']],
    ]);
    const id = ticketIdIn(await converse(client, [['确认提交', ['已为您登记工单']]]));
    await new RedisTicketStore(h.redis, h.keys).appendEvent(id, {
      at: '2026-11-27T08:00:00.000Z',
      actor: { kind: 'staff', department: 'housing' },
      type: 'note',
      note: '**已联系物业** <img src=x onerror=alert(1)> [回复](http://198.51.100.7)',
    });
    const reply = (await say(client, `查询 ${id}`)).map((r) => r.text ?? '').join('\n');
    const html = webChat.render(reply);
    const tags = (html.match(/<\/?[a-z0-9]+/gi) ?? []).filter((t) => !/^<\/?p$/.test(t));
    assert.deepEqual(tags, [], html);
    assert.ok(html.includes('**已联系物业** &lt;img src=x onerror=alert(1)&gt;'), html);
  });
});
