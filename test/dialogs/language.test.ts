import { strict as assert } from 'node:assert';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import type { Ticket } from '../../src/tickets/ticket';
import {
  createHarness,
  describeConversations,
  type ExactTurn,
  type Harness,
} from '../support/dialogHarness';
import { BBQ, MIXED, PROPERTY, STREETLIGHT } from '../support/requests';
import {
  zh,
  en,
  ASK_TYPE,
  ASK_TYPE_EN,
  ASK_DISTRICT,
  ASK_DISTRICT_EN,
  ASK_PLACE,
  ASK_PLACE_EN,
  ASK_NAME,
  ASK_NAME_EN,
  ASK_PHONE,
  ASK_PHONE_EN,
  ASK_FIELD,
  ASK_CORRECTION,
  PHONE_SKIPPED,
  PHONE_SKIPPED_EN,
  SUMMARY,
  SUMMARY_EN,
  created,
  createdEn,
} from '../support/dialogReplies';

const LAMP_EN = 'The street light outside my building has been broken for a month';
const NOISE_EN = 'My neighbours upstairs make loud noise every night after midnight';

/** As exchange() shows it: ticket numbers written as ID. */
const WELCOME = zh.welcome.replace(/QD\d{8}-\d{6}/g, 'ID');
const REDESCRIBE_KEEPING =
  '请再描述一下您的问题，比如发生了什么、涉及哪个单位。您已填写的其他信息（区域、位置、身份、电话）会保留，不用重复。';
const HOUSING_EN = 'Housing and Urban-Rural Development Bureau (住房和城乡建设局)';

/** The summary of PROPERTY, filled as a citizen with `phone`, waiting for 确认提交. */
const propertySummary = (phone: string, phoneReplies: string[]): ExactTurn[] => [
  [PROPERTY, [ASK_TYPE]],
  ['市民', [ASK_PHONE]],
  [phone, phoneReplies],
];

interface Row {
  name: string;
  locale?: string;
  turns: ExactTurn[];
  status: DialogTurnStatus;
  /** What the filed ticket must hold (the last turn's reply names it). */
  ticket?: Partial<Pick<Ticket, 'lang' | 'text' | 'earlierTexts' | 'district' | 'location'>> & {
    phone?: string;
    enterpriseName?: string;
  };
}

