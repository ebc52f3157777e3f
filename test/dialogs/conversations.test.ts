import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import { z } from 'zod';
import type { Ticket } from '../../src/tickets/ticket';
import {
  createHarness,
  describeConversations,
  type ExactTurn,
  type Harness,
} from '../support/dialogHarness';
import { BBQ, MIXED, PROPERTY, STREETLIGHT, SUBSIDY } from '../support/requests';
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
  ASK_DEPARTMENT,
  RETRY_DEPARTMENT,
  ASK_REDESCRIBE,
  DISTRICT_SKIPPED,
  PHONE_SKIPPED,
  PHONE_SKIPPED_EN,
  RETRY_CONFIRM,
  SUMMARY,
  SUMMARY_EN,
  created,
  createdEn,
} from '../support/dialogReplies';

/**
 * Issue 12: whole scripted conversations as data, on the recorded classifier. Each row compares
 * every reply of every turn, the dialog's final status, the ticket it filed (or that it filed
 * none), who was queued for duty staff and, for the Teams rows, how the last question's options
 * were shown.
 */

const LAMP_EN = 'The street lamp outside my building has been broken for a month';

const asShown = (text: string) => text.replace(/QD\d{8}-\d{6}/g, 'ID');

const ASK_COMPLAINT =
  '好的，请问您要投诉什么事情？请用一两句话说说发生了什么、在哪里、涉及哪个单位。';
const ASK_REPORT = '好的，请问您要反映什么情况？请说说发生了什么、在哪里、涉及哪个单位或个人。';
const ASK_QUESTION = '好的，请问是什么事情？请用一两句话说说发生了什么、在哪里。';
const NOT_UNDERSTOOD =
  '抱歉，我没看懂。请用一两句话说说发生了什么、在哪里，比如“小区门口的路灯坏了”。';
const RETRY_DISTRICT = '没有识别出区（市）名称，请从下面选择或直接输入，比如“市南区”。';
const RETRY_FIELD = '请从下面选择要修改的一项，比如“电话”，或回复“人工”。';
const FIELDS = ['部门', '地点', '身份', '电话', '问题描述'];
const ASK_REDESCRIBE_KEEPING = zh.askRedescribeKeeping;
const ASK_ENTERPRISE_NAME = '请提供企业名称。';
const ASK_CREDIT_CODE = '请提供企业的统一社会信用代码（18位），手头没有可回复“跳过”。';
const CANCELLED = '好的，已取消当前事项。有需要随时告诉我。';
const DEPARTMENT_LEFT_TO_STAFF = '没关系，由值班人员为您确定首接负责单位，您已填写的内容都会保留。';
const GAVE_UP = '抱歉，我几次都没能理解您的回答，已为您转值班人员处理，您已填写的内容都会保留。';
const CALLBACK =
  '目前没有值班人员在线。您的诉求已登记为工单 ID，并标记为回电，值班人员将在 ' +
  '2026年11月27日（周五）17:00 前在此对话中联系您。如需电话回电，请直接回复您的手机号码。' +
  '紧急情况请拨打 110、119 或 120。';
const NO_TICKETS = '您还没有登记过工单。直接描述问题即可登记。';
const DISTRICT_SKIPPED_EN = 'OK, no district: it does not stop your request being filed.';
const ASK_FIELD_EN = 'What would you like to change?';
const CANCELLED_EN = 'Cancelled. Tell me whenever you need something.';
const URBAN_EN = 'Urban Management Bureau (城市管理局)';
const DISTRICTS = ['市南区', '市北区', '李沧区', '崂山区', '城阳区', '黄岛区', '即墨区'].concat([
  '胶州市',
  '平度市',
  '莱西市',
  '跳过',
]);
const SUBSIDY_PICKS = [
  '农业农村局',
  '商务局',
  '人力资源和社会保障局',
  '都不是，重新描述',
  '转人工',
];
const PROPERTY_PICKS = [
  '住房和城乡建设局',
  '公安局',
  '民营经济发展局',
  '都不是，重新描述',
  '转人工',
];

/** PROPERTY filled as a citizen without a phone, up to the summary. */
const PROPERTY_SUMMARY: ExactTurn[] = [
  [PROPERTY, [ASK_TYPE]],
  ['市民', [ASK_PHONE]],
  ['跳过', [PHONE_SKIPPED, SUMMARY]],
];
/** LAMP_EN filled in English (Shinan, no place, citizen, no phone), up to the summary. */
const LAMP_SUMMARY_EN: ExactTurn[] = [
  [LAMP_EN, [ASK_DISTRICT_EN]],
  ['Shinan', [ASK_PLACE_EN]],
  ['skip', [ASK_TYPE_EN]],
  ['citizen', [ASK_PHONE_EN]],
  ['skip', [PHONE_SKIPPED_EN, SUMMARY_EN]],
];

