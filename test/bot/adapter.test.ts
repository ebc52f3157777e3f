import { strict as assert } from 'node:assert';
import {
  ActivityTypes,
  type Activity,
  ConversationState,
  MemoryStorage,
  TestAdapter,
  TurnContext,
} from 'botbuilder';
import pino from 'pino';
import { createAdapter } from '../../src/bot/adapter';
import { ConversationLockLostError } from '../../src/bot/conversationLock';
import { loadConfig } from '../../src/config';

const silent = pino({ level: 'silent' });

/** A message from one person in a one-to-one conversation, on `channelId`. */
function message(channelId: string, extra: Partial<Activity> = {}): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    text: '你好',
    channelId,
    conversation: { id: 'conv-1', isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'user-1', name: '' },
    recipient: { id: 'bot', name: '' },
    ...extra,
  };
}

describe('the adapter after a failed turn', () => {
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const step = conversationState.createProperty<string>('step');
  const adapter = createAdapter(loadConfig({}), conversationState, silent);

  /** A turn context on a test adapter that records what the bot sends. */
  async function contextWithState(): Promise<{ ctx: TurnContext; sent: string[] }> {
    const sent: string[] = [];
    const test = new TestAdapter(async () => undefined);
    const ctx = new TurnContext(test, message('test'));
    ctx.onSendActivities(async (_c, activities, next) => {
      sent.push(...activities.map((a) => a.text ?? ''));
      return next();
    });
    await step.set(ctx, 'confirm');
    await conversationState.saveChanges(ctx, true);
    return { ctx, sent };
  }

  async function stateAfter(ctx: TurnContext): Promise<string | undefined> {
    const fresh = new TurnContext(ctx.adapter, ctx.activity);
    await conversationState.load(fresh, true);
    return step.get(fresh);
  }

  it('apologises and starts the conversation afresh after an ordinary failure', async () => {
    const { ctx, sent } = await contextWithState();
    await adapter.onTurnError(ctx, new Error('boom'));
    assert.equal(sent.length, 1);
    assert.equal(await stateAfter(ctx), undefined);
  });

  it('leaves the state alone when the turn lost its hold to a newer turn', async () => {
    const { ctx, sent } = await contextWithState();
    await adapter.onTurnError(ctx, new ConversationLockLostError());
    assert.equal(sent.length, 1);
    assert.equal(await stateAfter(ctx), 'confirm');
  });
});

describe("the adapter's Bot Connector clients", () => {
  const adapter = createAdapter(loadConfig({}), new ConversationState(new MemoryStorage()), silent);

  /** The client (of the kind `slot` holds) a turn from the Emulator at `serviceUrl` is given. */
  async function clientOf(serviceUrl: string, slot = adapter.ConnectorClientKey): Promise<unknown> {
    let client: unknown;
    const activity = message('emulator', { serviceUrl, deliveryMode: 'expectReplies' });
    await adapter.processActivityDirect('', activity as Activity, async (ctx) => {
      client = ctx.turnState.get(slot);
    });
    return client;
  }

  it('gives turns for the same service URL one client, and each URL its own', async () => {
    const first = await clientOf('http://127.0.0.1:9/a');
    assert.ok(first, 'a turn has a client');
    assert.equal(await clientOf('http://127.0.0.1:9/a'), first);
    assert.notEqual(await clientOf('http://127.0.0.1:9/b'), first);
  });

  it('gives every turn for the same bot one user-token client', async () => {
    const first = await clientOf('http://127.0.0.1:9/a', adapter.UserTokenClientKey);
    assert.ok(first, 'a turn has a user-token client');
    assert.equal(await clientOf('http://127.0.0.1:9/b', adapter.UserTokenClientKey), first);
  });
});