const LANGUAGE: Row[] = [
  {
    name: '"no" at the phone question keeps a Chinese conversation Chinese, and its ticket',
    turns: [
      ...propertySummary('no', [PHONE_SKIPPED, SUMMARY]),
      ['确认提交', [created('住房和城乡建设局')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { lang: 'zh' },
  },
  {
    name: '"help" in the middle of a Chinese intake answers in Chinese and asks the same question',
    turns: [
      [PROPERTY, [ASK_TYPE]],
      ['help', [zh.help, zh.helpResume, ASK_TYPE]],
      ['市民', [ASK_PHONE]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    name: '"ok" at a Chinese summary files it and confirms in Chinese',
    turns: [
      ...propertySummary('跳过', [PHONE_SKIPPED, SUMMARY]),
      ['ok', [created('住房和城乡建设局')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { lang: 'zh' },
  },
  {
    name: 'a phone given as "Tel 13912345678" keeps the conversation Chinese',
    turns: [
      ...propertySummary('Tel 13912345678', [ASK_NAME]),
      ['Liu', [SUMMARY]],
      ['确认提交', [created('住房和城乡建设局')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { lang: 'zh', phone: '13912345678' },
  },
  {
    name: 'a ticket number sent in a Chinese conversation is answered in Chinese',
    turns: [
      ['你好', [WELCOME]],
      [
        'QD20991127-000009',
        [
          '没有查到与您相关的工单 ID，请核对工单号。这里只能查到在本对话中登记的工单；如果是在其他设备或通过电话登记的，请回复“人工”，由工作人员核实后帮您查询。',
        ],
      ],
    ],
    status: DialogTurnStatus.complete,
  },
  {
    name: 'an English district answer keeps a Chinese conversation Chinese',
    turns: [
      [STREETLIGHT, [ASK_DISTRICT]],
      ['Laoshan District', [ASK_PLACE]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    name: 'Latin gibberish at a Chinese question is re-asked in Chinese',
    turns: [
      [PROPERTY, [ASK_TYPE]],
      ['asdkjh qwe zxcmnb', [zh.retryRequesterType]],
      ['市民', [ASK_PHONE]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    name: 'a first message of gibberish from a client without a locale is answered in Chinese',
    turns: [['asdkjh qwe zxcmnb', [zh.notUnderstood]]],
    status: DialogTurnStatus.waiting,
  },
  {
    name: 'a Chinese first message from an English client is a Chinese conversation, kept on "no"',
    locale: 'en-US',
    turns: propertySummary('no', [PHONE_SKIPPED, SUMMARY]),
    status: DialogTurnStatus.waiting,
  },
  {
    name: 'a clear English sentence switches a Chinese conversation, and the ticket is English',
    turns: [
      ['我有个问题', ['好的，请问是什么事情？请用一两句话说说发生了什么、在哪里。']],
      ['My landlord keeps my deposit and will not return it', [ASK_DISTRICT_EN]],
      ['Shinan', [ASK_PLACE_EN]],
      ['skip', [ASK_TYPE_EN]],
      ['citizen', [ASK_PHONE_EN]],
      ['skip', [PHONE_SKIPPED_EN, SUMMARY_EN]],
      ['submit', [createdEn(HOUSING_EN)]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { lang: 'en', text: 'My landlord keeps my deposit and will not return it' },
  },
  {
    name: 'an English sentence with a Chinese word in it is answered in English and filed as English',
    turns: [
      [MIXED, [ASK_DISTRICT_EN]],
      ['Shinan', [ASK_PLACE_EN]],
      ['skip', [ASK_TYPE_EN]],
      ['citizen', [ASK_PHONE_EN]],
      ['skip', [PHONE_SKIPPED_EN, SUMMARY_EN]],
      ['submit', [createdEn(HOUSING_EN)]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { lang: 'en', text: MIXED },
  },
  {
    name: 'the mixed English sentence switches a conversation that began in Chinese',
    turns: [
      ['你好', [WELCOME]],
      [MIXED, [ASK_DISTRICT_EN]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    name: 'a Chinese district answer keeps an English conversation English',
    turns: [
      [LAMP_EN, [ASK_DISTRICT_EN]],
      ['崂山区', [ASK_PLACE_EN]],
      ['skip', [ASK_TYPE_EN]],
    ],
    status: DialogTurnStatus.waiting,
  },
];

const REDESCRIBING: Row[] = [
  {
    name: '都不是，重新描述 asks only for the new description and keeps place, requester and phone',
    turns: [
      ...propertySummary('13912345678', [ASK_NAME]),
      ['跳过', [zh.nameSkipped, SUMMARY]],
      ['不对，修改', [ASK_FIELD]],
      ['部门', [ASK_CORRECTION]],
      ['都不是，重新描述', [REDESCRIBE_KEEPING]],
      [BBQ, [SUMMARY]],
      ['确认提交', [created('城市管理局')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: {
      lang: 'zh',
      text: BBQ,
      earlierTexts: [PROPERTY],
      district: 'shinan',
      location: '香港中路',
      phone: '13912345678',
    },
  },
  {
    name: '"None, describe again" keeps what an English conversation gave and the first description',
    turns: [
      [LAMP_EN, [ASK_DISTRICT_EN]],
      ['Shinan', [ASK_PLACE_EN]],
      ['Zhongshan Road 10', [ASK_TYPE_EN]],
      ['citizen', [ASK_PHONE_EN]],
      ['13912345678', [ASK_NAME_EN]],
      ['skip', [en.nameSkipped, SUMMARY_EN]],
      ['Not right', ['What would you like to change?']],
      ['department', ['Pick the right department, or describe the problem again:']],
      ['None, describe again', [en.askRedescribeKeeping]],
      [NOISE_EN, [SUMMARY_EN]],
      ['submit', [createdEn('Public Security Bureau (公安局)')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: {
      lang: 'en',
      text: NOISE_EN,
      earlierTexts: [LAMP_EN],
      district: 'shinan',
      location: 'Zhongshan Road 10',
      phone: '13912345678',
    },
  },
  {
    name: 're-describing keeps the enterprise and its credit code',
    turns: [
      [PROPERTY, [ASK_TYPE]],
      ['企业', [zh.askEnterpriseName]],
      ['青岛海川贸易有限公司', [zh.askCreditCode]],
      ['91370200MA3C12345E', [ASK_PHONE]],
      ['跳过', [PHONE_SKIPPED, SUMMARY]],
      ['不对，修改', [ASK_FIELD]],
      ['部门', [ASK_CORRECTION]],
      ['都不是，重新描述', [REDESCRIBE_KEEPING]],
      [BBQ, [SUMMARY]],
      [
        '确认提交',
        [
          created('城市管理局'),
          '企业诉求已标记优先办理，值班人员将在 2026年11月27日（周五）17:00 前在此对话中与您联系。',
        ],
      ],
    ],
    status: DialogTurnStatus.complete,
    ticket: { text: BBQ, earlierTexts: [PROPERTY], enterpriseName: '青岛海川贸易有限公司' },
  },
  {
    name: 'twice re-described, through gibberish: every earlier description kept, a new district wins',
    turns: [
      ...propertySummary('13912345678', [ASK_NAME]),
      ['跳过', [zh.nameSkipped, SUMMARY]],
      ['不对', [ASK_FIELD]],
      ['部门', [ASK_CORRECTION]],
      ['都不是，重新描述', [REDESCRIBE_KEEPING]],
      ['asdkjh qwe zxcmnb', [zh.notUnderstood]],
      [BBQ, [SUMMARY]],
      ['部门不对', [ASK_CORRECTION]],
      ['都不是，重新描述', [REDESCRIBE_KEEPING]],
      ['市北区台东三路有个烧烤摊天天占道经营，油烟熏得人受不了', [SUMMARY]],
      ['确认提交', [created('城市管理局')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: {
      earlierTexts: [PROPERTY, BBQ],
      district: 'shibei',
      location: '台东三路',
      phone: '13912345678',
    },
  },
];

describe('MainDialog: one language rule and re-describing (issue 12)', () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  describeConversations(
    [
      ['language', LANGUAGE],
      ['re-describing', REDESCRIBING],
    ],
    () => h,
    (row) => ({ status: row.status, ticket: row.ticket !== undefined }),
    async ({ row, view }) => {
      if (row.ticket === undefined || view === null) return;
      const { phone, enterpriseName, ...fields } = row.ticket;
      for (const [field, value] of Object.entries(fields)) {
        assert.deepEqual(view.ticket[field as keyof Ticket], value, field);
      }
      if (phone !== undefined) assert.equal(view.ticket.requester.phone, phone);
      if (enterpriseName !== undefined) {
        assert.equal(view.ticket.requester.enterpriseName, enterpriseName);
        assert.equal(view.ticket.requester.creditCode, '91370200MA3C12345E');
      }
    },
  );
});
