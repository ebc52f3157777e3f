import { TestAdapter, UserState, type TurnContext } from 'botbuilder';
import pino from 'pino';
import type { RequesterProfile, SessionData } from '../../dialogs/session';
import { HotlineBot } from '../../src/bot/hotlineBot';
import { MemberConversationState } from '../../src/bot/memberConversationState';
import { TeamsEnterpriseIdentity } from '../../src/channels/teams/enterpriseIdentity';
import { handoffGate } from './handoff';
import { MemoryTenantDirectory } from '../../src/store/memory/tenantDirectory';
import { RedisActivityDedupe } from '../../src/store/redis/activityDedupe';
import { RedisBotStorage } from '../../src/store/redis/botStateStorage';
import { RedisConversationLock } from '../../src/store/redis/conversationLock';
import { RedisKeys } from '../../src/store/redis/keys';
import type { RedisClient } from './redis';

const silent = pino({ level: 'silent' });

/**
 * One bot instance as src/app.ts wires it (own Redis connection, own state objects), around a
 * dialog that reads, pauses for a Redis round trip, and writes: each turn adds itself to a list.
 * `around` wraps each turn as a channel would (test/bot/turnAdmission.test.ts: the rate limit).
 */
export function botInstance(
  redis: RedisClient,
  prefix: string,
  around: (ctx: TurnContext, run: () => Promise<void>) => Promise<void> = (_ctx, run) => run(),
) {
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
      reprompt: async () => false,
    },
    dedupe: new RedisActivityDedupe(redis, keys, 600),
    lock: new RedisConversationLock(redis, keys),
    lockTiming: { ttlMs: 15_000, waitMs: 10_000 },
    messageMaxChars: 2000,
    handoff: handoffGate(conversationState),
    teamsEnterprise: new TeamsEnterpriseIdentity(
      new MemoryTenantDirectory(),
      userState.createProperty<RequesterProfile>('profile'),
      silent,
    ),
    logger: silent,
  });
  return { adapter: new TestAdapter((ctx) => around(ctx, () => bot.run(ctx))), storage, bot };
}
