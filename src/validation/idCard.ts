/**
 * Resident identity card numbers (居民身份证号码), GB 11643-1999: 18 characters, a 6-digit
 * administrative division code, the birth date YYYYMMDD, a 3-digit sequence number and a check
 * character (ISO 7064 MOD 11-2, X for 10). First-generation cards have 15 digits: division
 * code, birth date YYMMDD (19YY), sequence, no check character.
 *
 * People type them into requests ("我的身份证号是…"). The hotline keeps them masked: the first
 * six digits (where the number was issued) and the last four (the end of the sequence and the
 * check character) stay, the birth date goes. Staff match a caller by asking for the last four
 * digits and the place of issue, as banks and carriers do; the full number is never shown.
 * A 15-digit number keeps its first six and last three digits (its sequence number).
 */

export type IdCardErrorCode =
  | 'ID_CARD_LENGTH'
  | 'ID_CARD_CHARSET'
  | 'ID_CARD_REGION'
  | 'ID_CARD_BIRTH_DATE'
  | 'ID_CARD_CHECKSUM';

export type IdCardResult =
  | { ok: true; value: string; generation: 1 | 2; birthDate: string }
  | { ok: false; code: IdCardErrorCode };

/** 2^(17-i) mod 11 for the first 17 positions. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** Check character by (weighted sum mod 11). */
const CHECK = '10X98765432';
/** The provincial-level prefixes of GB/T 2260 (71 Taiwan, 81 Hong Kong, 82 Macao included). */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
  53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
]);
const SEPARATORS = /[\s\-‐‑‒–—―−]/gu;

/** Accepts full-width digits, a lower-case x and spaces or dashes between groups. */
export function parseIdCardNumber(input: string): IdCardResult {
  const value = input.normalize('NFKC').replace(SEPARATORS, '').toUpperCase();
  if (value.length !== 18 && value.length !== 15) return { ok: false, code: 'ID_CARD_LENGTH' };
  const digits = value.length === 18 ? /^\d{17}[\dX]$/ : /^\d{15}$/;
  if (!digits.test(value)) return { ok: false, code: 'ID_CARD_CHARSET' };
  if (!PROVINCES.has(Number(value.slice(0, 2)))) return { ok: false, code: 'ID_CARD_REGION' };
  const birthDate =
    value.length === 18
      ? `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`
      : `19${value.slice(6, 8)}-${value.slice(8, 10)}-${value.slice(10, 12)}`;
  if (!isDate(birthDate)) return { ok: false, code: 'ID_CARD_BIRTH_DATE' };
  if (value.length === 18 && checkChar(value.slice(0, 17)) !== value[17]) {
    return { ok: false, code: 'ID_CARD_CHECKSUM' };
  }
  return { ok: true, value, generation: value.length === 18 ? 2 : 1, birthDate };
}

export function checkChar(first17: string): string {
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (WEIGHTS[i] ?? 0), 0);
  return CHECK[sum % 11] ?? '';
}

/** '370202199001011237' -> '370202********1237'; '370202900101123' -> '370202******123'. */
export function maskIdCardNumber(value: string): string {
  const keepEnd = value.length === 18 ? 4 : 3;
  return value.slice(0, 6) + '*'.repeat(value.length - 6 - keepEnd) + value.slice(-keepEnd);
}

/**
 * Every ID number in free text, masked. A candidate is a whole token of 18 (or 15) characters,
 * optionally grouped 6-8-4 (6-6-3) with spaces or dashes, with a real province prefix and birth
 * date. The check character is not required: a mistyped number is still someone's number.
 */
export function maskIdCardNumbers(text: string): string {
  return text.replace(CANDIDATE, (found) => {
    const value = found.normalize('NFKC').replace(SEPARATORS, '').toUpperCase();
    const parsed = parseIdCardNumber(value);
    const structural = parsed.ok || parsed.code === 'ID_CARD_CHECKSUM';
    return structural ? maskIdCardNumber(value) : found;
  });
}

const D = '[0-9０-９]';
const SEP = '[ \\-－]?';
const CANDIDATE = new RegExp(
  `(?<![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])` +
    `(?:${D}{6}${SEP}${D}{8}${SEP}${D}{3}[0-9０-９XxＸｘ]|${D}{6}${SEP}${D}{6}${SEP}${D}{3})` +
    `(?![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])`,
  'gu',
);

function isDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) && iso >= '1800-01-01';
}
