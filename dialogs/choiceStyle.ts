import { createHash } from 'node:crypto';
import { CardFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { ASKED_FIELD, CARD_FIELD, CHOICE_FIELD, memberId } from '../src/channels/cardAnswer';
import { isTeams, teamsIdentity } from '../src/channels/teams/activity';
import type { Lang } from '../src/nlu/types';

/** Teams shows at most this many suggested actions; the rest are silently dropped. */
export const TEAMS_MAX_SUGGESTED_ACTIONS = 3;

/** The submit button under a card's list of options. */
const SUBMIT: Record<Lang, string> = { zh: '确定', en: 'OK' };

/**
 * A question with options, in the style the person's channel can show in full: suggested actions
 * (tap to send the label) where they fit, and on Teams, once there are more than it shows, an
 * Adaptive Card listing every option as a radio button with one submit. The submit arrives as
 * `value.choice` = the label, which src/channels/cardAnswer reads as if the label had been typed,
 * so every prompt matches both the same way.
 */
export function choicesActivity(
  ctx: TurnContext,
  text: string,
  options: readonly string[],
  lang: Lang,
): Partial<Activity> {
  if (!isTeams(ctx.activity) || options.length <= TEAMS_MAX_SUGGESTED_ACTIONS) {
    return MessageFactory.suggestedActions([...options], text);
  }
  const card = CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body: [
      {
        type: 'Input.ChoiceSet',
        id: CHOICE_FIELD,
        style: 'expanded',
        isRequired: true,
        errorMessage: text,
        choices: options.map((o) => ({ title: o, value: o })),
      },
    ],
    actions: [
      {
        type: 'Action.Submit',
        title: SUBMIT[lang],
        data: { [CARD_FIELD]: cardId(options), ...askedOf(ctx.activity) },
      },
    ],
  });
  // The question is the message's text, shown above the card, not repeated inside it.
  return MessageFactory.attachment(card, text);
}

/**
 * The buttons of a message (its suggested actions) as an Adaptive Card of submit buttons, for a
 * Teams group chat or channel: there the bot hears only messages that @mention it, and a tapped
 * suggested action posts its label as a plain message nobody answers. A card's submit reaches the
 * bot without a mention (`value.choice`, read as if typed). Sent in reply to `named` (a live
 * turn), the card carries the question's id, so a press after the chat has moved on is told so,
 * and the member asked, so a colleague's press is not taken for theirs; a proactive notice's
 * buttons (the rating, which names its ticket) go without either, no question being open.
 */
export function buttonsAsCard(
  activity: Partial<Activity>,
  named: Partial<Activity> | null,
): Partial<Activity> {
  const actions = activity.suggestedActions?.actions ?? [];
  if (actions.length === 0) return activity;
  const values = actions.map((a) => String(a.value ?? a.title));
  const card = CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body: [],
    actions: actions.map((a, i) => ({
      type: 'Action.Submit',
      title: a.title,
      data: {
        [CHOICE_FIELD]: values[i],
        ...(named === null ? {} : { [CARD_FIELD]: cardId(values), ...askedOf(named) }),
      },
    })),
  });
  const { suggestedActions: _shown, ...rest } = activity;
  return { ...rest, attachments: [...(activity.attachments ?? []), card] };
}

/**
 * Names a card by its options: the question and its re-ask share one, so either card answers it;
 * a card of another question (pressed after the chat moved on) does not.
 */
export function cardId(options: readonly string[]): string {
  return createHash('sha256').update(options.join('\n')).digest('base64url').slice(0, 16);
}

const SentCardSchema = z.object({
  content: z.object({
    actions: z.array(z.object({ data: z.object({ [CARD_FIELD]: z.string() }).optional() })),
  }),
});

/** The card ids among activities about to be sent (see src/bot: the question left open). */
export function cardIdsIn(activities: readonly Partial<Activity>[]): string[] {
  return activities.flatMap((a) =>
    (a.attachments ?? []).flatMap((attachment) => {
      const card = SentCardSchema.safeParse(attachment);
      if (!card.success) return [];
      return card.data.content.actions.flatMap((action) =>
        action.data === undefined ? [] : [action.data[CARD_FIELD]],
      );
    }),
  );
}

/** In a Teams group chat or channel, the member a card's question is put to (`value.askedOf`). */
function askedOf(asked: Partial<Activity>): Record<string, string> {
  return teamsIdentity(asked)?.shared === true ? { [ASKED_FIELD]: memberId(asked) } : {};
}
