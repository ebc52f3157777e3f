import type { Category } from './types';

/**
 * A request without content: "投诉", "我想反映个问题", "咨询一下", "I want to complain". The person
 * has said what kind of request it is (the hint), not what it is about, so nothing here can name
 * a department. Read as: the message is made only of filler words and request words.
 */
export interface Opening {
  /** The kind of request announced ("投诉" -> complaint), or null for "我有个问题". */
  hint: Category | null;
}

/** Request words; matched longest first, so "问题" is not read as "问". */
const ZH_WORDS: [string, Category | null][] = (
  [
    ['投诉', 'complaint'],
    ['举报', 'report'],
    ['反映', 'report'],
    ['报告', 'report'],
    ['咨询', 'consult'],
    ['请教', 'consult'],
    ['打听', 'consult'],
    ['问问', 'consult'],
    ['问', 'consult'],
    ['求助', 'help'],
    ['帮忙', 'help'],
    ['建议', 'suggestion'],
    ['意见', 'suggestion'],
    ['表扬', 'praise'],
    ['感谢', 'praise'],
    ['问题', null],
    ['事情', null],
    ['情况', null],
    ['事', null],
  ] satisfies [string, Category | null][]
).sort((a, b) => b[0].length - a[0].length);

/** Words around a request word that add nothing to it. */
const ZH_FILLER = [
  '你好',
  '您好',
  '请问',
  '麻烦',
  '那个',
  '我们',
  '本人',
  '想要',
  '需要',
  '希望',
  '一个',
  '一件',
  '一下',
  '可以吗',
  '行吗',
  '好吗',
  '我',
  '俺',
  '要',
  '想',
  '来',
  '有',
  '个',
  '件',
  '点',
  '些',
  '下',
  '提',
  '吗',
  '啊',
  '呀',
  '吧',
  '的',
  '了',
  '呢',
  '嗯',
  '喂',
];

const EN_WORDS: Record<string, Category | null> = {
  complain: 'complaint',
  complaint: 'complaint',
  report: 'report',
  question: 'consult',
  questions: 'consult',
  query: 'consult',
  enquiry: 'consult',
  inquiry: 'consult',
  ask: 'consult',
  help: 'help',
  suggestion: 'suggestion',
  suggest: 'suggestion',
  praise: 'praise',
  compliment: 'praise',
  problem: null,
  issue: null,
  matter: null,
};

const EN_FILLER = new Set(
  (
    'hi hello hey please i we id ive im would like want wanna need have got to make file ' +
    'lodge raise submit a an some something one quick small there is theres can could may me ' +
    'you about thing just so well ok um er'
  ).split(' '),
);

export function requestOpening(text: string): Opening | null {
  const t = text.normalize('NFKC').toLowerCase().trim();
  if (t === '' || t.length > 40) return null;
  return /[\u3400-\u9fff]/u.test(t) ? chineseOpening(t) : englishOpening(t);
}

function chineseOpening(text: string): Opening | null {
  let rest = text.replace(/[\s\p{P}\p{S}]+/gu, '');
  const found: (Category | null)[] = [];
  for (const [word, hint] of ZH_WORDS) {
    if (rest.includes(word)) {
      found.push(hint);
      rest = rest.split(word).join('');
    }
  }
  for (const word of ZH_FILLER) rest = rest.split(word).join('');
  return found.length > 0 && rest === '' ? { hint: firstHint(found) } : null;
}

function englishOpening(text: string): Opening | null {
  const words = text
    .replace(/['’]/g, '')
    .split(/[^a-z]+/)
    .filter((w) => w !== '');
  const found: (Category | null)[] = [];
  for (const word of words) {
    if (word in EN_WORDS) found.push(EN_WORDS[word] ?? null);
    else if (!EN_FILLER.has(word)) return null;
  }
  return found.length > 0 ? { hint: firstHint(found) } : null;
}

function firstHint(found: (Category | null)[]): Category | null {
  return found.find((h) => h !== null) ?? null;
}
