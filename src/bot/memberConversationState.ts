import { ConversationState, type TurnContext } from 'botbuilder';

/**
 * Conversation state kept per member in a group chat or channel, per conversation elsewhere.
 * Two colleagues talking to the bot in one Teams channel each get their own intake: one's
 * answer is never taken for the other's, and a ticket is filed for whoever described it.
 */
export class MemberConversationState extends ConversationState {
  override getStorageKey(context: TurnContext): string | undefined {
    const key = super.getStorageKey(context);
    const { conversation, from } = context.activity;
    if (key === undefined || conversation.isGroup !== true) return key;
    return `${key}members/${from.aadObjectId ?? from.id}/`;
  }
}
