/**
 * Ticket ids such as QD20261128-000123: a prefix of 1-8 capital letters, the hotline's local date
 * (YYYYMMDD) and a 6-digit sequence number that restarts every day.
 */

export const DEFAULT_TICKET_PREFIX = 'QD';
export const MAX_TICKET_SEQUENCE = 999_999;

export interface TicketId {
  /** Canonical form, e.g. 'QD20261128-000123'. */
  value: string;
  prefix: string;
  /** YYYYMMDD. */
  date: string;
  seq: number;
}

export type TicketIdErrorCode = 'TICKET_ID_PREFIX' | 'TICKET_ID_DATE' | 'TICKET_ID_SEQUENCE';

const MESSAGES: Record<TicketIdErrorCode, string> = {
  TICKET_ID_PREFIX: 'a ticket prefix is 1 to 8 capital letters',
  TICKET_ID_DATE: 'a ticket date is a calendar date written YYYYMMDD',
  TICKET_ID_SEQUENCE: `a ticket sequence number is an integer from 1 to ${MAX_TICKET_SEQUENCE}`,
};

/** Thrown for arguments the program, not a caller of the hotline, got wrong. */
export class TicketIdError extends Error {
  constructor(readonly code: TicketIdErrorCode) {
    super(MESSAGES[code]);
    this.name = 'TicketIdError';
  }
}

export type TicketIdResult =
  { ok: true; value: TicketId } | { ok: false; code: 'TICKET_ID_INVALID' };

const PREFIX = /^[A-Z]{1,8}$/;
const DASHES = /[‐‑‒–—―−_]/gu;

export function formatTicketId(prefix: string, yyyymmdd: string, seq: number): string {
  if (!PREFIX.test(prefix)) throw new TicketIdError('TICKET_ID_PREFIX');
  if (!isCalendarDate(yyyymmdd)) throw new TicketIdError('TICKET_ID_DATE');
  if (!isSequence(seq)) throw new TicketIdError('TICKET_ID_SEQUENCE');
  return `${prefix}${yyyymmdd}-${String(seq).padStart(6, '0')}`;
}

/**
 * Reads a string that should be exactly one ticket id, forgiving case, full-width characters,
 * spaces and a missing dash.
 */
export function parseTicketId(input: string): TicketIdResult {
  const compact = normalise(input).replace(/\s+/gu, '').toUpperCase();
  const match = /^([A-Z]{1,8})(\d{8})-?(\d{6})$/.exec(compact);
  const id = match ? toTicketId(match[1] ?? '', match[2] ?? '', match[3] ?? '') : null;
  return id ? { ok: true, value: id } : { ok: false, code: 'TICKET_ID_INVALID' };
}

/**
 * The first ticket id with this prefix in free text ('查询 qd20261128-000123'), in canonical form
 * ('QD20261128-000123'), or null.
 */
export function findTicketId(text: string, prefix: string = DEFAULT_TICKET_PREFIX): string | null {
  return splitTicketId(text, prefix)?.id ?? null;
}

/**
 * As findTicketId, with what else the text says: the text (normalised) with that number taken
 * out, e.g. '评价 QD20261128-000123 满意' gives the id and '评价   满意'.
 */
export function splitTicketId(
  text: string,
  prefix: string = DEFAULT_TICKET_PREFIX,
): { id: string; rest: string } | null {
  if (!PREFIX.test(prefix)) throw new TicketIdError('TICKET_ID_PREFIX');
  const pattern = new RegExp(
    `(?<![A-Z])${prefix}\\s*((?:\\d\\s*){7}\\d)[\\s-]*((?:\\d\\s*){5}\\d)(?!\\d)`,
    'gi',
  );
  const normal = normalise(text);
  for (const match of normal.matchAll(pattern)) {
    const [found, date = '', seq = ''] = match;
    const id = toTicketId(prefix, date.replace(/\s/g, ''), seq.replace(/\s/g, ''));
    if (id) {
      const rest = `${normal.slice(0, match.index)} ${normal.slice(match.index + found.length)}`;
      return { id: id.value, rest };
    }
  }
  return null;
}

function toTicketId(prefix: string, date: string, seqDigits: string): TicketId | null {
  const seq = Number(seqDigits);
  if (!isCalendarDate(date) || !isSequence(seq)) return null;
  return { value: formatTicketId(prefix, date, seq), prefix, date, seq };
}

function normalise(text: string): string {
  return text.normalize('NFKC').replace(DASHES, '-');
}

/** A real date (no 20260230); by arithmetic, as every ticket read checks its id. */
function isCalendarDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isSequence(seq: number): boolean {
  return Number.isInteger(seq) && seq >= 1 && seq <= MAX_TICKET_SEQUENCE;
}
