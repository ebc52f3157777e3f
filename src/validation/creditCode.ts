/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character
 * set; the 18th is a check character over the first 17.
 */

/** The standard's character set in value order; I O S V Z are left out to avoid misreading. */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const LENGTH = 18;
const MODULUS = CHARSET.length;
/** The standard's weights are 3^i mod 31 for positions 1..17. */
const WEIGHTS = Array.from({ length: LENGTH - 1 }, (_, i) => modPow(3, i, MODULUS));
const SEPARATORS = /[\s\-‐‑‒–—―−_]/gu;

export type CreditCodeErrorCode =
  'CREDIT_CODE_LENGTH' | 'CREDIT_CODE_CHARSET' | 'CREDIT_CODE_CHECKSUM';

export type CreditCodeResult =
  { ok: true; value: string } | { ok: false; code: CreditCodeErrorCode };

export interface CreditCodeParts {
  /** 登记管理部门代码, e.g. 1 机构编制, 5 民政, 9 市场监管 (工商), Y 其他. */
  registrationAuthority: string;
  /** 机构类别代码 within that authority, e.g. 91 = enterprise. */
  category: string;
  /** 登记管理机关行政区划码, e.g. 370202 for Qingdao's Shinan District. */
  divisionCode: string;
  /** 主体标识码: the 9-character organisation code (GB 11714). */
  organisationCode: string;
  checkChar: string;
}

/**
 * Accepts what people type: full-width characters, lower case, spaces and dashes between groups.
 * The checked value is returned in canonical form (18 upper-case characters).
 */
export function parseCreditCode(input: string): CreditCodeResult {
  const value = input.normalize('NFKC').replace(SEPARATORS, '').toUpperCase();
  if ([...value].some((ch) => !CHARSET.includes(ch))) {
    return { ok: false, code: 'CREDIT_CODE_CHARSET' };
  }
  if (value.length !== LENGTH) return { ok: false, code: 'CREDIT_CODE_LENGTH' };
  if (checkChar(value.slice(0, LENGTH - 1)) !== value[LENGTH - 1]) {
    return { ok: false, code: 'CREDIT_CODE_CHECKSUM' };
  }
  return { ok: true, value };
}

/** Splits a code that `parseCreditCode` accepted into the fields the standard defines. */
export function creditCodeParts(value: string): CreditCodeParts {
  return {
    registrationAuthority: value.slice(0, 1),
    category: value.slice(0, 2),
    divisionCode: value.slice(2, 8),
    organisationCode: value.slice(8, 17),
    checkChar: value.slice(17, 18),
  };
}

/**
 * The first valid code in free text. A candidate is a whole token (not glued to other letters or
 * digits) and may have single spaces or dashes between its characters.
 */
export function findCreditCode(text: string): string | null {
  // A zero-width match with a captured look-ahead, so candidates may overlap.
  const candidates = /(?<![0-9A-Z])(?=([0-9A-Z](?:[ -]?[0-9A-Z]){17})(?![0-9A-Z]))/g;
  const normalised = text.normalize('NFKC').toUpperCase();
  for (const [, candidate = ''] of normalised.matchAll(candidates)) {
    const result = parseCreditCode(candidate);
    if (result.ok) return result.value;
  }
  return null;
}

function checkChar(body: string): string {
  const sum = [...body].reduce((acc, ch, i) => acc + CHARSET.indexOf(ch) * (WEIGHTS[i] ?? 0), 0);
  const check = (MODULUS - (sum % MODULUS)) % MODULUS;
  return CHARSET.charAt(check);
}

function modPow(base: number, exponent: number, modulus: number): number {
  let result = 1;
  for (let i = 0; i < exponent; i++) result = (result * base) % modulus;
  return result;
}
