import { toSimplified } from './t2s';

/**
 * Numbers are noise for routing but their kind is not ("200块" says money, "13912345678" says
 * a phone number), so each kind collapses to one private-use character. Being one character,
 * a placeholder takes part in the Chinese character n-grams like any other character.
 */
export const PLACEHOLDER = {
  phone: '\uE001',
  money: '\uE002',
  date: '\uE003',
  time: '\uE004',
  number: '\uE005',
  /** A place name, masked for the emergency model only (see EmergencyRules.maskPlaces). */
  place: '\uE006',
} as const;

const PLACEHOLDER_CHARS = new Set<string>(Object.values(PLACEHOLDER));

export function isPlaceholder(ch: string): boolean {
  return PLACEHOLDER_CHARS.has(ch);
}

/** Numbers people dial or quote as words: kept as they are because they carry meaning. */
const KEPT_NUMBERS = new Set(['110', '119', '120', '122', '12345', '12315', '12333', '95598']);

const CN_NUM = '[零〇一二两三四五六七八九十百千万几半]';
const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // Mobile numbers, landlines with an area code, ID and order numbers.
  [/(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g, PLACEHOLDER.phone],
  [/(?<!\d)0\d{2,3}-\d{7,8}(?!\d)/g, PLACEHOLDER.phone],
  [/(?<!\d)\d{4}\s?[年./-]\s?\d{1,2}\s?(?:[月./-]\s?\d{1,2}\s?[日号]?)?/g, PLACEHOLDER.date],
  [/(?<!\d)\d{1,2}\s?月\s?(?:\d{1,2}\s?[日号]|份)?/g, PLACEHOLDER.date],
  [/(?<![\d.])\d{1,2}\s?[日号](?![码楼线门院房床窗车位])/g, PLACEHOLDER.date],
  [/(?<!\d)\d{1,2}[:：]\d{2}(?:\s?[ap]\.?m\.?)?/g, PLACEHOLDER.time],
  [/(?<!\d)\d{1,2}\s?(?:[ap]\.?m\.?|o'clock)/g, PLACEHOLDER.time],
  [/(?<!\d)\d{1,2}\s?点(?:\s?\d{1,2}\s?分|半|钟)?/g, PLACEHOLDER.time],
  [
    /[¥$]\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:多)?\s?(?:万元|万块|块钱|元|块|毛|万|千|yuan|rmb|dollars?)/g,
    PLACEHOLDER.money,
  ],
  [new RegExp(`${CN_NUM}{1,6}(?:多)?(?:块钱|块|元|万元)`, 'g'), PLACEHOLDER.money],
];

/** Zero-width and soft-hyphen characters: pasted text carries them inside words ("救\u200b命"). */
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;

/**
 * Han characters typed one by one with a space between each ("救 命 啊 有 人 跳 河"), as some
 * older people and voice-input slips write: three or more single characters, each alone between
 * spaces. Chinese puts no spaces between words, so the run is closed up; spaces between phrases
 * ("着火了 快来人") are left alone.
 */
const SPACED_HAN =
  /(?<!\p{Script=Han})\p{Script=Han}(?:[ \t]\p{Script=Han}(?!\p{Script=Han})){2,}/gu;

/**
 * One canonical form for everything downstream (features and emergency rules): invisible
 * characters go; NFKC folds full-width letters, digits and punctuation; common traditional
 * characters become simplified; Han characters spaced one by one close up; numbers become
 * placeholders; whitespace collapses.
 */
export function normalize(text: string): string {
  let s = toSimplified(text.replace(INVISIBLE, '').normalize('NFKC').toLowerCase());
  s = s.replace(SPACED_HAN, (run) => run.replace(/[ \t]/g, ''));
  for (const [pattern, placeholder] of RULES) s = s.replace(pattern, placeholder);
  s = s.replace(/\d+(?:[.,]\d+)*/g, (digits) =>
    KEPT_NUMBERS.has(digits) ? digits : PLACEHOLDER.number,
  );
  return s.replace(/\s+/g, ' ').trim();
}
