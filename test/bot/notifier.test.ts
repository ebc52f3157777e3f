import { strict as assert } from 'node:assert';
import { TestAdapter, TurnContext, type ConversationReference } from 'botbuilder';
import pino from 'pino';
import { BotNotifier, type ProactiveAdapter } from '../../src/bot/notifier';
import type { ConversationPointer } from '../../src/tickets/ticket';

/** Runs the notifier's logic against botbuilder's TestAdapter and keeps what it sent. */
class RecordingAdapter implements ProactiveAdapter {
  readonly sent: { appId: string; conversationId?: string; text?: string }[] = [];
  fail = false;

  async continueConversationAsync(
    appId: string,
    reference: Partial<ConversationReference>,
    logic: (ctx: TurnContext) => Promise<void>,
  ): Promise<void> {
    if (this.fail) throw new Error('403 Forbidden: the bot was removed from the conversation');
    const adapter = new TestAdapter();
    const activity = TurnContext.applyConversationReference(
      { type: 'event', name: 'ContinueConversation' },
      reference,
      true,
    );
    await logic(new TurnContext(adapter, activity));
    for (const a of adapter.activeQueue) {
      this.sent.push({
        appId,
        ...(a.conversation?.id ? { conversationId: a.conversation.id } : {}),
        ...(a.text ? { text: a.text } : {}),
      });
    }
  }
}

function pointer(channelId: string, conversationId: string): ConversationPointer {
  return {
    channelId,
    conversationId,
    reference: {
      channelId,
      serviceUrl: 'https://smba.example.test/amer/',
      conversation: { id: conversationId },
      bot: { id: '28:bot' },
      user: { id: '29:user' },
      activityId: 'f:1',
    },
  };
}

describe('BotNotifier', () => {
  const logger = pino({ level: 'silent' });

  it('sends through the Bot Connector adapter unless the channel has its own', async () => {
    const connector = new RecordingAdapter();
    const directLine = new RecordingAdapter();
    const notifier = new BotNotifier({
      appId: 'app-id',
      connector,
      byChannel: new Map([['directline', directLine]]),
      logger,
    });
    await notifier.notify(pointer('msteams', 'a:1'), '工单 QD20261127-000001 有新进展');
    await notifier.notify(pointer('directline', 'dl-1'), '工单 QD20261127-000002 有新进展');
    assert.deepEqual(connector.sent, [
      { appId: 'app-id', conversationId: 'a:1', text: '工单 QD20261127-000001 有新进展' },
    ]);
    assert.deepEqual(directLine.sent, [
      { appId: 'app-id', conversationId: 'dl-1', text: '工单 QD20261127-000002 有新进展' },
    ]);
  });

  it('refuses a conversation pointer without a usable reference', async () => {
    const connector = new RecordingAdapter();
    const notifier = new BotNotifier({ appId: '', connector, logger });
    await assert.rejects(
      notifier.notify({ channelId: 'msteams', conversationId: 'a:1', reference: {} }, '你好'),
      { code: 'NOTIFY_FAILED' },
    );
    assert.deepEqual(connector.sent, []);
  });

  it('reports a conversation it cannot reach with a stable code', async () => {
    const connector = new RecordingAdapter();
    connector.fail = true;
    const notifier = new BotNotifier({ appId: '', connector, logger });
    await assert.rejects(notifier.notify(pointer('msteams', 'a:1'), '你好'), {
      code: 'NOTIFY_FAILED',
    });
  });
});
