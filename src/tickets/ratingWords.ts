import type { Lang } from '../nlu/types';
import { RATINGS, type Rating } from './lifecycle';
import type { NoticeAction } from './ports';

/** The words of a rating (满意度评价), as the buttons show them and as people type them. */
export const RATING_LABELS: Record<Lang, Record<Rating, string>> = {
  zh: { satisfied: '满意', basic: '基本满意', dissatisfied: '不满意' },
  en: { satisfied: 'Satisfied', basic: 'Basically satisfied', dissatisfied: 'Dissatisfied' },
};

/** The word that starts a rating message: "评价 QD20261206-000001 满意", "rate QD… satisfied". */
export const RATE_COMMAND: Record<Lang, string> = { zh: '评价', en: 'rate' };

/** The buttons' words and what people also type in their place; longest first, for the regex. */
const RATE_WORDS = [RATE_COMMAND.zh, RATE_COMMAND.en, '评分', '打分', 'rating'].sort(
  (a, b) => b.length - a.length,
);

/** A message starting with a rate word ("rate", not "rates" or "rated"). */
export const RATE_WORD = new RegExp(`^\\s*(?:${RATE_WORDS.join('|')})(?![a-z])`, 'i');

/**
 * The three choices under the reply. Each posts back the whole command with the ticket number,
 * so the answer is understood whenever it arrives, without card-submit plumbing.
 */
export function ratingActions(ticketId: string, lang: Lang): NoticeAction[] {
  return RATINGS.map((rating) => ({
    title: RATING_LABELS[lang][rating],
    value: `${RATE_COMMAND[lang]} ${ticketId} ${RATING_LABELS[lang][rating].toLowerCase()}`,
  }));
}