interface Row {
  name: string;
  locale?: string;
  channelId?: string;
  turns: ExactTurn[];
  status: DialogTurnStatus;
  /** What the filed ticket holds; absent when the row must file nothing. */
  ticket?: Partial<
    Pick<Ticket, 'lang' | 'text' | 'earlierTexts' | 'district' | 'location' | 'category'>
  > & {
    department?: string;
    decidedBy?: 'model' | 'requester';
    /** The requester's phone (null: none) and who they wrote as. */
    phone?: string | null;
    requester?: Partial<
      Pick<Ticket['requester'], 'type' | 'enterpriseName' | 'creditCode' | 'name'>
    >;
  };
  /** Why the conversation waits for duty staff, if it does. */
  queued?: string;
  /** How the last reply offering options shows them: Teams shows three suggested actions at most. */
  shows?: { style: 'card' | 'actions'; options: string[] };
}

const OPENINGS: Row[] = [
  {
    name: '投诉 then the complaint: no department guessed from 投诉, filed as a complaint',
    turns: [
      ['投诉', [ASK_COMPLAINT]],
      ...PROPERTY_SUMMARY,
      ['确认提交', [created('住房和城乡建设局')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { category: 'complaint', department: 'housing', text: PROPERTY, district: 'shinan' },
  },
  {
    name: '我有个问题 then a broken street lamp: the lamp is the request, asked where it is',
    turns: [
      ['我有个问题', [ASK_QUESTION]],
      [STREETLIGHT, [ASK_DISTRICT]],
      ['市北区', [ASK_PLACE]],
      ['跳过', [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['跳过', [PHONE_SKIPPED, SUMMARY]],
      ['确认提交', [created('城市管理局')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { department: 'urban', text: STREETLIGHT, district: 'shibei', location: null },
  },
  {
    name: '举报 then gibberish: asked again, and the next real description is taken',
    turns: [
      ['举报', [ASK_REPORT]],
      ['asdkjh qwe zxcmnb', [NOT_UNDERSTOOD]],
      [BBQ, [ASK_DISTRICT]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    name: '我要反映一个情况 carries no content and is asked what it is',
    turns: [['我要反映一个情况', [ASK_REPORT]]],
    status: DialogTurnStatus.waiting,
  },
  {
    name: '你好，我想投诉 is a complaint to come, not a greeting',
    turns: [['你好，我想投诉', [ASK_COMPLAINT]]],
    status: DialogTurnStatus.waiting,
  },
  {
    name: '你好 is welcomed and starts nothing',
    turns: [['你好', [asShown(zh.welcome)]]],
    status: DialogTurnStatus.complete,
  },
  {
    name: 'hello is welcomed in English',
    turns: [['hello', [asShown(en.welcome)]]],
    status: DialogTurnStatus.complete,
  },
];

const CONFIRMATIONS: Row[] = [
  {
    name: '"yes please" at an English summary files it',
    turns: [...LAMP_SUMMARY_EN, ['yes please', [createdEn(URBAN_EN)]]],
    status: DialogTurnStatus.complete,
    ticket: { lang: 'en', department: 'urban', district: 'shinan' },
  },
  {
    name: '好的 at an English summary files it, still in English',
    turns: [...LAMP_SUMMARY_EN, ['好的', [createdEn(URBAN_EN)]]],
    status: DialogTurnStatus.complete,
    ticket: { lang: 'en', text: LAMP_EN },
  },
  {
    name: '不用了 at the summary is the person dropping it: cancelled, nothing filed',
    turns: [...PROPERTY_SUMMARY, ['不用了', [CANCELLED]], ['查询工单', [NO_TICKETS]]],
    status: DialogTurnStatus.complete,
  },
  {
    name: '"no thanks" at an English summary is dropping it too, as 不用了 is',
    turns: [...LAMP_SUMMARY_EN, ['no thanks', [CANCELLED_EN]]],
    status: DialogTurnStatus.complete,
  },
  {
    name: '"cancel" at an English summary cancels in English',
    turns: [...LAMP_SUMMARY_EN, ['cancel', [CANCELLED_EN]]],
    status: DialogTurnStatus.complete,
  },
  {
    name: 'three answers the department picker does not understand: buttons twice, then a person; kept',
    turns: [
      [SUBSIDY, [ASK_DEPARTMENT]],
      ['哪个', [RETRY_DEPARTMENT]],
      ['嗯哼', [RETRY_DEPARTMENT]],
      ['你猜', [GAVE_UP, CALLBACK]],
      ['确认提交', ['您的诉求已经提交，工单号 ID，无需再次确认。']],
    ],
    status: DialogTurnStatus.complete,
    ticket: { text: SUBSIDY },
    queued: 'unsure',
  },
  {
    name: '"不知道" at the department picker: filed at once for duty staff to choose, not asked again',
    turns: [
      [SUBSIDY, [ASK_DEPARTMENT]],
      ['不知道', [DEPARTMENT_LEFT_TO_STAFF, CALLBACK]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { text: SUBSIDY },
    queued: 'unsure',
  },
  {
    name: '"多久能给我答复？" at the department picker: answered, then the picker again',
    turns: [
      [SUBSIDY, [ASK_DEPARTMENT]],
      [
        '多久能给我答复？',
        [zh.hoursAnswer(null, '09:00–17:30', true), zh.helpResume, ASK_DEPARTMENT],
      ],
      ['不知道', [DEPARTMENT_LEFT_TO_STAFF, CALLBACK]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { text: SUBSIDY },
    queued: 'unsure',
  },
  {
    name: '"你们定吧" at the department picker: filed for duty staff to choose',
    turns: [
      [SUBSIDY, [ASK_DEPARTMENT]],
      ['你们定吧', [DEPARTMENT_LEFT_TO_STAFF, CALLBACK]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { text: SUBSIDY },
    queued: 'unsure',
  },
  {
    name: 'an answer the department picker does not understand brings its buttons back',
    turns: [
      [SUBSIDY, [ASK_DEPARTMENT]],
      ['哪个', [RETRY_DEPARTMENT]],
      ['嗯哼', [RETRY_DEPARTMENT]],
    ],
    status: DialogTurnStatus.waiting,
    shows: { style: 'actions', options: SUBSIDY_PICKS },
  },
  {
    name: 'an answer the summary does not understand brings its three buttons back, form kept',
    turns: [...PROPERTY_SUMMARY, ['随便', [RETRY_CONFIRM]], ['嗯哼', [RETRY_CONFIRM]]],
    status: DialogTurnStatus.waiting,
    shows: { style: 'actions', options: ['确认提交', '不对，修改', '取消'] },
  },
  {
    name: '"1" at the department picker takes the first department offered',
    turns: [
      [SUBSIDY, [ASK_DEPARTMENT]],
      ['1', [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['跳过', [PHONE_SKIPPED, SUMMARY]],
      ['确认提交', [created('农业农村局', '2026年11月30日（周一）17:30')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { department: 'agri', decidedBy: 'requester' },
  },
];

const CORRECTIONS: Row[] = [
  {
    name: '不对，修改 then 部门 then "2": the second department offered, district and place kept',
    turns: [
      ...PROPERTY_SUMMARY,
      ['不对，修改', [ASK_FIELD]],
      ['部门', [ASK_CORRECTION]],
      ['2', [SUMMARY]],
      ['确认提交', [created('公安局')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: {
      department: 'police',
      decidedBy: 'requester',
      district: 'shinan',
      location: '香港中路',
      text: PROPERTY,
    },
  },
  {
    name: '不对，修改 offers every field of the summary as a button',
    turns: [...PROPERTY_SUMMARY, ['不对，修改', [ASK_FIELD]]],
    status: DialogTurnStatus.waiting,
    shows: { style: 'actions', options: FIELDS },
  },
  {
    name: '部门错了 at the summary goes straight to the picker; a department typed by name is taken',
    turns: [
      ...PROPERTY_SUMMARY,
      ['部门错了', [ASK_CORRECTION]],
      ['城市管理局', [SUMMARY]],
      ['确认提交', [created('城市管理局')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { department: 'urban', decidedBy: 'requester', district: 'shinan' },
  },
  {
    name: '电话不对 at the summary asks only the phone; the new number is filed, the rest kept',
    turns: [
      ...PROPERTY_SUMMARY,
      ['电话不对', [ASK_PHONE]],
      ['13912345678', [ASK_NAME]],
      ['王先生', [SUMMARY]],
      ['确认提交', [created('住房和城乡建设局')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: {
      department: 'housing',
      phone: '13912345678',
      requester: { name: '王先生' },
      district: 'shinan',
      location: '香港中路',
      text: PROPERTY,
    },
  },
  {
    name: '不对，修改 then 地址不对: district and place are asked, not read again from the description',
    turns: [
      ...PROPERTY_SUMMARY,
      ['不对，修改', [ASK_FIELD]],
      ['地址不对', [ASK_DISTRICT]],
      ['崂山区', [ASK_PLACE]],
      ['海尔路1号', [SUMMARY]],
      ['确认提交', [created('住房和城乡建设局')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: {
      department: 'housing',
      district: 'laoshan',
      location: '海尔路1号',
      text: PROPERTY,
      phone: null,
    },
  },
  {
    name: 'an enterprise that left a phone is promised a call-back to that phone, not the chat',
    turns: [
      [PROPERTY, [ASK_TYPE]],
      ['企业', [ASK_ENTERPRISE_NAME]],
      ['青岛海风机械有限公司', [ASK_CREDIT_CODE]],
      ['91370200MA3C12345E', [ASK_PHONE]],
      ['0532-88886666', [ASK_NAME]],
      ['跳过', [zh.nameSkipped, SUMMARY]],
      [
        '确认提交',
        [
          created('住房和城乡建设局'),
          '企业诉求已标记优先办理，值班人员将在 2026年11月27日（周五）17:00 前给您回电（0532-****6666）。',
        ],
      ],
    ],
    status: DialogTurnStatus.complete,
    ticket: { department: 'housing' },
    queued: 'enterprise_priority',
  },
  {
    name: '身份 asks citizen or enterprise again, then the enterprise details, and nothing else',
    turns: [
      ...PROPERTY_SUMMARY,
      ['不对，修改', [ASK_FIELD]],
      ['身份', [ASK_TYPE]],
      ['企业', [ASK_ENTERPRISE_NAME]],
      ['青岛海风机械有限公司', [ASK_CREDIT_CODE]],
      ['91370200MA3C12345E', [SUMMARY]],
      [
        '确认提交',
        [
          created('住房和城乡建设局'),
          '企业诉求已标记优先办理，值班人员将在 2026年11月27日（周五）17:00 前在此对话中与您联系。',
        ],
      ],
    ],
    status: DialogTurnStatus.complete,
    ticket: {
      department: 'housing',
      requester: {
        type: 'enterprise',
        enterpriseName: '青岛海风机械有限公司',
        creditCode: '91370200MA3C12345E',
      },
      district: 'shinan',
      phone: null,
    },
    queued: 'enterprise_priority',
  },
  {
    name: '问题描述不对: the description is asked again, the rest and the first description kept',
    turns: [
      ...PROPERTY_SUMMARY,
      ['问题描述不对', [ASK_REDESCRIBE_KEEPING]],
      [STREETLIGHT, [SUMMARY]],
      ['确认提交', [created('城市管理局')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: {
      department: 'urban',
      text: STREETLIGHT,
      earlierTexts: [PROPERTY],
      district: 'shinan',
      phone: null,
    },
  },
  {
    name: 'three answers the field question does not understand: buttons twice, then a person; filed',
    turns: [
      ...PROPERTY_SUMMARY,
      ['不对，修改', [ASK_FIELD]],
      ['随便', [RETRY_FIELD]],
      ['嗯哼', [RETRY_FIELD]],
      ['你猜', [GAVE_UP, CALLBACK]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { text: PROPERTY, district: 'shinan', location: '香港中路' },
    queued: 'failed_prompts',
  },
  {
    name: '不对，修改 then 部门 then 转人工: what is known is filed for duty staff',
    turns: [
      ...PROPERTY_SUMMARY,
      ['不对，修改', [ASK_FIELD]],
      ['部门', [ASK_CORRECTION]],
      ['转人工', [CALLBACK]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { text: PROPERTY, district: 'shinan', location: '香港中路' },
    queued: 'human_requested',
  },
  {
    name: 'a consultation has no place to correct: 地点 is not offered',
    turns: [
      [SUBSIDY, [ASK_DEPARTMENT]],
      ['1', [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['跳过', [PHONE_SKIPPED, SUMMARY]],
      ['不对', [ASK_FIELD]],
    ],
    status: DialogTurnStatus.waiting,
    shows: { style: 'actions', options: ['部门', '身份', '电话', '问题描述'] },
  },
  {
    name: '都不是，重新描述 at the first picker: the new description is filed, the first kept',
    turns: [
      [SUBSIDY, [ASK_DEPARTMENT]],
      ['都不是，重新描述', [ASK_REDESCRIBE]],
      [STREETLIGHT, [ASK_DISTRICT]],
      ['崂山区', [ASK_PLACE]],
      ['跳过', [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['跳过', [PHONE_SKIPPED, SUMMARY]],
      ['确认提交', [created('城市管理局')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { text: STREETLIGHT, earlierTexts: [SUBSIDY], district: 'laoshan' },
  },
  {
    name: '"Not right" then "department" then "1" at an English summary: a department picked',
    turns: [
      ...LAMP_SUMMARY_EN,
      ['Not right', [ASK_FIELD_EN]],
      ['department', [en.askCorrection]],
      ['1', [SUMMARY_EN]],
      ['submit', [createdEn(URBAN_EN)]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { lang: 'en', department: 'urban', decidedBy: 'requester', district: 'shinan' },
  },
  {
    name: '"Not right" then "the phone number" in English asks the phone, and files it',
    turns: [
      ...LAMP_SUMMARY_EN,
      ['Not right', [ASK_FIELD_EN]],
      ['the phone number', [ASK_PHONE_EN]],
      ['13912345678', [ASK_NAME_EN]],
      ["I'm Li Wei", [SUMMARY_EN]],
      ['submit', [createdEn(URBAN_EN)]],
    ],
    status: DialogTurnStatus.complete,
    ticket: {
      lang: 'en',
      phone: '13912345678',
      district: 'shinan',
      requester: { name: 'Li Wei' },
    },
  },
  {
    // 8 December 2026: the widget never asked how to address the person, so a department calling
    // back had no name. Asked with the phone, and changed with it.
    name: '称呼不对 at the summary asks only the name again; the new name is filed',
    turns: [
      [PROPERTY, [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['13912345678', [ASK_NAME]],
      ['我姓张', [SUMMARY]],
      ['称呼不对', [ASK_NAME]],
      ['叫我章女士就行', [SUMMARY]],
      ['确认提交', [created('住房和城乡建设局')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { phone: '13912345678', requester: { name: '章女士' } },
  },
  {
    name: '不对，修改 offers 称呼 once the summary shows a name the person gave',
    turns: [
      [PROPERTY, [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['13912345678', [ASK_NAME]],
      ['王先生', [SUMMARY]],
      ['不对，修改', [ASK_FIELD]],
      ['称呼', [ASK_NAME]],
      ['李女士', [SUMMARY]],
      ['确认提交', [created('住房和城乡建设局')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { phone: '13912345678', requester: { name: '李女士' } },
  },
  {
    name: '不对，修改 with a name on the summary offers 称呼 among the fields',
    turns: [
      [PROPERTY, [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['13912345678', [ASK_NAME]],
      ['王先生', [SUMMARY]],
      ['不对，修改', [ASK_FIELD]],
    ],
    status: DialogTurnStatus.waiting,
    shows: { style: 'actions', options: ['部门', '地点', '身份', '电话', '称呼', '问题描述'] },
  },
  {
    name: 'a name given with the phone ("13912345678 王先生") is not asked for again',
    turns: [
      [PROPERTY, [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['13912345678 王先生', [SUMMARY]],
      ['确认提交', [created('住房和城乡建设局')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { phone: '13912345678', requester: { name: '王先生' } },
  },
  {
    name: '"算了" at the name question declines the name, not the request; the ticket has none',
    turns: [
      [PROPERTY, [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['13912345678', [ASK_NAME]],
      ['路灯也坏了', [zh.retryName]],
      ['算了', [zh.nameSkipped, SUMMARY]],
      ['确认提交', [created('住房和城乡建设局')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { phone: '13912345678', requester: { name: undefined } },
  },
  {
    name: '"wrong district" at an English summary asks the district and place again',
    turns: [
      ...LAMP_SUMMARY_EN,
      ['wrong district', [ASK_DISTRICT_EN]],
      ['Laoshan', [ASK_PLACE_EN]],
      ['skip', [SUMMARY_EN]],
      ['submit', [createdEn(URBAN_EN)]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { lang: 'en', district: 'laoshan', location: null },
  },
];

const LANGUAGE: Row[] = [
  {
    name: '"help" at the Chinese district question helps in Chinese and asks again',
    turns: [
      [STREETLIGHT, [ASK_DISTRICT]],
      ['help', [zh.help, zh.helpResume, ASK_DISTRICT]],
      ['崂山区', [ASK_PLACE]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    name: '"no" at the Chinese district question leaves it open, in Chinese',
    turns: [
      [STREETLIGHT, [ASK_DISTRICT]],
      ['no', [DISTRICT_SKIPPED, ASK_PLACE]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    name: '"no" at the English district question leaves it open, in English',
    turns: [
      [LAMP_EN, [ASK_DISTRICT_EN]],
      ['no', [DISTRICT_SKIPPED_EN, ASK_PLACE_EN]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    name: '确认 at an English summary files it in English',
    turns: [...LAMP_SUMMARY_EN, ['确认', [createdEn(URBAN_EN)]]],
    status: DialogTurnStatus.complete,
    ticket: { lang: 'en' },
  },
  {
    // 8 December 2026: "I'm a resident" was "Please choose "Citizen" or "Enterprise"".
    name: '"I\'m a resident" at citizen or enterprise is a citizen',
    turns: [
      [LAMP_EN, [ASK_DISTRICT_EN]],
      ['Shinan', [ASK_PLACE_EN]],
      ['skip', [ASK_TYPE_EN]],
      ["I'm a resident", [ASK_PHONE_EN]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    // 7 December 2026: "I'm just a resident" was "Please choose "Citizen" or "Enterprise"".
    name: '"I\'m just a resident" at citizen or enterprise is a citizen',
    turns: [
      [LAMP_EN, [ASK_DISTRICT_EN]],
      ['Shinan', [ASK_PLACE_EN]],
      ['skip', [ASK_TYPE_EN]],
      ["I'm just a resident", [ASK_PHONE_EN]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    // The widget, 8 December 2026: both were told their answer was not understood.
    name: '"我不想留电话，怕被骚扰" declines the phone; "不记得在哪了" leaves the district open',
    turns: [
      ['公交车司机态度太差了 骂乘客 是5路车', [ASK_DISTRICT]],
      ['不记得在哪了', [DISTRICT_SKIPPED, ASK_PLACE]],
      ['跳过', [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['我不想留电话，怕被骚扰', [PHONE_SKIPPED, SUMMARY]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    // The widget, 8 December 2026: "市民" at the place question was filed as the place.
    name: '"市民" at the place question is who, kept, and the place asked again',
    turns: [
      ['公交车司机态度太差了 骂乘客 是5路车', [ASK_DISTRICT]],
      ['市南区', [ASK_PLACE]],
      ['市民', [zh.typeNoted('市民'), ASK_PLACE]],
      ['跳过', [ASK_PHONE]],
      ['跳过', [PHONE_SKIPPED, SUMMARY]],
      ['确认提交', [created('交通运输局')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { location: null, requester: { type: 'citizen' } },
  },
  {
    // The walk, 8 December 2026: asked again as an answer, then handed to staff as unreadable.
    name: '"算了 这个先不反映了" at a question cancels the request',
    turns: [
      [PROPERTY, [ASK_TYPE]],
      ['算了 这个先不反映了', [zh.cancelled]],
    ],
    status: DialogTurnStatus.complete,
  },
  {
    name: '"我是业主" at citizen or enterprise is a citizen',
    turns: [
      [PROPERTY, [ASK_TYPE]],
      ['我是业主', [ASK_PHONE]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    name: '"I\'m a tenant" at citizen or enterprise is a citizen',
    turns: [
      [LAMP_EN, [ASK_DISTRICT_EN]],
      ['Shinan', [ASK_PLACE_EN]],
      ['skip', [ASK_TYPE_EN]],
      ["I'm a tenant", [ASK_PHONE_EN]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    name: '"我就是个普通老百姓" at citizen or enterprise is a citizen',
    turns: [
      [PROPERTY, [ASK_TYPE]],
      ['我就是个普通老百姓', [ASK_PHONE]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    // 7 December 2026: "please call me back" at the phone question was taken as asking for
    // staff, and "麻烦给我回个电话" would have been too; the call is what the phone is for.
    name: '"麻烦给我回个电话" at the phone question asks for the number, then files with it',
    turns: [
      [PROPERTY, [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['麻烦给我回个电话', [zh.phoneForCall]],
      ['13912345678', [ASK_NAME]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    name: '"please call me back" at the English phone question asks for the number',
    turns: [
      [LAMP_EN, [ASK_DISTRICT_EN]],
      ['Shinan', [ASK_PLACE_EN]],
      ['skip', [ASK_TYPE_EN]],
      ['citizen', [ASK_PHONE_EN]],
      ['please call me back', [en.phoneForCall]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    // 7 December 2026 on the widget: a more exact place given at "citizen or enterprise?" got
    // "Please choose" and was lost; the summary kept the description's "Zhongshan Road".
    name: 'a place given at citizen or enterprise is kept, and the question asked again',
    turns: [
      [LAMP_EN, [ASK_DISTRICT_EN]],
      ['Shinan', [ASK_PLACE_EN]],
      ['skip', [ASK_TYPE_EN]],
      [
        'near the Zhongshan Road / Hubei Road crossing',
        [en.placeNoted('near the Zhongshan Road / Hubei Road crossing'), ASK_TYPE_EN],
      ],
      ['citizen', [ASK_PHONE_EN]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    name: '"在中山路和湖北路路口" at citizen or enterprise is the place, kept',
    turns: [
      [PROPERTY, [ASK_TYPE]],
      ['在中山路和湖北路路口', [zh.placeNoted('中山路和湖北路路口'), ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['跳过', [PHONE_SKIPPED, SUMMARY]],
      ['确认提交', [created('住房和城乡建设局')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { department: 'housing', location: '中山路和湖北路路口' },
  },
  {
    name: '"我是中山路的居民" at citizen or enterprise is a citizen, not a place',
    turns: [
      [PROPERTY, [ASK_TYPE]],
      ['我是中山路的居民', [ASK_PHONE]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    name: '"I\'m a resident of Zhongshan Road" at citizen or enterprise is a citizen',
    turns: [
      [LAMP_EN, [ASK_DISTRICT_EN]],
      ['Shinan', [ASK_PLACE_EN]],
      ['skip', [ASK_TYPE_EN]],
      ["I'm a resident of Zhongshan Road", [ASK_PHONE_EN]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    name: '"以个人身份反映" at citizen or enterprise is a citizen',
    turns: [
      [PROPERTY, [ASK_TYPE]],
      ['以个人身份反映', [ASK_PHONE]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    name: 'a clear English sentence at a Chinese question switches the question asked again too',
    turns: [
      [PROPERTY, [ASK_TYPE]],
      [MIXED, [en.retryRequesterType]],
      ['citizen', [ASK_PHONE_EN]],
    ],
    status: DialogTurnStatus.waiting,
  },
];

const TEAMS: Row[] = [
  {
    name: 'the ten districts and 跳过 arrive on Teams as a card, not eleven suggested actions',
    channelId: 'msteams',
    turns: [[STREETLIGHT, [ASK_DISTRICT]]],
    status: DialogTurnStatus.waiting,
    shows: { style: 'card', options: DISTRICTS },
  },
  {
    name: 'a district chosen on the Teams card is the answer; the place question keeps its button',
    channelId: 'msteams',
    turns: [
      [STREETLIGHT, [ASK_DISTRICT]],
      [{ submit: { choice: '崂山区' } }, [ASK_PLACE]],
    ],
    status: DialogTurnStatus.waiting,
    shows: { style: 'actions', options: ['跳过'] },
  },
  {
    name: 'a whole Teams intake answered by card and buttons is filed',
    channelId: 'msteams',
    turns: [
      [STREETLIGHT, [ASK_DISTRICT]],
      [{ submit: { choice: '崂山区' } }, [ASK_PLACE]],
      ['跳过', [ASK_TYPE]],
      ['市民', [ASK_PHONE]],
      ['跳过', [PHONE_SKIPPED, SUMMARY]],
      [{ submit: { choice: '确认提交' } }, [created('城市管理局')]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { department: 'urban', district: 'laoshan', location: null },
  },
  {
    name: 'the five department choices arrive on Teams as a card, 重新描述 and 转人工 included',
    channelId: 'msteams',
    turns: [[SUBSIDY, [ASK_DEPARTMENT]]],
    status: DialogTurnStatus.waiting,
    shows: { style: 'card', options: SUBSIDY_PICKS },
  },
  {
    name: '都不是，重新描述 chosen on the Teams card asks for the description again',
    channelId: 'msteams',
    turns: [
      [SUBSIDY, [ASK_DEPARTMENT]],
      [{ submit: { choice: '都不是，重新描述' } }, [ASK_REDESCRIBE]],
      [STREETLIGHT, [ASK_DISTRICT]],
    ],
    status: DialogTurnStatus.waiting,
    shows: { style: 'card', options: DISTRICTS },
  },
  {
    name: 'the three summary buttons stay suggested actions on Teams',
    channelId: 'msteams',
    turns: PROPERTY_SUMMARY,
    status: DialogTurnStatus.waiting,
    shows: { style: 'actions', options: ['确认提交', '不对，修改', '取消'] },
  },
  {
    name: 'the five fields to correct arrive on Teams as a card',
    channelId: 'msteams',
    turns: [...PROPERTY_SUMMARY, ['不对，修改', [ASK_FIELD]]],
    status: DialogTurnStatus.waiting,
    shows: { style: 'card', options: FIELDS },
  },
  {
    name: '电话 chosen on the Teams field card asks the phone again',
    channelId: 'msteams',
    turns: [
      ...PROPERTY_SUMMARY,
      ['不对，修改', [ASK_FIELD]],
      [{ submit: { choice: '电话' } }, [ASK_PHONE]],
    ],
    status: DialogTurnStatus.waiting,
    shows: { style: 'actions', options: ['跳过'] },
  },
  {
    name: 'the department picker for a correction arrives on Teams as a card',
    channelId: 'msteams',
    turns: [
      ...PROPERTY_SUMMARY,
      ['不对，修改', [ASK_FIELD]],
      [{ submit: { choice: '部门' } }, [ASK_CORRECTION]],
    ],
    status: DialogTurnStatus.waiting,
    shows: { style: 'card', options: PROPERTY_PICKS },
  },
  {
    name: '转人工 chosen on the Teams correction card files what is known for duty staff',
    channelId: 'msteams',
    turns: [
      ...PROPERTY_SUMMARY,
      ['部门不对', [ASK_CORRECTION]],
      [{ submit: { choice: '转人工' } }, [CALLBACK]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { text: PROPERTY, district: 'shinan' },
    queued: 'human_requested',
  },
  {
    name: 'English card choices on Teams are answers too',
    channelId: 'msteams',
    locale: 'en-US',
    turns: [
      [LAMP_EN, [ASK_DISTRICT_EN]],
      [{ submit: { choice: 'Laoshan District' } }, [ASK_PLACE_EN]],
      [{ submit: { choice: 'Skip' } }, [ASK_TYPE_EN]],
    ],
    status: DialogTurnStatus.waiting,
    shows: { style: 'actions', options: ['Citizen', 'Enterprise'] },
  },
  {
    name: 'a Teams submit without a choice is asked again with the same card',
    channelId: 'msteams',
    turns: [
      [STREETLIGHT, [ASK_DISTRICT]],
      [{ submit: { other: 'x' } }, [RETRY_DISTRICT]],
    ],
    status: DialogTurnStatus.waiting,
    shows: { style: 'card', options: DISTRICTS },
  },
];

const STATUS_AND_RATING: Row[] = [
  {
    name: '查询工单 with no tickets says so and how to file one',
    turns: [['查询工单', [NO_TICKETS]]],
    status: DialogTurnStatus.complete,
  },
  {
    name: '我的工单 with no tickets says the same',
    turns: [['我的工单', [NO_TICKETS]]],
    status: DialogTurnStatus.complete,
  },
  {
    name: '"check my ticket" with no tickets says so in English',
    turns: [['check my ticket', ['You have no tickets yet. Describe your problem to file one.']]],
    status: DialogTurnStatus.complete,
  },
  {
    name: '我要评价 with nothing to rate says when and how rating works',
    turns: [['我要评价', [asShown(zh.rateLater)]]],
    status: DialogTurnStatus.complete,
  },
  {
    name: '查询工单 after filing lists the ticket with its state, department and deadline',
    turns: [
      ...PROPERTY_SUMMARY,
      ['确认提交', [created('住房和城乡建设局')]],
      [
        '查询工单',
        [
          '您最近的工单：\nID｜已派单，待承办单位签收｜住房和城乡建设局｜2026年12月4日（周五）17:30 前答复',
        ],
      ],
    ],
    status: DialogTurnStatus.complete,
    ticket: { department: 'housing' },
  },
  {
    name: '"my tickets" after filing in English lists it in English',
    turns: [
      ...LAMP_SUMMARY_EN,
      ['submit', [createdEn(URBAN_EN)]],
      [
        'my tickets',
        [
          'Your recent tickets:\nID | Sent to the department, awaiting acceptance | Urban ' +
            'Management Bureau | answer due Fri 4 Dec 2026, 17:30',
        ],
      ],
    ],
    status: DialogTurnStatus.complete,
    ticket: { lang: 'en' },
  },
  {
    name: '我的工单 in the middle of a form shows the tickets, then asks the open question again',
    turns: [
      [STREETLIGHT, [ASK_DISTRICT]],
      ['我的工单', [NO_TICKETS, zh.helpResume, ASK_DISTRICT]],
      ['李沧区', [ASK_PLACE]],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    name: 'a ticket number asked about at the place question is not taken as the place',
    turns: [
      ...PROPERTY_SUMMARY,
      ['确认提交', [created('住房和城乡建设局')]],
      [STREETLIGHT, [ASK_DISTRICT]],
      ['李沧区', [ASK_PLACE]],
      [
        '查询 QD20261127-000001',
        [
          '工单 ID\n状态：已派单，待承办单位签收\n类别：投诉\n负责单位：住房和城乡建设局\n' +
            '答复时限：2026年12月4日（周五）17:30 前\n办理记录：\n' +
            '• 2026年11月27日（周五）15:00 工单已受理，派至首接负责单位住房和城乡建设局',
          zh.helpResume,
          ASK_PLACE,
        ],
      ],
    ],
    status: DialogTurnStatus.waiting,
    ticket: { department: 'housing' },
  },
  {
    name: '"my tickets" in the middle of an English form, then the question again',
    locale: 'en-US',
    turns: [
      [LAMP_EN, [ASK_DISTRICT_EN]],
      [
        'my tickets',
        [
          'You have no tickets yet. Describe your problem to file one.',
          en.helpResume,
          ASK_DISTRICT_EN,
        ],
      ],
    ],
    status: DialogTurnStatus.waiting,
  },
  {
    name: 'rating a ticket not answered yet says so, and how to see its progress',
    turns: [
      ...PROPERTY_SUMMARY,
      ['确认提交', [created('住房和城乡建设局')]],
      ['评价 QD20261127-000001 满意', [asShown(zh.notAnsweredYet('QD20261127-000001'))]],
    ],
    status: DialogTurnStatus.complete,
    ticket: { department: 'housing' },
  },
  {
    name: 'rating a ticket number that is not one of the person’s finds nothing',
    turns: [
      [
        '评价 QD20261127-000009 满意',
        [
          '没有查到与您相关的工单 ID，请核对工单号。这里只能查到在本对话中登记的工单；如果是在其他设备或通过电话登记的，请回复“人工”，由工作人员核实后帮您查询。',
        ],
      ],
    ],
    status: DialogTurnStatus.complete,
  },
];

const CardSchema = z.object({
  body: z.array(z.object({ type: z.string(), choices: z.array(z.object({ value: z.string() })) })),
});

/** The options the last reply offering any shows, and how. */
function optionsShown(replies: Partial<Activity>[]): Row['shows'] {
  for (const reply of [...replies].reverse()) {
    const card = reply.attachments?.find((a) => CardSchema.safeParse(a.content).success);
    const actions = reply.suggestedActions?.actions.map((a) => String(a.title));
    if (card !== undefined) {
      assert.equal(actions, undefined, 'a card with choices comes without suggested actions');
      const [set] = CardSchema.parse(card.content).body;
      assert.equal(set?.type, 'Input.ChoiceSet');
      return { style: 'card', options: set?.choices.map((c) => c.value) ?? [] };
    }
    if (actions !== undefined) return { style: 'actions', options: actions };
  }
  return undefined;
}

describe('MainDialog: a table of whole conversations (issue 12)', () => {
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
      ['corrections', CORRECTIONS],
      ['language', LANGUAGE],
      ['Teams limits', TEAMS],
      ['status and rating', STATUS_AND_RATING],
    ],
    () => h,
    (row) => ({ status: row.status, ticket: row.ticket !== undefined }),
    async ({ row, view, last, h: harness }) => {
      if (row.ticket !== undefined && view !== null) {
        const { department, decidedBy, phone, requester, ...fields } = row.ticket;
        for (const [field, value] of Object.entries(fields)) {
          assert.deepEqual(view.ticket[field as keyof Ticket], value, field);
        }
        if (department !== undefined) assert.equal(view.ticket.firstContactDepartment, department);
        if (decidedBy !== undefined) {
          assert.equal(view.ticket.classification.decidedBy, decidedBy);
        }
        if (phone !== undefined) assert.equal(view.ticket.requester.phone ?? null, phone);
        for (const [field, value] of Object.entries(requester ?? {})) {
          assert.deepEqual(view.ticket.requester[field as keyof Ticket['requester']], value, field);
        }
      }
      const waiting = await harness.handoff.waiting(10);
      assert.deepEqual(
        waiting.map((w) => w.request.reason),
        row.queued === undefined ? [] : [row.queued],
        'who waits for duty staff',
      );
      if (row.shows !== undefined) assert.deepEqual(optionsShown(last), row.shows);
    },
  );
});
