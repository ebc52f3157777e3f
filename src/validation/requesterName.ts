/**
 * How a person asks to be addressed (怎么称呼您): a surname with or without 先生/女士, a full
 * name, "Mr Wang". Read from the answer to that one question only, never guessed from a
 * description: the ticket carries a name the person gave or none.
 */

export type NameAnswer =
  | { kind: 'name'; value: string }
  /** "不方便", "匿名", "rather not": no name, and not asked again. */
  | { kind: 'declined' }
  /** Not a name (a sentence, digits, an answer to another question): asked again. */
  | { kind: 'unreadable' };

/** What a Chinese answer says around the name: a form of address before or after it. */
const HAN_NAME =
  /^(?:小|老|阿)?[\p{Script=Han}·]{1,4}(?:先生|女士|小姐|老师|阿姨|叔叔|大爷|大妈|大娘|大姐|大哥|师傅|同学|经理|老板|奶奶|爷爷|总)?$/u;
/** Characters of sentences, not of names: "路灯不亮" is no name. */
const NOT_IN_NAMES = /[的了不没是在吗呢吧么这那个们还很太都就要会说想能坏修]/u;
const LATIN_NAME = /^[A-Za-z][A-Za-z .'-]{0,39}$/;
/** Words of English sentences, never of a name: "please call me Mr Brown" is more than one. */
const NOT_IN_LATIN_NAMES = new Set(
  (
    'a an the i me my you your we our is are am was be it its this that to of in on at for ' +
    'and or but not no yes please call can could would will just thanks thank hello hi want ' +
    'need name phone number street road light broken'
  ).split(' '),
);

function latinName(name: string): boolean {
  const words = name
    .toLowerCase()
    .split(/[\s.]+/u)
    .filter((w) => w !== '');
  return (
    LATIN_NAME.test(name) && words.length <= 4 && words.every((w) => !NOT_IN_LATIN_NAMES.has(w))
  );
}

/** Saying no to the question, in words: "不方便透露", "还是匿名吧", "I'd rather not say". */
const DECLINES_ZH = /不方便|不想|不愿|匿名|保密|不留|不告诉|不用|不需要|不必/u;
const DECLINES_EN = /\b(?:rather not|prefer not|anonymous|no name|don'?t want to)\b/i;
const DECLINES = ['无', '没有', '算了', '免了', '跳过', 'skip', 'no', 'none', 'pass', 'no thanks'];

/** Words around the name: "我姓王", "免贵姓李", "叫我小张就行", "call me John", "I'm Li Wei". */
const LEAD_ZH =
  /^(?:(?:你|您)?(?:可以)?(?:叫我|称呼我|喊我)|(?:我|本人)?(?:免贵)?姓|我叫|我是|我的名字是|名字是|姓名是?|称呼是?)[:：]?/u;
const LEAD_EN =
  /^(?:please\s+)?(?:(?:you can |just )?call me|i'?m|i am|my name is|my name's|name is|name's|it'?s|this is)\s+/i;
const TAIL = /(?:就行了?|就可以了?|就好了?|即可|吧|啦|哈|呀|啊|哦|呢)+$/u;
/** What answers another question or says nothing: never kept as a name. */
const NOT_NAMES = new Set(
  [
    '好',
    '好的',
    '谢谢',
    '多谢',
    '感谢',
    '麻烦了',
    '辛苦了',
    '拜托了',
    '可以',
    '是',
    '是的',
    '对',
    '嗯',
    '行',
    '不知道',
    '你好',
    '您好',
    '市民',
    '企业',
    '个人',
    '居民',
    '先生',
    '女士',
    // The bot's own buttons and commands, typed a question early.
    '确认提交',
    '确认',
    '提交',
    '确定',
    '没问题',
    '修改',
    '查询',
    '催办',
    '评价',
    '满意',
    '不满意',
    '人工',
    '转人工',
    '帮助',
    'confirm',
    'submit',
    'agent',
    'help',
    'human',
    'yes',
    'ok',
    'okay',
    'sure',
    'hello',
    'hi',
    'citizen',
    'resident',
    'enterprise',
    'company',
  ].map(bare),
);

/**
 * The answer, in clauses: "我姓刘，刘女士" and "张三，就是我" give a name; a long clause beside one
 * ("王先生，我们楼下的路灯也坏了") is more than a name, and asked again.
 */
export function readName(text: string): NameAnswer {
  const whole = readClause(text);
  if (whole.kind !== 'unreadable') return whole;
  const clauses = text.split(/[，,、;；]+/u).filter((c) => c.trim() !== '');
  if (clauses.length < 2) return whole;
  const read = clauses.map(readClause);
  const names = read.flatMap((r) => (r.kind === 'name' ? [r.value] : []));
  const others = clauses.filter((_c, i) => read[i]?.kind !== 'name');
  const fillers = others.every((c) => c.trim().length <= 4 && !/\d/u.test(c));
  const last = names.at(-1);
  return last !== undefined && fillers ? { kind: 'name', value: last } : whole;
}

function readClause(text: string): NameAnswer {
  const said = text
    .normalize('NFKC')
    .trim()
    .replace(/[\s.。!！,，~～]+$/u, '');
  if (DECLINES.includes(bare(said)) || DECLINES_ZH.test(said) || DECLINES_EN.test(said)) {
    return { kind: 'declined' };
  }
  const name = said.replace(LEAD_ZH, '').replace(LEAD_EN, '').replace(TAIL, '').trim();
  if (name === '' || NOT_NAMES.has(bare(name))) return { kind: 'unreadable' };
  const han = HAN_NAME.test(name) && !NOT_IN_NAMES.test(name);
  if (han || latinName(name)) return { kind: 'name', value: name };
  return { kind: 'unreadable' };
}

function bare(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}]+/gu, ' ')
    .trim();
}

/** A phone's label and the number itself: what is left beside them may be a name. */
const PHONE_WORDS =
  /(?:我的)?(?:联系)?(?:电话|手机号?|号码|联系方式)(?:号码)?(?:是|为)?[:：]?|\b(?:my )?(?:phone|mobile|number|tel)\b(?: is)?[:：]?|[+(]?\d[\d \-()]*\d/giu;
/** Only an unmistakable name is taken from beside a phone: a title, 姓…, or Mr/Ms. */
const MARKED_NAME = /(?:先生|女士|小姐|老师|阿姨|师傅)$|^(?:mr|mrs|ms|miss|dr)\.?\s/iu;
const SURNAME_LEAD = /^(?:我|本人)?(?:免贵)?姓/u;

/**
 * "13812345678 王先生", "电话13812345678，姓王": a name given with the phone, so it is not asked
 * for again; null unless the words beside the number are clearly one.
 */
export function nameBesidePhone(text: string): string | null {
  const rest = text.normalize('NFKC').replace(PHONE_WORDS, ' ');
  const clauses = rest.split(/[\s，,、;；。.!！]+/u).filter((c) => c !== '');
  if (clauses.length !== 1) return null;
  const [clause = ''] = clauses;
  const read = readName(clause);
  if (read.kind !== 'name') return null;
  return SURNAME_LEAD.test(clause) || MARKED_NAME.test(read.value) ? read.value : null;
}
