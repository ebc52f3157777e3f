import { strict as assert } from 'node:assert';
import { TestAdapter, UserState, type Activity, type TurnContext } from 'botbuilder';
import pino from 'pino';
import type { RequesterProfile, SessionData } from '../../dialogs/session';
import { HotlineBot } from '../../src/bot/hotlineBot';
import { MemberConversationState } from '../../src/bot/memberConversationState';
import { TeamsEnterpriseIdentity } from '../../src/channels/teams/enterpriseIdentity';
import { HandoffGate } from '../../src/bot/handoffGate';
import { systemClock } from '../../src/core/clock';
import { handoffService } from '../support/handoff';
import { MemoryTenantDirectory } from '../../src/store/memory/tenantDirectory';
import { RedisActivityDedupe } from '../../src/store/redis/activityDedupe';
import { RedisBotStorage } from '../../src/store/redis/botStateStorage';
import { RedisConversationLock } from '../../src/store/redis/conversationLock';
import { RedisKeys } from '../../src/store/redis/keys';
import { type RedisClient, cleanup, connect, testPrefix } from '../support/redis';

const CONVERSATIONS = 100;
const silent = pino({ level: 'silent' });

/**
 * One bot instance as src/app.ts wires it (own Redis connection, own state objects), around a
 * dialog that reads, pauses for a Redis round trip, and writes: each turn adds itself to a list.
 */
function instance(redis: RedisClient, prefix: string) {
  const keys = new RedisKeys(prefix);
  const storage = new RedisBotStorage(redis, keys);
  const conversationState = new MemberConversationState(storage);
  const userState = new UserState(storage);
  const seen = conversationState.createProperty<string[]>('seen');
  const bot = new HotlineBot({
    conversationState,
    userState,
    session: conversationState.createProperty<SessionData>('session'),
    dialog: {
      run: async (ctx: TurnContext) => {
        const list = await seen.get(ctx, []);
        await redis.ping();
        await seen.set(ctx, [...list, ctx.activity.text ?? '']);
      },
    },
    dedupe: new RedisActivityDedupe(redis, keys, 600),
    lock: new RedisConversationLock(redis, keys),
    lockTiming: { ttlMs: 15_000, waitMs: 10_000 },
    messageMaxChars: 2000,
    handoff: new HandoffGate(
      handoffService(),
      conversationState.createProperty<SessionData>('session'),
      systemClock,
      pino({ level: 'silent' }),
    ),
    teamsEnterprise: new TeamsEnterpriseIdentity(
      new MemoryTenantDirectory(),
      userState.createProperty<RequesterProfile>('profile'),
      silent,
    ),
    logger: silent,
  });
  return { adapter: new TestAdapter((ctx) => bot.run(ctx)), storage };
}

function message(conversation: number, text: string): Partial<Activity> {
  return {
    type: 'message',
    id: `${conversation}-${text}`,
    text,
    channelId: 'webchat',
    from: { id: `dl_user-${conversation}`, name: '' },
    conversation: {
      id: `conv-${conversation}`,
      isGroup: false,
      conversationType: 'personal',
      name: '',
    },
  };
}

describe('two turns of one conversation on two instances at once', function () {
  this.timeout(60_000);

  it(`lose no update across ${CONVERSATIONS} conversations`, async () => {
    const prefix = testPrefix();
    const [ra, rb] = [connect(), connect()];
    try {
      const a = instance(ra, prefix);
      const b = instance(rb, prefix);
      await Promise.all(
        Array.from({ length: CONVERSATIONS }, (_, i) =>
          Promise.all([a.adapter.send(message(i, 'first')), b.adapter.send(message(i, 'second'))]),
        ),
      );
      const lost: number[] = [];
      for (let i = 0; i < CONVERSATIONS; i++) {
        const key = `webchat/conversations/conv-${i}/`;
        const state = (await a.storage.read([key]))[key] as { seen?: string[] } | undefined;
        if ([...(state?.seen ?? [])].sort().join() !== 'first,second') lost.push(i);
      }
      assert.deepEqual(lost, [], `conversations that lost a turn's update: ${lost.length}`);
    } finally {
      await rb.quit();
      await cleanup(ra, prefix);
    }
  });
});
