import { TurnContext } from 'botbuilder';
import type { ConversationPointer } from '../src/tickets/ticket';

/** Where this conversation lives, kept with a ticket or a handoff so staff and updates reach it. */
export function conversationPointer(ctx: TurnContext): ConversationPointer {
  const reference = TurnContext.getConversationReference(ctx.activity);
  return {
    channelId: ctx.activity.channelId,
    conversationId: ctx.activity.conversation.id,
    reference: JSON.parse(JSON.stringify(reference)),
  };
}
