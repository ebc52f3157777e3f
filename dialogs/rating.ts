import { RATINGS, type Rating } from '../src/tickets/lifecycle';
import { RATE_WORD, RATING_LABELS } from '../src/tickets/ratingWords';
import type { Ticket } from '../src/tickets/ticket';
import { splitTicketId } from '../src/tickets/ticketId';
import type { Lang } from '../src/nlu/types';
import { matchOption, type Option } from './choices';
import { messages } from './messages';

/** "评价 QD20261206-000001 满意", "rate QD… satisfied", or the same without the rating. */
export interface RateRequest {
  ticketId: string;
  rating: Rating | null;
  /** What the person said with the rating ("不满意，根本没修好"): for a 不满意, what is not solved. */
  comment?: string | null;
}

const SYNONYMS: Record<Rating, string[]> = {
  satisfied: ['非常满意', '很满意', 'very satisfied', 'good'],
  basic: ['基本满意', '比较满意', '还行', 'basic', 'basically satisfied', 'fairly satisfied'],
  dissatisfied: ['很不满意', '不太满意', 'not satisfied', 'unsatisfied', 'bad'],
};

/** The three ratings as options, in `lang`, understood in either language. */
export function ratingOptions(lang: Lang): Option<Rating>[] {
  return RATINGS.map((rating) => ({
    value: rating,
    label: RATING_LABELS[lang][rating],
    synonyms: [RATING_LABELS.zh[rating], RATING_LABELS.en[rating], ...SYNONYMS[rating]],
  }));
}

/** A rating message with a ticket number in it, or null when the message is something else. */
export function parseRateCommand(text: string, prefix: string): RateRequest | null {
  const normal = text.normalize('NFKC');
  const word = RATE_WORD.exec(normal);
  if (word === null) return null;
  const found = splitTicketId(normal.slice(word[0].length), prefix);
  if (found === null) return null;
  return { ticketId: found.id, rating: matchOption(found.rest, ratingOptions('zh')) };
}

/**
 * The rating in an answer to "how satisfied are you with `ticketId`": a bare word, or a
 * button's command for that ticket (a button of another ticket is not an answer to this one).
 * Without `ticketId`, a command for any ticket.
 */
export function ratingIn(text: string, prefix: string, ticketId?: string): Rating | null {
  const command = parseRateCommand(text, prefix);
  if (command === null) return leadingRating(text)?.rating ?? null;
  return ticketId === undefined || command.ticketId === ticketId ? command.rating : null;
}

/** Where a rating said first ends and the words on it begin: "不满意，根本没修好", "不满意 没修好". */
const AFTER_RATING = /\s*[，,。.！!；;：:]\s*|\s+(?=\p{Script=Han})/u;

/**
 * A rating word alone, or said first with words on it after ("不满意，根本没修好，晚上还是黑的",
 * "Not satisfied, the light is still off"); null when the message does not open with one.
 */
export function leadingRating(text: string): { rating: Rating; rest: string | null } | null {
  const whole = matchOption(text, ratingOptions('zh'));
  if (whole !== null) return { rating: whole, rest: null };
  const cut = AFTER_RATING.exec(text.trim());
  if (cut === null || cut.index === 0) return null;
  const rating = matchOption(text.trim().slice(0, cut.index), ratingOptions('zh'));
  const rest = text
    .trim()
    .slice(cut.index + cut[0].length)
    .trim();
  return rating === null ? null : { rating, rest: rest === '' ? null : rest };
}

/** Why the ticket cannot be rated now, in plain words; null when it can (it was answered). */
export function whyNotRatable(ticket: Ticket, lang: Lang): string | null {
  const m = messages(lang);
  if (ticket.status === 'replied') return null;
  const done = ticket.status === 'rated' || ticket.status === 'closed';
  if (done && ticket.rating !== null) {
    return m.alreadyRated(ticket.id, RATING_LABELS[lang][ticket.rating]);
  }
  if (done) return m.closedUnrated(ticket.id);
  return m.notAnsweredYet(ticket.id);
}
