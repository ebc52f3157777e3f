import { strict as assert } from 'node:assert';
import { converse, createHarness, exchange, type Harness } from '../support/dialogHarness';
import { PROPERTY } from '../support/requests';
import {
  ASK_DISTRICT,
  ASK_DISTRICT_EN,
  ASK_PHONE,
  ASK_PLACE,
  ASK_TYPE,
  created,
  en,
  PHONE_SKIPPED,
  SUMMARY,
  zh,
} from '../support/dialogReplies';

const TWO_ZH = '小区门口路灯坏了，另外楼下饭店油烟太大';
const TWO_EN =
  'The street light at my compound gate is broken. Also, the restaurant downstairs makes too much cooking smoke.';

/**
 * 7 December 2026: "小区门口路灯坏了，另外楼下饭店油烟太大" became one ticket, and the bot never
 * said it heard two. Each matter is now its own ticket, filed one after the other.
 */
describe('A message that raises several matters', () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  async function textsFiledBy(user: string): Promise<string[]> {
    const filed = await h.tickets.listForRequester(`test:${user}`, 10);
    return filed.map((t) => t.text).reverse();
  }

  it('files both matters at the place the message names once, at its end', async () => {
    // 8 December 2026 on the widget: "…另外楼下饭店油烟太大…，在市北区延吉路" asked the first
    // matter's district, as if the place belonged to the second only.
    const user = 'matters-where';
    await converse(h.client(user), [
      [`${TWO_ZH}，在市北区延吉路`, ['您的留言里有 2 件事', ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['跳过', [PHONE_SKIPPED, SUMMARY]],
      ['确认提交', ['已为您登记工单', '接下来登记第 2 件', '请核对']],
      ['确认提交', ['已为您登记工单']],
    ]);
    const filed = await h.tickets.listForRequester(`test:${user}`, 10);
    assert.deepEqual(
      filed.map((t) => [t.district, t.location]),
      [
        ['shibei', '延吉路'],
        ['shibei', '延吉路'],
      ],
    );
  });

  it('says it heard two and files each as its own ticket, in Chinese', async () => {
    await exchange(h.client('matters-zh'), [
      [
        TWO_ZH,
        [
          '您的留言里有 2 件事，我会逐件登记，每件一张工单：\n1. 小区门口路灯坏了\n2. 楼下饭店油烟太大\n先登记第 1 件。',
          ASK_DISTRICT,
        ],
      ],
      ['市南区', [ASK_PLACE]],
      ['中山路10号', [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['跳过', [PHONE_SKIPPED, SUMMARY]],
      [
        '确认提交',
        [created('城市管理局'), '接下来登记第 2 件：“楼下饭店油烟太大”。', ASK_DISTRICT],
      ],
      ['市南区', [ASK_PLACE]],
      ['跳过', [SUMMARY]],
      ['确认提交', [created('城市管理局')]],
    ]);
    assert.deepEqual(await textsFiledBy('matters-zh'), ['小区门口路灯坏了', '楼下饭店油烟太大']);
  });

  it('does the same in English', async () => {
    const client = h.client('matters-en', undefined, { locale: 'en-US' });
    await converse(client, [
      [
        TWO_EN,
        [
          'Your message raises 2 matters; I will file each as its own ticket:\n1. The street light',
          '2. The restaurant downstairs makes too much cooking smoke',
          'First, number 1.',
          ASK_DISTRICT_EN,
        ],
      ],
      ['Shinan District', ['Where exactly']],
      ['skip', ['citizen or on behalf of an enterprise']],
      ['citizen', ['phone number']],
      ['skip', ['Submit']],
      ['Submit', ['has been filed', 'Next, number 2: “The restaurant downstairs', ASK_DISTRICT_EN]],
      ['skip', ['Where exactly']],
      ['skip', ['Submit']],
      ['Submit', ['has been filed']],
    ]);
    assert.deepEqual(await textsFiledBy('matters-en'), [
      'The street light at my compound gate is broken.',
      'The restaurant downstairs makes too much cooking smoke.',
    ]);
  });

  it('keeps one matter told in two clauses as one ticket', async () => {
    const said = '小区门口路灯坏了，另外两盏也不亮';
    await exchange(h.client('matters-one'), [
      [said, [ASK_DISTRICT]],
      ['市南区', [ASK_PLACE]],
      ['跳过', [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['跳过', [PHONE_SKIPPED, SUMMARY]],
      ['确认提交', [created('城市管理局')]],
    ]);
    assert.deepEqual(await textsFiledBy('matters-one'), [said]);
  });

  const SECOND_LEFT = { left: ['楼下饭店油烟太大'], next: 2 };

  it('offers the matters left when the person cancels one, and files nothing unasked', async () => {
    // 8 December 2026 on the widget: "取消" during the first matter dropped the second without a
    // word; a new request after it is read as one, the matter left said to be not filed.
    const client = h.client('matters-cancel');
    await exchange(client, [
      [TWO_ZH, [zh.severalMatters(['小区门口路灯坏了', '楼下饭店油烟太大']), ASK_DISTRICT]],
      ['取消', [zh.cancelled, zh.mattersLeft(SECOND_LEFT)]],
      [
        '我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路',
        [zh.mattersLeftDropped(1), ASK_TYPE],
      ],
      ['市民', [ASK_PHONE]],
      ['跳过', [PHONE_SKIPPED, SUMMARY]],
      ['确认提交', [created('住房和城乡建设局')]],
    ]);
    assert.deepEqual(await textsFiledBy('matters-cancel'), [
      '我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路',
    ]);
  });

  it('files the matter left when the person cancels one and says to go on', async () => {
    await exchange(h.client('matters-go-on'), [
      [TWO_ZH, [zh.severalMatters(['小区门口路灯坏了', '楼下饭店油烟太大']), ASK_DISTRICT]],
      ['市南区', [ASK_PLACE]],
      ['中山路10号', [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['跳过', [PHONE_SKIPPED, SUMMARY]],
      ['取消', [zh.cancelled, zh.mattersLeft(SECOND_LEFT)]],
      ['好的', [zh.nextMatter(2, '楼下饭店油烟太大'), ASK_DISTRICT]],
      ['市南区', [ASK_PLACE]],
      ['跳过', [SUMMARY]],
      ['确认提交', [created('城市管理局')]],
    ]);
    assert.deepEqual(await textsFiledBy('matters-go-on'), ['楼下饭店油烟太大']);
  });

  it('takes a second press of 接着登记 for no request', async () => {
    await exchange(h.client('matters-go-on-twice'), [
      [TWO_ZH, [zh.severalMatters(['小区门口路灯坏了', '楼下饭店油烟太大']), ASK_DISTRICT]],
      ['取消', [zh.cancelled, zh.mattersLeft(SECOND_LEFT)]],
      ['接着登记', [zh.nextMatter(2, '楼下饭店油烟太大'), ASK_DISTRICT]],
      ['取消', [zh.cancelled]],
      ['接着登记', [zh.strayAnswer]],
    ]);
  });

  it('drops the matters left when the person declines them, and says so, in English', async () => {
    const user = 'matters-decline';
    const client = h.client(user, undefined, { locale: 'en-US' });
    await converse(client, [[TWO_EN, ['Your message raises 2 matters', ASK_DISTRICT_EN]]]);
    await exchange(client, [
      [
        'cancel',
        [
          en.cancelled,
          en.mattersLeft({
            left: ['The restaurant downstairs makes too much cooking smoke.'],
            next: 2,
          }),
        ],
      ],
      ['No thanks', [en.mattersLeftDropped(1)]],
    ]);
    assert.deepEqual(await textsFiledBy(user), []);
  });

  it('says the matters left are not filed when the first goes to duty staff', async () => {
    const client = h.client('matters-human');
    await converse(client, [[TWO_ZH, [ASK_DISTRICT]]]);
    const replies = await converse(client, [['人工', []]]);
    assert.equal(replies.at(-1)?.text, zh.mattersLeftToStaff(SECOND_LEFT));
  });

  it('keeps a matter typed at a question for after this one, and asks the question again', async () => {
    // 8 December 2026: "对了还有个事…" at the phone question was refused as a phone, then lost.
    const user = 'matters-later';
    const later = '小区门口的垃圾桶满了好几天没人清理';
    await exchange(h.client(user), [
      [PROPERTY, [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      [`对了还有个事 ${later}`, [zh.laterMatterNoted(2, later), ASK_PHONE]],
      ['跳过', [PHONE_SKIPPED, SUMMARY]],
      ['确认提交', [created('住房和城乡建设局'), zh.nextMatter(2, later), ASK_DISTRICT]],
      ['市南区', [ASK_PLACE]],
      ['跳过', [SUMMARY]],
      ['确认提交', [created('城市管理局')]],
    ]);
    assert.deepEqual(await textsFiledBy(user), [PROPERTY, later]);
  });

  it('gives an emergency typed instead of an answer to the offer its advice first', async () => {
    const client = h.client('matters-emergency');
    await converse(client, [[TWO_ZH, [ASK_DISTRICT]]]);
    await converse(client, [['取消', [zh.mattersLeft(SECOND_LEFT)]]]);
    const replies = await converse(client, [['楼道里着火了 好大的烟', ['119']]]);
    assert.match(replies[0]?.text ?? '', /119/u);
    assert.equal(replies.at(-1)?.text, zh.mattersLeftDropped(1));
  });
});
