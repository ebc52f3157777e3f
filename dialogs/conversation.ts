import { TurnContext, type Activity } from 'botbuilder';
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

/** The key a handoff case is stored under: the escalation writes it, the handoff gate reads it. */
export function conversationKey(activity: Partial<Activity>): string {
  return `${activity.channelId ?? ''}:${activity.conversation?.id ?? ''}`;
}
