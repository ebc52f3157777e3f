import {
  ActionTypes,
  MessageFactory,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import { z } from 'zod';
import { HotlineError } from '../core/errors';
import type { Logger } from '../log';
import type { Notifier, NoticeAction } from '../tickets/ports';
import type { ConversationPointer } from '../tickets/ticket';

/**
 * What the notifier needs of an adapter. botbuilder's CloudAdapter has it; so can a channel's
 * own adapter (Direct Line), which then delivers into its own conversation store.
 */
export interface ProactiveAdapter {
  continueConversationAsync(
    botAppId: string,
    reference: Partial<ConversationReference>,
    logic: (ctx: TurnContext) => Promise<void>,
  ): Promise<void>;
}

/** The stored reference comes back from Redis: check what continuing a conversation relies on. */
const ReferenceShape = z.object({
  channelId: z.string().min(1),
  serviceUrl: z.string().min(1).optional(),
  conversation: z.object({ id: z.string().min(1) }),
  activityId: z.string().optional(),
});
export const ReferenceSchema = z.custom<Partial<ConversationReference>>(
  (value) => ReferenceShape.safeParse(value).success,
  'not a conversation reference',
);

export class NotificationFailedError extends HotlineError {
  constructor(channelId: string) {
    super('NOTIFY_FAILED', `could not reach the conversation on channel ${channelId}`, 502);
  }
}

export interface BotNotifierOptions {
  /** MicrosoftAppId: the identity proactive turns run under ('' without authentication). */
  appId: string;
  /** The Bot Framework adapter: Teams, the Emulator and any Bot Connector channel. */
  connector: ProactiveAdapter;
  /** Channels served by an adapter of their own, by channel id (e.g. 'directline'). */
  byChannel?: ReadonlyMap<string, ProactiveAdapter>;
  logger: Logger;
}

/**
 * Proactive messages through botbuilder: the ticket's stored conversation reference is continued
 * on the adapter of its channel. On Teams the message threads under the person's request.
 */
export class BotNotifier implements Notifier {
  private readonly byChannel: ReadonlyMap<string, ProactiveAdapter>;

  constructor(private readonly options: BotNotifierOptions) {
    this.byChannel = options.byChannel ?? new Map();
  }

  async notify(
    conversation: ConversationPointer,
    text: string,
    actions: readonly NoticeAction[] = [],
  ): Promise<void> {
    const { channelId, conversationId } = conversation;
    const reference = ReferenceSchema.safeParse(conversation.reference);
    if (!reference.success) {
      this.options.logger.warn({ channelId, conversationId }, 'no usable conversation reference');
      throw new NotificationFailedError(channelId);
    }
    const adapter = this.byChannel.get(channelId) ?? this.options.connector;
    try {
      await adapter.continueConversationAsync(this.options.appId, reference.data, async (ctx) => {
        await ctx.sendActivity(withActions(text, actions));
      });
    } catch (err) {
      this.options.logger.warn({ err, channelId, conversationId }, 'proactive message failed');
      throw new NotificationFailedError(channelId);
    }
  }
}

/** Buttons as imBack suggested actions: a tap posts the value as the person's own message. */
function withActions(text: string, actions: readonly NoticeAction[]) {
  if (actions.length === 0) return text;
  return MessageFactory.suggestedActions(
    actions.map((a) => ({ type: ActionTypes.ImBack, title: a.title, value: a.value })),
    text,
  );
}
