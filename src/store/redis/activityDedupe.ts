import { createHash } from 'node:crypto';
import type { RedisClient } from './client';
import type { ActivityDedupe } from '../../bot/activityDedupe';
import type { RedisKeys } from './keys';

/**
 * SET NX EX per activity: one atomic command, so two instances given the same re-send cannot
 * both take it. Keys are digests, short whatever the channel's conversation ids look like.
 */
export class RedisActivityDedupe implements ActivityDedupe {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly ttlSeconds: number,
  ) {}

  async claim(key: string): Promise<boolean> {
    const reply = await this.redis.set(this.key(key), '1', 'EX', this.ttlSeconds, 'NX');
    return reply === 'OK';
  }

  async release(key: string): Promise<void> {
    await this.redis.del(this.key(key));
  }

  private key(key: string): string {
    return this.keys.seenActivity(createHash('sha256').update(key).digest('hex').slice(0, 40));
  }
}
