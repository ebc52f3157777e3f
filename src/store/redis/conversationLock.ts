import type { RedisClient } from './client';
import { z } from 'zod';
import type { ConversationLock } from '../../bot/conversationLock';
import { storedKeyId } from './botStateStorage';
import { defineConversationLockCommands } from './commands';
import type { RedisKeys } from './keys';

const ReplySchema = z.number().int().nonnegative();

/**
 * Conversation holds in Redis, kept in the conversation's own state item (see
 * scripts/conversationLock.ts): the turn's state write checks the hold and lets go of it in the
 * same round trip, so a turn needs no separate confirmation or release.
 */
export class RedisConversationLock implements ConversationLock {
  readonly releasedByStateWrite = true;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    defineConversationLockCommands(redis);
  }

  async tryAcquire(key: string, ttlMs: number): Promise<number | null> {
    const token = ReplySchema.parse(await this.redis.hotlineLockAcquire(this.item(key), ttlMs));
    return token === 0 ? null : token;
  }

  async extend(key: string, token: number, ttlMs: number): Promise<boolean> {
    return (
      ReplySchema.parse(await this.redis.hotlineLockExtend(this.item(key), token, ttlMs)) === 1
    );
  }

  async release(key: string, token: number): Promise<void> {
    await this.redis.hotlineLockRelease(this.item(key), token);
  }

  /** `key` is the conversation's botbuilder state key: the hold sits in that item. */
  private item(key: string): string {
    return this.keys.botState(storedKeyId(key));
  }
}
