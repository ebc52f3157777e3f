import { strict as assert } from 'node:assert';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import {
  buttonsOf,
  createHarness,
  describeConversations,
  exchange,
  type ExactTurn,
  type Harness,
} from '../support/dialogHarness';
import { PROPERTY, STREETLIGHT, SUBSIDY } from '../support/requests';
import {
  ASK_TYPE,
  ASK_DISTRICT,
  ASK_PLACE,
  ASK_NAME,
  ASK_PHONE,
  ASK_FIELD,
  ASK_DEPARTMENT,
  ASK_REDESCRIBE,
  DISTRICT_SKIPPED,
  PHONE_SKIPPED,
  RETRY_CONFIRM,
  SUMMARY,
  created,
  zh,
} from '../support/dialogReplies';

const NOT_UNDERSTOOD_EN =
  'Sorry, I did not understand. Please tell me in a sentence or two what happened and where, ' +
  'e.g. "the street lamp outside my building is broken".';
const CALLBACK_EN =
  'No duty staff are online right now. Your request for a call-back is recorded; duty staff ' +
  'will contact you in this chat by Fri 27 Nov 2026, 17:00. To be called instead, reply with ' +
  'your mobile number. In an emergency call 110, 119 or 120.';
const CREATED_URBAN = created('城市管理局', '2026年12月4日（周五）17:30');
const CREATED_HOUSING = created('住房和城乡建设局', '2026年12月4日（周五）17:30');
const CREATED_AGRI = created('农业农村局', '2026年11月30日（周一）17:30');
// Nobody is online in these rows: the person is told not to wait for the desk (8 December 2026:
// "我们已通知值班人员关注此对话" with nobody online, someone in a fire might wait for a reply).
const ALERTED =
  '\n目前没有值班人员在线：此对话已列为紧急，值班人员上线后最先处理。请不要等待回复，立即拨打上面的电话。';
const ALERTED_EN =
  '\nNo duty staff are online right now: this conversation is flagged as an emergency for the ' +
  'first who is. Do not wait for a reply: call now, as advised above.';

/** What a row leaves behind: the turn's status, the ticket filed (if any), the queue. */
interface After {
  status: DialogTurnStatus;
  ticket?: {
    category?: string;
    phone?: string;
    /** The requester's name on the ticket; null: none. */
    name?: string | null;
    district?: string | null;
    location?: string;
  };
  queued?: string;
}

interface Row {
  name: string;
  /** The client's locale; the harness sends none (Chinese) by default. */
  locale?: string;
  turns: ExactTurn[];
  after: After;
}

