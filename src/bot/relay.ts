import { ActivityTypes, type Activity } from 'botbuilder';
import { escapeMarkup } from '../core/markup';
import type { HandoffRelay } from '../handoff/service';
import type { ConversationPointer } from '../tickets/ticket';
import { NotificationFailedError, ReferenceSchema, type ProactiveAdapter } from './notifier';

export interface BotRelayOptions {
  appId: string;
  connector: ProactiveAdapter;
  byChannel: ReadonlyMap<string, ProactiveAdapter>;
}

/**
 * Duty staff's words in the person's chat, through the same proactive path as ticket news. A
 * channel cannot rename the bot per message (Teams shows the app's name), so the staff member's
 * name leads the text as well as `from.name`; what staff typed is escaped, the chat renders markup.
 */
export class BotRelay implements HandoffRelay {
  constructor(private readonly options: BotRelayOptions) {}

  async say(
    conversation: ConversationPointer,
    text: string,
    as: { staffName?: string },
  ): Promise<void> {
    const activity: Partial<Activity> =
      as.staffName === undefined
        ? { type: ActivityTypes.Message, text }
        : {
            type: ActivityTypes.Message,
            text: `**${escapeMarkup(as.staffName)}**：${escapeMarkup(text)}`,
            channelData: { hotlineStaff: as.staffName },
          };
    await this.send(conversation, activity, as.staffName);
  }

  async typing(conversation: ConversationPointer, staffName: string): Promise<void> {
    await this.send(conversation, { type: ActivityTypes.Typing }, staffName);
  }

  private async send(
    conversation: ConversationPointer,
    activity: Partial<Activity>,
    staffName: string | undefined,
  ): Promise<void> {
    const reference = ReferenceSchema.safeParse(conversation.reference);
    if (!reference.success) throw new NotificationFailedError(conversation.channelId);
    const adapter = this.options.byChannel.get(conversation.channelId) ?? this.options.connector;
    await adapter.continueConversationAsync(this.options.appId, reference.data, async (ctx) => {
      const bot = reference.data.bot;
      await ctx.sendActivity({
        ...activity,
        ...(bot !== undefined && staffName !== undefined
          ? { from: { id: bot.id, name: staffName } }
          : {}),
      });
    });
  }
}
