import { historySteps } from '../../dialogs/history';
import { categoryLabel, statusLabel } from '../../dialogs/messages';
import { HotlineError } from '../core/errors';
import type { Lang } from '../nlu/types';
import { RATING_LABELS } from '../tickets/ratingWords';
import type { TicketEvent } from '../tickets/ticket';
import { parseTicketId } from '../tickets/ticketId';
import type { TicketView } from '../tickets/ticketService';
import { maskPhone } from '../validation/phone';

export class TicketIdInvalidError extends HotlineError {
  constructor() {
    super(
      'TICKET_ID_INVALID',
      'not a ticket number such as QD20261128-000123 / 工单号格式应如 QD20261128-000123',
      400,
    );
  }
}

/** A department or district as its catalogue names it (intents/*.yaml). */
export interface CatalogueEntry {
  code: string;
  zh: string;
  en: string;
}

export interface Catalogues {
  departments: readonly CatalogueEntry[];
  districts: readonly CatalogueEntry[];
}

type Bilingual = Record<Lang, string>;

/**
 * The number staff typed, read as the bot reads it from a person: any case, full-width digits,
 * spaces, with or without the dash.
 */
export function lookupTicketId(input: string): string {
  const parsed = parseTicketId(input);
  if (!parsed.ok) throw new TicketIdInvalidError();
  return parsed.value.value;
}

/**
 * What duty staff need to check a ticket for someone who calls or writes from elsewhere: enough
 * to compare with what the person says (the phone masked: staff ask for the number and compare),
 * and its state in the words and steps the person is told on "查询", never staff's own records.
 */
export function lookupView(view: TicketView, catalogues: Catalogues) {
  const { ticket: t, history } = view;
  const department = named(catalogues.departments);
  const district = named(catalogues.districts);
  const both = (say: (lang: Lang) => string): Bilingual => ({ zh: say('zh'), en: say('en') });
  const stepsIn = (lang: Lang) =>
    historySteps(t, history, {
      lang,
      department: (code) => department(code)?.[lang] ?? code,
      escape: (text) => text,
    });
  const [zh, en] = [stepsIn('zh'), stepsIn('en')];
  const reply = latestReply(history);
  const rating = t.rating;
  return {
    id: t.id,
    status: t.status,
    statusLabel: both((lang) => statusLabel(lang, t.status)),
    leadDepartment: department(t.leadDepartment),
    firstContactDepartment: department(t.firstContactDepartment),
    category: t.category,
    categoryLabel: both((lang) => categoryLabel(lang, t.category)),
    createdAt: t.createdAt,
    dueAt: t.dueAt,
    district: district(t.district),
    location: t.location,
    text: t.text,
    lang: t.lang,
    requester: {
      type: t.requester.type,
      phone: t.requester.phone === undefined ? null : maskPhone(t.requester.phone),
    },
    reply:
      reply === null
        ? null
        : {
            at: reply.at,
            department: department(reply.actor.department ?? text(reply.data?.department)),
            text: reply.note ?? '',
          },
    rating:
      rating === null ? null : { value: rating, ...both((lang) => RATING_LABELS[lang][rating]) },
    history: zh.map((step, i) => ({ at: step.at, zh: step.text, en: en[i]?.text ?? '' })),
  };
}

export type TicketLookupView = ReturnType<typeof lookupView>;

/**
 * A code with its names; one the catalogue no longer knows (removed since the ticket was filed)
 * is shown as the code itself.
 */
function named(entries: readonly CatalogueEntry[]) {
  const byCode = new Map(entries.map((e) => [e.code, e]));
  return (code: string | null | undefined): CatalogueEntry | null =>
    code ? (byCode.get(code) ?? { code, zh: code, en: code }) : null;
}

/** The department's latest answer to the person (a reopened ticket may have several). */
function latestReply(history: TicketEvent[]): TicketEvent | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const e = history[i];
    if (e !== undefined && (e.type === 'reply' || e.type === 'answered') && e.note) return e;
  }
  return null;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