const OPENINGS: Row[] = [
  {
    name: '举报 asks what it is about; the next message is the request, filed as a report',
    turns: [
      ['举报', ['好的，请问您要反映什么情况？请说说发生了什么、在哪里、涉及哪个单位或个人。']],
      [STREETLIGHT, [ASK_DISTRICT]],
      ['崂山区', [ASK_PLACE]],
      ['跳过', [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['跳过', [PHONE_SKIPPED, SUMMARY]],
      ['确认提交', [CREATED_URBAN]],
    ],
    after: { status: DialogTurnStatus.complete, ticket: { category: 'report' } },
  },
  {
    name: '投诉 is a complaint to come, not "cancel"',
    turns: [
      ['投诉', ['好的，请问您要投诉什么事情？请用一两句话说说发生了什么、在哪里、涉及哪个单位。']],
    ],
    after: { status: DialogTurnStatus.waiting },
  },
  {
    name: '我有个问题 asks what it is about, not for the status of a ticket',
    turns: [['我有个问题', ['好的，请问是什么事情？请用一两句话说说发生了什么、在哪里。']]],
    after: { status: DialogTurnStatus.waiting },
  },
  {
    name: '我要投诉 guesses no department and keeps the complaint for the content that follows',
    turns: [
      [
        '我要投诉',
        ['好的，请问您要投诉什么事情？请用一两句话说说发生了什么、在哪里、涉及哪个单位。'],
      ],
      [PROPERTY, [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['跳过', [PHONE_SKIPPED, SUMMARY]],
      ['确认提交', [CREATED_HOUSING]],
    ],
    after: { status: DialogTurnStatus.complete, ticket: { category: 'complaint' } },
  },
  {
    name: '咨询一下 then 我想反映个问题: still no content, asked again with the new kind',
    turns: [
      ['咨询一下', ['好的，请问您想咨询什么？请直接说出您的问题。']],
      [
        '我想反映个问题',
        ['好的，请问您要反映什么情况？请说说发生了什么、在哪里、涉及哪个单位或个人。'],
      ],
    ],
    after: { status: DialogTurnStatus.waiting },
  },
  {
    name: '"I want to complain" is asked about in English',
    turns: [
      [
        'I want to complain',
        [
          'Sure. What would you like to complain about? Please tell me in a sentence or two what ' +
            'happened, where, and which organisation.',
        ],
      ],
    ],
    after: { status: DialogTurnStatus.waiting },
  },
  {
    name: '"I have a question" is asked about in English',
    turns: [['I have a question', ['Sure. What is your question?']]],
    after: { status: DialogTurnStatus.waiting },
  },
  {
    name: 'gibberish names no department: asked again, then offered a person, then queued',
    // Gibberish has no language: an English client's locale answers for it.
    locale: 'en-US',
    turns: [
      ['asdkjh qwe zxcmnb', [NOT_UNDERSTOOD_EN]],
      [
        'qwpz vvbn xkcd',
        [
          'I still could not understand. Please try other words for what happened and where, ' +
            'or say "agent" for a person.',
        ],
      ],
      [
        'zzzz qqqq',
        [
          'Sorry, I could not understand your answers. A person from the duty desk will take ' +
            'over; nothing you told me is lost.',
          CALLBACK_EN,
        ],
      ],
    ],
    after: { status: DialogTurnStatus.complete, queued: 'failed_prompts' },
  },
];

const CONFIRMATIONS: Row[] = [
  ...['可以', '没问题，提交吧', '好的', '对', '是的'].map((yes): Row => ({
    name: `files the summary on "${yes}"`,
    turns: [
      [PROPERTY, [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['跳过', [PHONE_SKIPPED, SUMMARY]],
      [yes, [CREATED_HOUSING]],
    ],
    after: { status: DialogTurnStatus.complete, ticket: { category: 'complaint' } },
  })),
  {
    name: 'files the summary on "looks good" in English',
    turns: [
      [
        'The street lamp outside my building has been broken for a month',
        ['Which district (or county-level city) is this in?'],
      ],
      [
        'not sure',
        [
          'OK, no district: it does not stop your request being filed.',
          'Where exactly (street, community or building number)? Say "skip" if you prefer not to.',
        ],
      ],
      ['skip', ['Are you contacting us as a citizen or on behalf of an enterprise?']],
      [
        'Citizen',
        ['May we have a phone number for a call-back? Mobile or landline, or say "skip".'],
      ],
      [
        'skip',
        [
          'No problem; you will be told the result here.',
          'Please check the details and press "Submit" if they are right:',
        ],
      ],
      [
        'looks good',
        [
          'Ticket ID has been filed.\nFirst-contact responsible department: Urban Management ' +
            'Bureau (城市管理局) (it stays responsible until your matter is settled)\nAnswer due ' +
            'by: Fri 4 Dec 2026, 17:30\nSend "check ID" any time to see progress.',
        ],
      ],
    ],
    after: { status: DialogTurnStatus.complete, ticket: { district: null } },
  },
  ...['不对', '改一下', 'wrong'].map((no): Row => ({
    name: `asks what to change on "${no}" at the summary`,
    turns: [
      [PROPERTY, [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['跳过', [PHONE_SKIPPED, SUMMARY]],
      [
        no,
        [
          // A Chinese conversation stays Chinese on an English word (issue 12, language).
          ASK_FIELD,
        ],
      ],
    ],
    after: { status: DialogTurnStatus.waiting },
  })),
  {
    name: 'keeps a filled form through answers it does not understand: buttons twice, then a person',
    turns: [
      [PROPERTY, [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['跳过', [PHONE_SKIPPED, SUMMARY]],
      ['随便', [RETRY_CONFIRM]],
      ['嗯哼', [RETRY_CONFIRM]],
      [
        '你猜',
        [
          '抱歉，我几次都没能理解您的回答，已为您转值班人员处理，您已填写的内容都会保留。',
          '目前没有值班人员在线。您的诉求已登记为工单 ID，并标记为回电，值班人员将在 ' +
            '2026年11月27日（周五）17:00 前在此对话中联系您。如需电话回电，请直接回复您的手机号码。' +
            '紧急情况请拨打 110、119 或 120。',
        ],
      ],
      ['确认提交', ['您的诉求已经提交，工单号 ID，无需再次确认。']],
    ],
    after: { status: DialogTurnStatus.complete, ticket: {}, queued: 'failed_prompts' },
  },
  {
    name: 'takes "对" at the department picker as the first department offered',
    turns: [
      [SUBSIDY, [ASK_DEPARTMENT]],
      ['对', [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['我的手机 139-1234-5678', [ASK_NAME]],
      ['免贵姓王', [SUMMARY]],
      ['没问题，提交吧', [CREATED_AGRI]],
    ],
    after: { status: DialogTurnStatus.complete, ticket: { phone: '13912345678', name: '王' } },
  },
  {
    name: 'takes "不是" at the department picker as none of them',
    turns: [
      [SUBSIDY, [ASK_DEPARTMENT]],
      ['不是', [ASK_REDESCRIBE]],
    ],
    after: { status: DialogTurnStatus.waiting },
  },
];

const SMALL_ANSWERS: Row[] = [
  {
    name: 'reads 电话是13912345678 as the phone, and 不知道 at the district question as a skip',
    turns: [
      [STREETLIGHT, [ASK_DISTRICT]],
      ['不知道', [DISTRICT_SKIPPED, ASK_PLACE]],
      ['九水路188号', [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['电话是13912345678', [ASK_NAME]],
      ['叫我李女士就行', [SUMMARY]],
      ['确认', [CREATED_URBAN]],
    ],
    after: {
      status: DialogTurnStatus.complete,
      ticket: { phone: '13912345678', name: '李女士', district: null, location: '九水路188号' },
    },
  },
  {
    name: 'takes 不清楚 at the district question as a skip and a place answer without its 在',
    turns: [
      [STREETLIGHT, [ASK_DISTRICT]],
      ['不清楚', [DISTRICT_SKIPPED, ASK_PLACE]],
      ['在中山路10号', [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['手机号：13912345678', [ASK_NAME]],
      ['不方便透露', [zh.nameSkipped, SUMMARY]],
      ['提交', [CREATED_URBAN]],
    ],
    after: {
      status: DialogTurnStatus.complete,
      ticket: { phone: '13912345678', name: null, district: null, location: '中山路10号' },
    },
  },
  {
    name: 'finds the place of 举报中山路… without the verb',
    turns: [
      ['举报中山路有个烧烤摊天天占道经营，油烟熏得人受不了，市北区', [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['跳过', [PHONE_SKIPPED, SUMMARY]],
      ['确认提交', [CREATED_URBAN]],
    ],
    after: {
      status: DialogTurnStatus.complete,
      ticket: { district: 'shibei', location: '中山路' },
    },
  },
];

const EMERGENCIES: Row[] = (
  [
    [
      '家里燃气泄漏了，闻到很大的煤气味',
      '⚠️ 这可能是紧急情况！燃气泄漏：不要开关电灯电器，不要点火，不要在屋里打电话；打开门窗通风，' +
        '立即离开。到室外安全处再拨打 119 和燃气公司抢修电话。' +
        ALERTED,
    ],
    [
      'There is a gas leak in my kitchen',
      '⚠️ This may be an emergency! Gas leak: do not touch light switches or appliances, no ' +
        'flames, do not phone from inside; open the windows and leave now. From outside, call ' +
        "119 and the gas company's emergency line." +
        ALERTED_EN,
    ],
    [
      '楼下饭店着火了，好大的烟',
      '⚠️ 这可能是紧急情况！着火时：立即离开，随手关门，不要乘电梯；烟大时弯腰低姿，用湿毛巾捂住口鼻。' +
        '到安全处立即拨打 119，有人受伤同时拨打 120。' +
        ALERTED,
    ],
    [
      '孩子掉进湖里了 还没捞上来',
      '⚠️ 这可能是紧急情况！有人落水：不会游泳不要下水，向落水者抛救生圈、绳子或木板，大声呼救。' +
        '立即拨打 119 和 120。' +
        ALERTED,
    ],
    [
      '我爸突然晕倒了叫不醒',
      '⚠️ 这可能是紧急情况！有人急症或受伤：不要随意搬动，让其平躺或侧卧、保持呼吸通畅，' +
        '出血处用干净的布按压。立即拨打 120（急救）。' +
        ALERTED,
    ],
    [
      '有人持刀抢劫',
      '⚠️ 这可能是紧急情况！先保护自己：离开危险地点，到人多的地方，不要与对方争执或追赶，' +
        '记下样貌、车辆和逃离方向。立即拨打 110（报警）。' +
        ALERTED,
    ],
    [
      '我不想活了',
      '⚠️ 这可能是紧急情况！如果是别人：请陪在他身边，不要让他独处，移开药物、刀具、绳子等危险物品，' +
        '远离高处和窗边。如果是您自己：请告诉身边信任的人，您并不孤单。有生命危险请立即拨打 120 或 110；' +
        '心理援助热线 12356，或希望24热线 400-161-9995。' +
        ALERTED,
    ],
    [
      '电梯里困人了',
      '⚠️ 这可能是紧急情况！有人被困：不要贸然进入危险处施救，保持冷静，和被困的人喊话保持联系；' +
        '困在电梯里按警铃，不要扒门。立即拨打 119，有人受伤同时拨打 120。' +
        ALERTED,
    ],
    [
      '救命',
      '⚠️ 这可能是紧急情况！先确保自身安全，请立即拨打 110（报警）、119（火警）或 120（急救）。' +
        ALERTED,
    ],
    [
      'help me!',
      '⚠️ This may be an emergency! ' +
        'Get yourself safe first and call 110 (police), 119 (fire) or 120 (ambulance) now.' +
        ALERTED_EN,
    ],
    [
      'A worker is caught in a machine',
      '⚠️ This may be an emergency! Someone caught in a machine: hit the emergency stop or cut ' +
        'the power now; do not reverse the machine or pull the limb out; press on any bleeding. ' +
        'Call 120 and 119 now.' +
        ALERTED_EN,
    ],
  ] as const
).map(([says, advice]): Row => ({
  name: `gives the advice "${says}" needs before the number, and alerts duty staff`,
  turns: [[says, [advice]]],
  after: { status: DialogTurnStatus.complete, queued: 'emergency' },
}));

describe('MainDialog: openings, confirmations, small answers and emergency advice (issue 12)', () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  describeConversations(
    [
      ['openings', OPENINGS],
      ['confirmations', CONFIRMATIONS],
      ['small answers', SMALL_ANSWERS],
      ['emergency advice', EMERGENCIES],
    ],
    () => h,
    (row) => ({ status: row.after.status, ticket: row.after.ticket !== undefined }),
    async ({ row, view, h: harness }) => {
      if (row.after.ticket !== undefined && view !== null) {
        const { category, phone, name, district, location } = row.after.ticket;
        if (category !== undefined) assert.equal(view.ticket.category, category);
        if (phone !== undefined) assert.equal(view.ticket.requester.phone, phone);
        // A name the person gave when asked, and none they did not give.
        if (name !== undefined) assert.equal(view.ticket.requester.name, name ?? undefined);
        if (district !== undefined) assert.equal(view.ticket.district, district);
        if (location !== undefined) assert.equal(view.ticket.location, location);
      }
      const waiting = await harness.handoff.waiting(10);
      assert.deepEqual(
        waiting.map((w) => w.request.reason),
        row.after.queued === undefined ? [] : [row.after.queued],
      );
    },
  );

  it('offers 跳过 with the districts', async () => {
    const replies = await exchange(h.client('buttons-1'), [[STREETLIGHT, [ASK_DISTRICT]]]);
    assert.equal(buttonsOf(replies).at(-1), '跳过');
  });

  it('offers a person with the second "not understood"', async () => {
    const chat = h.client('buttons-2', undefined, { locale: 'en-US' });
    await exchange(chat, [['asdkjh qwe zxcmnb', [NOT_UNDERSTOOD_EN]]]);
    const replies = await exchange(chat, [
      [
        'qwpz vvbn xkcd',
        [
          'I still could not understand. Please try other words for what happened and where, ' +
            'or say "agent" for a person.',
        ],
      ],
    ]);
    assert.deepEqual(buttonsOf(replies), ['Talk to a person']);
  });
});
