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

/**
 * The key a handoff case is stored under: the escalation writes it, the handoff gate reads it.
 * In a group chat or channel each member's case is their own, as their intake is
 * (src/bot/memberConversationState.ts): a colleague's request or phone number never replaces
 * another's call-back, and staff talking with one member leave the others with the bot.
 */
export function conversationKey(activity: Partial<Activity>): string {
  const key = `${activity.channelId ?? ''}:${activity.conversation?.id ?? ''}`;
  if (activity.conversation?.isGroup !== true) return key;
  const from = activity.from;
  return `${key}#${from?.aadObjectId ?? from?.id ?? ''}`;
}
