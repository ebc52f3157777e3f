import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import { buttonsAsCard } from '../../dialogs/choiceStyle';
import { teamsIdentity } from '../channels/teams/activity';

/**
 * In a Teams group chat or channel every message's buttons go out as a card of submits
 * (dialogs/choiceStyle buttonsAsCard), in a turn and in a proactive notice alike: a suggested
 * action there would post its label without the @mention the bot needs to hear it. Registered on
 * the adapter, so it runs before the bot's own send handlers see the card it makes.
 */
export class SharedChatButtons implements Middleware {
  async onTurn(ctx: TurnContext, next: () => Promise<void>): Promise<void> {
    if (teamsIdentity(ctx.activity)?.shared === true) {
      // A live turn records the question its card asks, and whom; a proactive one has none open.
      const named = ctx.activity.type === ActivityTypes.Message ? ctx.activity : null;
      ctx.onSendActivities(async (_ctx, activities, send) => {
        activities.splice(0, activities.length, ...activities.map((a) => buttonsAsCard(a, named)));
        return send();
      });
    }
    await next();
  }
}
