import { setBounded } from '../src/core/boundedMap';
import { messageLength } from '../src/nlu/language';
import { findTicketId } from '../src/tickets/ticketId';

/**
 * Matching a typed or tapped answer against a short list of options. botbuilder's ChoicePrompt
 * tokenises Chinese poorly, so answers are matched here: the option's label or one of its
 * synonyms, ignoring case, width, spaces and punctuation, or the option's number.
 */
export interface Option<T extends string> {
  value: T;
  label: string;
  synonyms?: string[];
}

/** A person @mentioned in Teams (`<at>李强</at>`): copied in, not part of what is answered. */
const MENTION = /<at>[^<]*<\/at>/giu;

export function normaliseAnswer(text: string): string {
  return text
    .replace(MENTION, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

export function matchOption<T extends string>(text: string, options: Option<T>[]): T | null {
  const answer = normaliseAnswer(text);
  if (answer === '') return null;
  if (/^\d{1,2}$/.test(answer)) return options[Number(answer) - 1]?.value ?? null;
  for (const o of options) {
    if (normalisedName(o.label) === answer || normalisedName(o.value) === answer) return o.value;
    if (o.synonyms?.some((s) => normalisedName(s) === answer)) return o.value;
  }
  return null;
}

/**
 * Option names come from the dialogs (labels, values, synonyms: a few hundred), so each is
 * normalised once, not on every answer; bounded all the same, in case a label carries data.
 */
const NORMALISED_NAMES = new Map<string, string>();

function normalisedName(name: string): string {
  let normalised = NORMALISED_NAMES.get(name);
  if (normalised === undefined) {
    normalised = normaliseAnswer(name);
    setBounded(NORMALISED_NAMES, name, normalised, 5000);
  }
  return normalised;
}

const SKIP = [
  '跳过',
  '略过',
  '不用',
  '不需要',
  '不方便',
  '没有',
  '无',
  'skip',
  'no',
  'none',
  'pass',
  // Not knowing is an answer too: the question is left open for staff to settle.
  '不知道',
  '不清楚',
  '不确定',
  '不记得',
  '记不清',
  '忘了',
  '说不清',
  'not sure',
  "i'm not sure",
  'im not sure',
  "don't know",
  "i don't know",
  'dont know',
  'no idea',
  'unsure',
].map(normaliseAnswer);

/** Particles that soften an answer without changing it: "不知道啊", "跳过吧". */
const TRAILING_PARTICLES = /(?:啊|呀|吧|哦|噢|呢|哈|嘛|了|耶)+$/u;

/** Not knowing, said in a sentence: "不记得在哪了", "我也不清楚具体位置", "忘了是哪个区". */
const NOT_KNOWING =
  /^(?:我)?(?:也|真|实在)?(?:不记得|记不清|记不得|忘了|不知道|不清楚|不确定|说不清)(?:了)?(?:在哪(?:里|儿)?|是哪(?:个区|里|儿)?|具体(?:在哪|位置|地址|地点)?|位置|地址)?(?:了)?$/u;

export function isSkip(text: string): boolean {
  const answer = normaliseAnswer(text);
  const bare = answer.replace(TRAILING_PARTICLES, '');
  return SKIP.includes(answer) || SKIP.includes(bare) || NOT_KNOWING.test(bare);
}

/**
 * Declining to leave something, in words: "我不想留电话，怕被骚扰", "不方便给", "I'd rather not
 * give my number".
 */
const DECLINES_ZH =
  /不想(?:留|给|说)|不(?:方便)?(?:留|给)|怕(?:被)?骚扰|别(?:给我)?打电话|不要(?:给我)?打电话|不需要回电/u;
const DECLINES_EN = /\b(?:rather not|prefer not|don'?t want to (?:give|leave|share)|no phone)\b/i;

export function declinesInWords(text: string): boolean {
  return text.trim().length <= 40 && (DECLINES_ZH.test(text) || DECLINES_EN.test(text));
}

const YES = [
  '可以',
  '可以的',
  '可以提交',
  '没问题',
  '没有问题',
  '没毛病',
  '提交',
  '确认',
  '确认提交',
  '确定',
  '好',
  '好的',
  '好滴',
  '行',
  '对',
  '对的',
  '是',
  '是的',
  '没错',
  '正确',
  '同意',
  '嗯',
  '嗯嗯',
  '就这样',
  'ok',
  'okay',
  'yes',
  'yep',
  'yeah',
  'sure',
  'confirm',
  'submit',
  'submit it',
  'correct',
  'right',
  "that's right",
  'looks good',
  'looks right',
  'all good',
  'fine',
  'go ahead',
  'yes please',
].map(normaliseAnswer);

const NO = [
  '不对',
  '不太对',
  '不是',
  '不正确',
  '不可以',
  '不行',
  '错了',
  '有误',
  '有错',
  '改一下',
  '修改',
  '要改',
  '改',
  '我要改',
  '换一个',
  'no',
  'nope',
  'wrong',
  'not right',
  "that's wrong",
  'incorrect',
  'change',
  'change it',
  'edit',
].map(normaliseAnswer);

/** Words that lead into an answer without changing it: "那就提交吧". */
const LEADING_FILLER = /^(?:那就|那|就|嗯)(?=.)/u;

/**
 * A natural yes or no, in either language: "可以", "没问题，提交吧", "looks good" / "不对，改一下",
 * "wrong". Every clause must say the same thing; "好的，不对" is neither.
 */
export function yesNo(text: string): 'yes' | 'no' | null {
  const clauses = text
    .normalize('NFKC')
    .split(/[\p{P}\p{S}]+/u)
    .map(normaliseAnswer)
    .filter((c) => c !== '');
  if (clauses.length === 0) return null;
  const answers = new Set(clauses.map(clauseAnswer));
  const [only] = answers;
  return answers.size === 1 && only !== undefined ? only : null;
}

function clauseAnswer(clause: string): 'yes' | 'no' | null {
  const bare = clause.replace(LEADING_FILLER, '');
  const forms = [clause, bare, bare.replace(TRAILING_PARTICLES, '')];
  if (forms.some((f) => YES.includes(f))) return 'yes';
  if (forms.some((f) => NO.includes(f))) return 'no';
  return null;
}

/**
 * Commands that work at any point of any dialog, as people type them. Exact phrases only: in
 * the middle of a form, short answers ("确认提交", "市民") must never be taken for a command.
 */
const COMMANDS: Record<Command, readonly string[]> = {
  help: ['help', '帮助', '怎么用', '使用说明', '菜单', 'menu', '你能做什么', 'what can you do'],
  cancel: [
    'cancel',
    '取消',
    '算了',
    '不办了',
    '不用了',
    'stop',
    'quit',
    '退出',
    'never mind',
    '结束',
  ],
  human: [
    'agent',
    'human',
    '人工',
    '转人工',
    '人工客服',
    '人工服务',
    '找人工',
    '要人工',
    '我要人工',
    '转人工服务',
    '我要找人工',
    '找人工客服',
    '我要转人工',
    '真人',
    '找真人',
    '客服',
    'operator',
    'talk to a person',
    'talk to a human',
    'speak to a person',
    'real person',
    'human please',
    'agent please',
  ],
  // What the help text promises works "随时": a person's own tickets, mid-form too.
  status: [
    '我的工单',
    '查询工单',
    '查看工单',
    '查工单',
    '工单进度',
    '查询进度',
    '我的诉求',
    'my tickets',
    'my ticket',
    'check my tickets',
    'ticket status',
  ],
  // 催办: pressing for a ticket already filed. Whole messages only: "物业怎么还没处理漏水" is a request.
  urge: [
    '催办',
    '我要催办',
    '催办工单',
    '催促',
    '催一下',
    '催一下吧',
    '催下',
    '催催',
    '催一催',
    '帮我催一下',
    '帮我催催',
    '帮我催办',
    '帮忙催一下',
    '麻烦催一下',
    '请催一下',
    '怎么还没处理',
    '怎么还没人处理',
    '怎么还没人管',
    '还没处理吗',
    '还没人处理吗',
    '还没处理',
    '什么时候处理',
    '什么时候能处理',
    '什么时候能处理好',
    '怎么还没回复',
    '怎么还没答复',
    '还没回复吗',
    '能快点吗',
    '能不能快点',
    '快点处理',
    '请尽快处理',
    '等了好久了',
    'urge',
    'hurry',
    'hurry up',
    'please hurry',
    'any update',
    'any updates',
    'any news',
    'chase it up',
    'please chase it up',
    'still waiting',
    "i'm still waiting",
    'im still waiting',
    'speed it up',
    'why is it taking so long',
  ],
};

export type Command = 'help' | 'cancel' | 'human' | 'status' | 'urge';
const COMMAND_ORDER: readonly Command[] = ['help', 'cancel', 'human', 'status', 'urge'];
/** Each command's phrases, normalised once, in the order they are tried. */
const COMMAND_NAMES: readonly (readonly [Command, ReadonlySet<string>])[] = COMMAND_ORDER.map(
  (command) => [command, new Set(COMMANDS[command].map(normaliseAnswer))] as const,
);

/**
 * A request that also asks for a person ("…能不能找个人工帮我看看", "…can I speak to a real
 * person?"): a verb of asking before 人工 / 真人, so "移动的人工客服态度差" (a complaint about a
 * company's service line) and "人工湖" are not.
 */
/**
 * A call asked for, not one someone else promised ("物业说给我回电话", "the landlord will call
 * me"): "麻烦给我回个电话", "能不能打电话给我", "can someone call me", "please call me back".
 */
const CALL_ASKS = [
  /(?:^|[，,。！!？?\s])(?:能不能|能否|可以|可不可以|麻烦|请|你们)(?:你们)?(?:派人|找人|让人)?(?:给我|帮我)?(?:回个?电话|回电|打个?电话)(?:给我)?(?:吗|吧|呢|好吗|行吗)?[?？。.!！\s]*$/u,
  /\b(?:can|could|would|will)\s+(?:you|someone|somebody|a person|an agent|staff|an officer)\s+(?:please\s+)?(?:call|phone|ring)\s+me\b/i,
  /\b(?:have|get)\s+(?:someone|somebody|a person|an agent|staff|an officer)\s+(?:to\s+)?(?:call|phone|ring)\s+me\b/i,
  /^(?:please\s+)?(?:call|phone|ring)\s+me(?:\s+back)?(?:\s+please)?[.!?\s]*$/i,
  /\bi(?:'d| would)\s+(?:like|prefer)\s+(?:a\s+(?:phone\s+)?call(?:\s*-?\s*back)?|someone\s+to\s+call\s+me)\b/i,
];

/**
 * The person's number given beside an ask ("…回个电话，我的手机是13900001111", "请回电 0532-88886666",
 * "call me back on 139…"), with its lead-in words and the comma before it: what is left is the
 * ask alone. A lead-in such as 电话 counts only after a pause or 我的, so the 电话 of "回个电话"
 * stays the ask's.
 */
const PHONE_GIVEN =
  /[，,;；:：。！!？?\s]*(?:(?:(?:我|本人)的?|(?<=^|[，,;；。！!？?\s]))(?:手机号码|手机号|手机|电话号码|电话|号码|联系电话|联系方式)(?:是|为)?[:：]?|\b(?:my\s+(?:(?:phone|mobile|cell)\s+)?(?:number\s+)?is|on|at)\b)?\s*(?:\+?86[\s-]?)?(?:1[3-9]\d(?:[\s-]?\d){8}|0\d{2,3}[\s-]?\d{7,8})(?!\d)/giu;

/** The message without a phone number the person gave beside what they asked. */
function withoutPhone(text: string): string {
  return text.normalize('NFKC').replace(PHONE_GIVEN, '');
}

/** At the phone question, "麻烦给我回电话" asks for the call the number is for: not for staff. */
export function asksForCall(text: string): boolean {
  const asks = withoutPhone(text);
  return CALL_ASKS.some((re) => re.test(text) || re.test(asks));
}

const ASKS_FOR_PERSON = [
  /(?:转|找|要|接|请|叫)(?:个|一个|一下|一位)?(?:人工|真人)(?!湖|智能|费|成本|草坪|降雨|呼吸|授精|流产|晶体|耳蜗|关节)/u,
  /转接(?:到)?(?:人工|值班)/u,
  // "我找个人跟我说行吗", "你们叫个工作人员给我打电话", "能不能找个人帮我": the person asking, not
  // someone they tell of ("物业说会找个人帮我修").
  /(?:^|[，,。！!？?\s]|我|你们?|能不能|能否|可以|可不可以|麻烦|帮我)(?:给我)?(?:找|叫|请|让|换)(?:个|一个|一位|你们的?)?(?:人|工作人员|客服|接线员|话务员|值班人员)(?:来)?(?:跟|和|同|给|帮)我/u,
  // "我要跟人说", "能不能和工作人员说话".
  /(?:我(?:要|想)|能不能|能否|可以|可不可以)(?:直接)?(?:跟|和|同)(?:人|真人|工作人员|客服|接线员|话务员)(?:说|讲|聊|谈|通话)(?!了|过)/u,
  /\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+|an\s+|some\s+)?(?:real\s+|live\s+|actual\s+)?(?:person|human|agent|operator|someone)\b/i,
  /\b(?:connect|transfer|put)\s+me\s+(?:to|through\s+to|with)\s+(?:a\s+|an\s+)?(?:real\s+|live\s+)?(?:person|human|agent|operator)\b/i,
  /\b(?:real|live)\s+(?:person|human|agent)\b/i,
  ...CALL_ASKS,
];

/**
 * Taking the request back in a few words ("算了 不反映了", "我不想说了 取消吧", "forget it, I changed
 * my mind"), read on the answer without spaces or punctuation. Not "不想说了" alone: at the phone
 * question that declines the phone, not the request.
 */
const CANCELS_IN_WORDS = [
  /^(?:算了|那算了|好吧|唉|哎|我|不想说了|不说了)*(?:这个|这件事?|这事儿?|这条)?(?:(?:我)?(?:不想|先不|不)(?:反映|投诉|举报|办|弄|登记|问)了|不要了|不用办了|取消(?:了|掉)?(?:这个|这件|这条)?(?:诉求|事|反映)?)(?:吧|啊|了)*$/u,
  /^算了(?:吧|啊)+$/u,
  /^(?:forgetit|nevermind|ichangedmymind|cancelit|cancelthat|cancelthis)+$/,
];

export function cancelsInWords(text: string): boolean {
  const answer = normaliseAnswer(text);
  return answer !== '' && CANCELS_IN_WORDS.some((re) => re.test(answer));
}

/**
 * Pressing for an answer inside a sentence ("快点给我弄", "怎么还没人管", "hurry them up"); an
 * urge only when the message names no matter of its own (MainDialog asks the model).
 */
const PRESSES = [
  /催(?:一下|一催|促|办|催)|快点|快一点|尽快|赶紧|抓紧|怎么还没|还没(?:人)?(?:管|处理|修|来|回复|答复|动静)|等了(?:好|很)?(?:久|几天|多久)/u,
  /\b(?:hurry|speed (?:it|things|them) up|chase|any (?:update|news|progress)|still waiting|taking so long|how much longer)\b/i,
];

export function pressesForAnswer(text: string): boolean {
  return PRESSES.some((re) => re.test(text));
}

/** Whether a message, whatever else it says, asks to be put through to a person. */
export function asksForPerson(text: string): boolean {
  const asks = withoutPhone(text);
  return (
    matchCommand(text) === 'human' ||
    (asks !== text && matchCommand(asks) === 'human') ||
    ASKS_FOR_PERSON.some((re) => re.test(text) || (asks !== text && re.test(asks)))
  );
}

/**
 * The ask and little else ("麻烦给我回个电话", "can I get someone to call me instead?"), a number
 * to call on aside: nothing of a matter to file. "小区停电一天了 转人工" has one.
 */
export function asksOnlyForPerson(text: string): boolean {
  const asks = withoutPhone(text);
  if (matchCommand(text) === 'human' || matchCommand(asks) === 'human') return true;
  const rest = ASKS_FOR_PERSON.reduce((left, re) => left.replace(re, ' '), asks);
  return rest !== asks && messageLength(rest) <= ASK_ONLY_REST;
}

/** What may stand beside the ask: "说行吗" (3), "can I … instead" (6); "小区停电一天了" is 7. */
const ASK_ONLY_REST = 6;

/** Besides the urge command's phrases, what may stand before or after a ticket number: "催 QD…". */
const URGE_WITH_NUMBER = new Set(
  ['催', '催单', 'chase', 'urge it', 'hurry it up'].map(normaliseAnswer),
);

/** "催办 QD20261128-000123", "urge QD…": the rest of a message once its ticket number is taken out. */
export function isUrgeOf(rest: string): boolean {
  return matchCommand(rest) === 'urge' || URGE_WITH_NUMBER.has(normaliseAnswer(rest));
}

/**
 * Asking whether a person or a program is answering ("你是机器人吗", "是真人吗", "are you a bot?",
 * "is this a real person?"): a question to answer, not a request for a person.
 */
const ASKS_IF_BOT = [
  /^(?:请问|那)?(?:你|您|这)?(?:是不是|是)(?:个|一个)?(?:机器人|真人|人工|ai|智能客服|自动回复|电脑)(?:吗|么|嘛|呢|啊|吧|还是(?:机器人|真人|人工|ai))?[?？。!！\s]*$/iu,
  /^(?:are|r)\s+(?:you|u)\s+(?:a\s+|an\s+)?(?:bot|robot|real person|human|machine|ai|person|real)\s*[?.!]*$/i,
  /^(?:is this|am i (?:talking|chatting|speaking) (?:to|with))\s+(?:a\s+|an\s+)?(?:bot|robot|real person|human|machine|ai|person)\s*[?.!]*$/i,
];

export function asksIfBot(text: string): boolean {
  return ASKS_IF_BOT.some((re) => re.test(text.trim()));
}

/**
 * Asking to add to a request already filed, and saying nothing yet of what ("我想补充一下刚才的
 * 问题", "补充说明", "I want to add something to my ticket"); a ticket number may go with it.
 */
const SUPPLEMENT_ZH =
  /^(?:我)?(?:还)?(?:想|要|需要|能|可以)?(?:再)?(?:补充|追加)(?:一下|几句|一点|一些|点|说明|材料)?(?:关于)?(?:刚才|之前|上次|前面|我)?(?:的|那个)?(?:问题|工单|诉求|情况|事情|事|反映的问题|反映的事)?(?:的)?(?:情况|说明|内容|信息)?(?:吗|可以吗|行吗)?$/u;
/** Read on the words only, punctuation as spaces: "I'd" is "i d". */
const SUPPLEMENT_EN =
  /^(?:(?:i(?: d| would)? (?:like|want|need) to|can i|could i|let me) )?(?:add|give you|provide) (?:some |a few |an? )?(?:more )?(?:details?|information|info|something)(?: (?:to|about|for|on) (?:my|the) (?:last )?(?:ticket|request|complaint|report))?$|^i have (?:some )?more (?:details?|information|info)$/;

/** "我的电话换了，新号码…", "my number has changed": a new number for what is already filed. */
const CHANGES_PHONE =
  /(?:电话|手机|号码|联系方式)(?:号码|号)?(?:换了|改了|变了|换成|改成|改为|更换|变更)|新(?:的)?(?:电话|手机号?|号码|联系方式)|\b(?:phone|number|mobile)\s+(?:has\s+|have\s+)?changed\b|\bnew\s+(?:phone\s+|mobile\s+)?number\b/iu;

export function changesPhone(text: string): boolean {
  return CHANGES_PHONE.test(text);
}

/** "补充一下，漏水越来越严重了": the ask and what to add, in one message. */
const SUPPLEMENT_WITH_DETAILS =
  /^(?:我)?(?:还)?(?:想|要)?(?:再)?(?:补充|追加)(?:一下|说明|一点|几句)?\s*[，,：:]\s*(\S[\s\S]*)$/u;

/** What a message adds to a filed request after "补充一下，…"; null when it is no such message. */
export function supplementDetails(text: string): string | null {
  return SUPPLEMENT_WITH_DETAILS.exec(text.trim())?.[1]?.trim() ?? null;
}

export function asksToSupplement(text: string, ticketPrefix: string): boolean {
  const id = findTicketId(text, ticketPrefix);
  const plain = text.normalize('NFKC').toUpperCase();
  const words = (id === null ? plain : plain.replace(id, ' '))
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, ' ')
    .trim();
  if (words === '') return false;
  return SUPPLEMENT_ZH.test(words.replace(/\s+/gu, '')) || SUPPLEMENT_EN.test(words);
}

/** A goodbye and nothing else: "再见", "好的，拜拜", "thanks, bye". */
const GOODBYES = new Set(
  [
    '再见',
    '拜拜',
    '拜',
    '886',
    '88',
    '再会',
    '回见',
    '好的再见',
    '好再见',
    '谢谢再见',
    '谢谢拜拜',
    '好的拜拜',
    '那再见',
    '那就这样吧',
    '就这样吧',
    'bye',
    'byebye',
    'goodbye',
    'good bye',
    'see you',
    'ok bye',
    'okay bye',
    'thanks bye',
    'thank you bye',
    'thank you goodbye',
  ].map(normaliseAnswer),
);

export function saysGoodbye(text: string): boolean {
  return GOODBYES.has(normaliseAnswer(text));
}

/** Thanks and nothing else: "谢谢啊", "多谢了", "thank you". */
const THANKS = new Set(
  [
    '谢谢',
    '谢谢你',
    '谢谢您',
    '多谢',
    '感谢',
    '好的谢谢',
    '好谢谢',
    '行谢谢',
    '麻烦了',
    '辛苦了',
    'thanks',
    'thank you',
    'thanks a lot',
    'ok thanks',
    'okay thanks',
    'thx',
  ].map(normaliseAnswer),
);

/** "谢谢啊", "好的 拜拜": a thanks or a goodbye, with nothing to answer a question with. */
export function thanksOrGoodbye(text: string): boolean {
  const answer = normaliseAnswer(text);
  const bare = answer.replace(TRAILING_PARTICLES, '');
  return saysGoodbye(text) || GOODBYES.has(bare) || THANKS.has(answer) || THANKS.has(bare);
}

export function matchCommand(text: string): Command | null {
  const answer = normaliseAnswer(text);
  if (answer === '') return /[?？]/.test(text) ? 'help' : null;
  return COMMAND_NAMES.find(([, phrases]) => phrases.has(answer))?.[0] ?? null;
}
