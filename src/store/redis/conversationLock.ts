import { createHash } from 'node:crypto';
import type { RedisClient } from './client';
import { z } from 'zod';
import type { ConversationLock } from '../../bot/conversationLock';
import { defineConversationLockCommands } from './commands';
import type { RedisKeys } from './keys';

/** Tokens must keep growing while any hold could still be alive; a day is ample. */
const TOKEN_COUNTER_TTL_SECONDS = 24 * 3600;
const ReplySchema = z.number().int().nonnegative();

/** Conversation holds in Redis: one key per conversation, SET PX with a fencing token. */
export class RedisConversationLock implements ConversationLock {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    defineConversationLockCommands(redis);
  }

  async tryAcquire(key: string, ttlMs: number): Promise<number | null> {
    const id = digest(key);
    const token = ReplySchema.parse(
      await this.redis.hotlineLockAcquire(
        this.keys.conversationLock(id),
        this.keys.conversationLockTokens(id),
        ttlMs,
        TOKEN_COUNTER_TTL_SECONDS,
      ),
    );
    return token === 0 ? null : token;
  }

  async extend(key: string, token: number, ttlMs: number): Promise<boolean> {
    const lock = this.keys.conversationLock(digest(key));
    return ReplySchema.parse(await this.redis.hotlineLockExtend(lock, token, ttlMs)) === 1;
  }

  async release(key: string, token: number): Promise<void> {
    await this.redis.hotlineLockRelease(this.keys.conversationLock(digest(key)), token);
  }
}

/** Conversation ids are long and channel-shaped; keys stay short and uniform. */
function digest(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 40);
}
