import { strict as assert } from 'node:assert';
import type { Actor } from '../../src/tickets/lifecycle';
import { createHarness, exchange, say, textOf, type Harness } from '../support/dialogHarness';
import { ASK_DISTRICT, en, zh } from '../support/dialogReplies';
import { sampleTicket } from '../support/fixtures';

const housing: Actor = { role: 'department', id: 'h-1', department: 'housing' };

/**
 * 7 December 2026: "我想补充一下刚才的问题" was taken for a new request and answered with three
 * unrelated departments to choose from. It now adds the person's words to their open ticket.
 */
describe('补充: adding to a ticket already filed', () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  async function fileFor(user: string): Promise<string> {
    const t = sampleTicket();
    const { ticket } = await h.tickets.create({
      channel: 'test',
      conversation: t.conversation,
      requester: { key: `test:${user}`, type: 'citizen' },
      text: '楼下饭店油烟太大',
      lang: 'zh',
      classification: t.classification,
      district: null,
      location: null,
    });
    return ticket.id;
  }

  async function supplements(id: string, user: string): Promise<string[]> {
    const view = await h.tickets.findForRequester(id, `test:${user}`);
    return (view?.history ?? [])
      .filter((e) => e.type === 'note' && e.data?.about === 'supplement')
      .map((e) => e.note ?? '');
  }

  it('asks what to add and puts it on the open ticket, for the department to read', async () => {
    const id = await fileFor('sup-zh');
    await exchange(h.client('sup-zh'), [
      ['我想补充一下刚才的问题', [zh.askSupplement('ID')]],
      ['饭店每天晚上十点以后还在排油烟', [zh.supplementRecorded('ID')]],
      ['补充一下，饭店叫老王烧烤', [zh.supplementRecorded('ID')]],
    ]);
    assert.deepEqual(await supplements(id, 'sup-zh'), [
      '饭店每天晚上十点以后还在排油烟',
      '饭店叫老王烧烤',
    ]);
  });

  it('says so in English when there is no open ticket, and files nothing', async () => {
    const client = h.client('sup-en', undefined, { locale: 'en-US' });
    assert.equal(
      textOf(await say(client, 'I want to add something to my ticket')),
      en.supplementNone,
    );
  });

  it('takes "补充一下，…" from someone with no open ticket as the request it is', async () => {
    await exchange(h.client('sup-new'), [['补充一下，我家楼下的下水道堵了', [ASK_DISTRICT]]]);
  });

  it('adds nothing to a ticket already rated', async () => {
    const id = await fileFor('sup-rated');
    await h.tickets.act(id, { type: 'accept' }, housing);
    await h.tickets.act(id, { type: 'reply', message: '已处理' }, housing);
    await h.tickets.act(
      id,
      { type: 'rate', rating: 'satisfied' },
      {
        role: 'requester',
        id: 'test:sup-rated',
      },
    );
    await exchange(h.client('sup-rated'), [[`补充 ${id}`, [zh.supplementClosed('ID')]]]);
    assert.deepEqual(await supplements(id, 'sup-rated'), []);
  });

  it('says a filed ticket is not withdrawn here, and how to add to it', async () => {
    // 7 December 2026: "我想撤销工单" got "当前没有正在办理的事项" from someone with an open ticket.
    await fileFor('sup-cancel');
    await exchange(h.client('sup-cancel'), [
      ['我想撤销工单', [zh.filedNotWithdrawn('ID')]],
      ['补充', [zh.askSupplement('ID')]],
    ]);
    const client = h.client('sup-cancel', 'conv-sup-cancel-en', { locale: 'en-US' });
    await exchange(client, [
      ['cancel', [en.filedNotWithdrawn('ID')]],
      ['add details', [en.askSupplement('ID')]],
    ]);
  });

  it('answers "when will I get an answer?" with the person’s own ticket, never filing it', async () => {
    // 7 December 2026: "那我什么时候能收到答复" after filing got the department picker, and its
    // retries filed the question itself as a ticket for duty staff.
    const id = await fileFor('sup-when');
    await exchange(h.client('sup-when'), [
      [
        '那我什么时候能收到答复',
        [zh.ownAnswerDue('ID', '住房和城乡建设局', '2026年12月4日（周五）17:30')],
      ],
    ]);
    const english = h.client('sup-when', 'conv-sup-when-en', { locale: 'en-US' });
    await exchange(english, [
      [
        'When will I get an answer?',
        [
          en.ownAnswerDue(
            'ID',
            'Housing and Urban-Rural Development Bureau',
            'Fri 4 Dec 2026, 17:30',
          ),
        ],
      ],
    ]);
    const mine = await h.tickets.listForRequester('test:sup-when', 10);
    assert.deepEqual(
      mine.map((t) => t.id),
      [id],
    );
  });

  it('puts a changed phone number on the open ticket and keeps it for requests to come', async () => {
    // 7 December 2026: "我的电话号码换了，新号码…" got the department picker as a new request.
    const id = await fileFor('sup-phone');
    const client = h.client('sup-phone');
    await exchange(client, [
      ['我的电话号码换了，新号码13800138000', [zh.phoneChanged('ID', '138****8000')]],
    ]);
    // 8 December 2026: the number went only into a note; departments called the old one back.
    const view = await h.tickets.findForRequester(id, 'test:sup-phone');
    assert.equal(view?.ticket.requester.phone, '13800138000');
    assert.deepEqual(view?.history.at(-1)?.data, {
      about: 'phone',
      from: null,
      to: '138****8000',
    });
    assert.deepEqual(await supplements(id, 'sup-phone'), []);
    assert.match(
      textOf(await say(client, `查询 ${id}`)),
      /您更换了联系电话：138\\\*\\\*\\\*\\\*8000/,
    );
    // The next request asks no phone: the new number is the person's.
    const asked = textOf(
      await say(client, '我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路'),
    );
    assert.match(asked, /个人（市民）还是企业/);
    const after = textOf(await say(client, '市民'));
    assert.doesNotMatch(after, /联系电话/);
  });

  it('says how the answer comes instead of asking which department', async () => {
    await exchange(h.client('sup-how'), [['答复会发到哪里', [zh.howAnswered]]]);
    await exchange(h.client('sup-how-en', undefined, { locale: 'en-US' }), [
      ['How will I know the result?', [en.howAnswered]],
    ]);
  });
});
