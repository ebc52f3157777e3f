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

/**
 * Chinese typed one character at a time with a space after each ("电 梯 卡 在 中 间 救 命"):
 * three or more single characters in a row, each standing alone between spaces. Such a run is
 * joined up again; words written apart ("楼下着火了 快来") are left as they are.
 */
const SPACED_OUT =
  /(?<![\u4e00-\u9fff])[\u4e00-\u9fff](?: [\u4e00-\u9fff]){2,}(?![\u4e00-\u9fff])/g;

/**
 * One canonical form for everything downstream (features and emergency rules): NFKC folds
 * full-width letters, digits and punctuation; common traditional characters become simplified;
 * numbers become placeholders; whitespace collapses, and Chinese spaced out character by
 * character is joined up.
 */
export function normalize(text: string): string {
  let s = toSimplified(text.normalize('NFKC').toLowerCase());
  for (const [pattern, placeholder] of RULES) s = s.replace(pattern, placeholder);
  s = s.replace(/\d+(?:[.,]\d+)*/g, (digits) =>
    KEPT_NUMBERS.has(digits) ? digits : PLACEHOLDER.number,
  );
  return s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(SPACED_OUT, (run) => run.replace(/ /g, ''));
}
