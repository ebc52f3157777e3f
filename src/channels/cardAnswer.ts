import type { Activity } from 'botbuilder';
import { z } from 'zod';

/** The field of a card's submit data that carries the chosen option (see dialogs/choiceStyle). */
export const CHOICE_FIELD = 'choice';
/** The field of a card's submit data that names the question the card asked. */
export const CARD_FIELD = 'card';
/** In a Teams group chat or channel, the member the card's question was put to. */
export const ASKED_FIELD = 'askedOf';

/**
 * A card submit: no text, the chosen option's label in `value.choice`. Anything else in `value`
 * (Teams adds its own fields to a submit) is ignored; a value that does not fit is no answer.
 */
const CardAnswerSchema = z.object({ [CHOICE_FIELD]: z.string().trim().min(1).max(200) });

/**
 * Turns a card submit into the typed answer it stands for, before the dialogs read the turn: the
 * prompts then match a tapped option exactly as they match the same words typed. A message that
 * has text of its own keeps it.
 */
export function readCardAnswer(activity: Partial<Activity>): boolean {
  if (activity.type !== 'message' || (activity.text ?? '').trim() !== '') return false;
  const parsed = CardAnswerSchema.safeParse(activity.value);
  if (!parsed.success) return false;
  activity.text = parsed.data[CHOICE_FIELD];
  return true;
}

const CardOfAnswerSchema = z.object({ [CARD_FIELD]: z.string().min(1).max(64) });

/**
 * Which question the submitted card asked (its `value.card`), or null for a message that is no
 * card submit or a card without one. A card stays in the chat after its question is answered:
 * pressed later, it must not answer whatever question is open by then.
 */
export function cardOfAnswer(activity: Partial<Activity>): string | null {
  if (activity.type !== 'message') return null;
  const parsed = CardOfAnswerSchema.safeParse(activity.value);
  return parsed.success ? parsed.data[CARD_FIELD] : null;
}

const AskedOfSchema = z.object({ [ASKED_FIELD]: z.string().min(1).max(200) });

/**
 * The member a submitted card asked (its `value.askedOf`), or null. In a group chat everyone sees
 * the cards put to each member: a colleague's press must not answer for them.
 */
export function cardAskedOf(activity: Partial<Activity>): string | null {
  if (activity.type !== 'message') return null;
  const parsed = AskedOfSchema.safeParse(activity.value);
  return parsed.success ? parsed.data[ASKED_FIELD] : null;
}

/** The member an activity comes from, as a card names them (AAD object id on Teams). */
export function memberId(activity: Partial<Activity>): string {
  return activity.from?.aadObjectId ?? activity.from?.id ?? '';
}
