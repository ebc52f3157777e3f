import { ConversationState, UserState, type TurnContext } from 'botbuilder';
import { withPlainChangeCheck } from './plainChangeCheck';

/**
 * Conversation state kept per member in a group chat or channel, per conversation elsewhere.
 * Two colleagues talking to the bot in one Teams channel each get their own intake: one's
 * answer is never taken for the other's, and a ticket is filed for whoever described it.
 */
export class MemberConversationState extends withPlainChangeCheck(ConversationState) {
  override getStorageKey(context: TurnContext): string | undefined {
    const key = super.getStorageKey(context);
    const { conversation, from } = context.activity;
    if (key === undefined || conversation.isGroup !== true) return key;
    return `${key}members/${from.aadObjectId ?? from.id}/`;
  }
}

/** The person's own state across conversations (their requester profile), as UserState keeps it. */
export class PersonState extends withPlainChangeCheck(UserState) {}
