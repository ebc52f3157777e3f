/**
 * Mainland China phone numbers given for a call-back: mobiles, landlines with an area code, and
 * local 8-digit landlines that take the hotline city's area code.
 */

export const DEFAULT_AREA_CODE = '0532';

export type PhoneKind = 'mobile' | 'landline';

export interface PhoneNumber {
  kind: PhoneKind;
  value: string;
}

export type PhoneResult = ({ ok: true } & PhoneNumber) | { ok: false; code: 'PHONE_INVALID' };

/** 010 and 02x are three-digit area codes; every other one has four digits. */
const AREA_DIGITS = '(?:10|2\\d|[3-9]\\d{2})';
const AREA_CODE = new RegExp(`^0${AREA_DIGITS}$`);
const COUNTRY = '(?:\\+86|0086|86)';
const MOBILE = new RegExp(`^${COUNTRY}?(1[3-9]\\d{9})$`);
const LANDLINE = new RegExp(`^(?:${COUNTRY}|0)(${AREA_DIGITS})([1-9]\\d{6,7})$`);
/** Without an area code only a plain 8-digit number counts, so dates and amounts do not. */
const LOCAL = /^[2-9]\d{3}[ -]?\d{4}$/;
const EXTENSION = /^(.*?)\s*(?:转|分机|ext\.?|x|#)\s*(\d{1,6})$/i;
const DASH_EXTENSION = /^(.*\d)\s*-\s*(\d{1,6})$/;
const DASHES = /[‐‑‒–—―−]/gu;
const UNITS_AFTER_NUMBER = /^\s*[元块万亿年月日号米%]/u;

/**
 * Normalised values look like '13812345678', '0532-88888888' or '010-12345678-123' (extension).
 * Throws when `defaultAreaCode` itself is not an area code, since that is a configuration error.
 */
export function parsePhone(
  input: string,
  defaultAreaCode: string = DEFAULT_AREA_CODE,
): PhoneResult {
  assertAreaCode(defaultAreaCode);
  const text = input.normalize('NFKC').replace(DASHES, '-').trim();
  const explicit = EXTENSION.exec(text);
  const found = explicit
    ? withExtension(explicit[1] ?? '', explicit[2] ?? '', defaultAreaCode)
    : (parseNumber(text, defaultAreaCode) ?? dashExtension(text, defaultAreaCode));
  return found ? { ok: true, ...found } : { ok: false, code: 'PHONE_INVALID' };
}

/**
 * What people type when asked for a phone: "电话是13912345678", "我的手机 139-1234-5678",
 * "手机号：13912345678", "my number is 139…". The label before the number is dropped; what is
 * left must be one whole number, so an answer with other words in it is still not a phone.
 */
const PHONE_LABELS = [
  /^(?:我的|我|本人)?(?:联系)?(?:电话|手机|座机|固话)(?:号码|号)?(?:是|为)?[:：]?/u,
  /^(?:联系方式|号码)(?:是|为)?[:：]?/u,
  /^(?:my\s+)?(?:phone|mobile|cell|telephone|tel|contact)(?:\s+(?:number|no\.?))?\s*(?:is\b|:)?/i,
  /^(?:my\s+)?number\s*(?:is\b|:)/i,
  /^call me (?:on|at)\b/i,
];

/**
 * The number first, then words without a digit that say when or whom to call: "13912345678，白天打",
 * "13912345678谢谢", "0532-88886666 找老张".
 */
const NUMBER_THEN_WORDS = /^([+(]?\d[\d ()-]*\d(?:\s*(?:转|分机|ext\.?|x|#)\s*\d{1,6})?)\D*$/iu;

/** Digits read out in Chinese ("一三九…", 幺 for one): a whole answer of them is a number. */
const CHINESE_DIGITS: Readonly<Record<string, string>> = {
  〇: '0',
  零: '0',
  幺: '1',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};
const SPOKEN_NUMBER =
  /[〇零幺一二三四五六七八九][〇零幺一二三四五六七八九\s-]{6,}[〇零幺一二三四五六七八九]/gu;
/** Dots between groups of digits: "139.1234.5678". */
const DOTTED_GROUPS = /(?<=\d)\.(?=\d)/g;

export function parsePhoneAnswer(
  input: string,
  defaultAreaCode: string = DEFAULT_AREA_CODE,
): PhoneResult {
  const text = input
    .normalize('NFKC')
    .trim()
    .replace(SPOKEN_NUMBER, (spoken) => spoken.replace(/\S/gu, (ch) => CHINESE_DIGITS[ch] ?? ch))
    .replace(DOTTED_GROUPS, ' ');
  const label = PHONE_LABELS.find((re) => re.test(text));
  const number = (label ? text.replace(label, '') : text).replace(/[。.!！]+$/u, '').trim();
  const whole = parsePhone(number, defaultAreaCode);
  if (whole.ok) return whole;
  const leading = NUMBER_THEN_WORDS.exec(number)?.[1];
  return leading === undefined ? whole : parsePhone(leading, defaultAreaCode);
}

/** Keeps the first three digits of a mobile and the last four of any number. */
export function maskPhone(value: string): string {
  const mobile = /^(1\d{2})\d{4}(\d{4})$/.exec(value);
  if (mobile) return `${mobile[1]}****${mobile[2]}`;
  const landline = /^(0\d{2,3})-(\d{7,8})(-\d{1,6})?$/.exec(value);
  if (landline) {
    const subscriber = landline[2] ?? '';
    return `${landline[1]}-${'*'.repeat(subscriber.length - 4)}${subscriber.slice(-4)}${landline[3] ?? ''}`;
  }
  const digits = [...value].filter((ch) => /\d/.test(ch)).length;
  let seen = 0;
  return value.replace(/\d/g, (d) => (++seen > digits - 4 ? d : '*'));
}

/** The first phone number in free text, or null. */
export function findPhone(
  text: string,
  defaultAreaCode: string = DEFAULT_AREA_CODE,
): PhoneNumber | null {
  assertAreaCode(defaultAreaCode);
  const normalised = text.normalize('NFKC').replace(DASHES, '-');
  const candidates =
    /(?<![\dA-Za-z+])[+(]?\d[\d \-()]*\d(?:\s*(?:转|分机|ext\.?|x|#)\s*\d{1,6})?(?![\dA-Za-z])/gi;
  for (const match of normalised.matchAll(candidates)) {
    const after = normalised.slice(match.index + match[0].length);
    const found = bestSpan(match[0], defaultAreaCode, !UNITS_AFTER_NUMBER.test(after));
    if (found) return found;
  }
  return null;
}

/**
 * A candidate may run two numbers together ("13812345678 0532-88888888"), so try the spans that
 * start and end at its separators: earliest first, then longest.
 */
function bestSpan(candidate: string, areaCode: string, wholeAllowed: boolean): PhoneNumber | null {
  const starts = [0, ...indicesAfter(candidate, /[ -]/)];
  const ends = [...indicesBefore(candidate, /[ -]/), candidate.length];
  for (const start of starts) {
    for (const end of ends.filter((e) => e > start).reverse()) {
      if (!wholeAllowed && end === candidate.length) continue;
      const result = parsePhone(candidate.slice(start, end), areaCode);
      if (result.ok) return { kind: result.kind, value: result.value };
    }
  }
  return null;
}

function indicesAfter(s: string, separator: RegExp): number[] {
  return [...s].flatMap((ch, i) =>
    i > 0 && separator.test(s.charAt(i - 1)) && !separator.test(ch) ? [i] : [],
  );
}

function indicesBefore(s: string, separator: RegExp): number[] {
  return [...s].flatMap((ch, i) =>
    i > 0 && separator.test(ch) && !separator.test(s.charAt(i - 1)) ? [i] : [],
  );
}

function assertAreaCode(areaCode: string): void {
  if (!AREA_CODE.test(areaCode)) {
    throw new RangeError('defaultAreaCode must be a mainland area code such as 0532');
  }
}

function withExtension(main: string, extension: string, areaCode: string): PhoneNumber | null {
  const number = parseNumber(main, areaCode);
  if (number?.kind !== 'landline') return null;
  return { kind: 'landline', value: `${number.value}-${extension}` };
}

/** '010-12345678-123': a trailing dash group is an extension only if what precedes is a number. */
function dashExtension(text: string, areaCode: string): PhoneNumber | null {
  const match = DASH_EXTENSION.exec(text);
  return match ? withExtension(match[1] ?? '', match[2] ?? '', areaCode) : null;
}

function parseNumber(input: string, areaCode: string): PhoneNumber | null {
  // Brackets may only enclose a leading area code ('(0532)88888888') or, after a country code,
  // the first group: '+86 (139) 1234 5678'.
  const text = input.replace(/^((?:\+?86|0086)[ -]*)?\(([^()]*)\)/, '$1$2 ');
  if (!/^\+?[\d -]+$/.test(text)) return null;
  if (LOCAL.test(text))
    return { kind: 'landline', value: `${areaCode}-${text.replace(/\D/g, '')}` };
  const compact = text.replace(/[ -]/g, '');
  const mobile = MOBILE.exec(compact);
  if (mobile) return { kind: 'mobile', value: mobile[1] ?? '' };
  const landline = LANDLINE.exec(compact);
  if (landline) return { kind: 'landline', value: `0${landline[1]}-${landline[2]}` };
  return null;
}

/**
 * The writer's own number given in a request ("我电话13812345678", "联系方式：0532-88888888",
 * "call me on 138…"), or null. A number without such words may be anyone's (a seller's, a
 * company's), so it is not taken for the requester's.
 */
export function ownPhoneIn(
  text: string,
  defaultAreaCode: string = DEFAULT_AREA_CODE,
): PhoneNumber | null {
  const own =
    /(?:(?:我|本人)(?:的)?(?:电话|手机|手机号|号码|联系方式)(?:号码)?|联系(?:电话|方式)|回电|\b(?:call|reach|text) me\b|\bmy (?:phone|mobile|cell|number)\b)[^\d(+]{0,12}/giu;
  const normalised = text.normalize('NFKC');
  for (const match of normalised.matchAll(own)) {
    const after = normalised.slice(match.index + match[0].length);
    const found = findPhone(after.slice(0, 30), defaultAreaCode);
    if (found !== null) return found;
  }
  return null;
}
