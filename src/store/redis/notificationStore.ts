import type { RedisClient } from './client';
import { z } from 'zod';
import { mergeFeeds, SupervisionNotificationSchema } from '../../supervision/notification';
import type {
  NotificationLimits,
  NotificationStore,
  SupervisionNotification,
} from '../../supervision/ports';
import { defineNotificationCommands } from './commands';
import type { RedisKeys } from './keys';

const BodiesSchema = z.array(z.string().nullable());

/** Per audience: a sorted set of ids by time and a hash of bodies, in one cluster slot. */
export class RedisNotificationStore implements NotificationStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly limits: NotificationLimits,
  ) {
    defineNotificationCommands(redis);
  }

  async add(audience: string, n: SupervisionNotification): Promise<boolean> {
    const stored = await this.redis.hotlineAddNotification(
      this.keys.notifications(audience),
      this.keys.notificationBodies(audience),
      n.id,
      Date.parse(n.at),
      JSON.stringify(n),
      this.limits.cap,
      this.limits.ttlSeconds,
    );
    return stored === 1;
  }

  async list(
    audiences: readonly string[],
    sinceMs: number,
    limit: number,
  ): Promise<SupervisionNotification[]> {
    const feeds = await Promise.all(
      audiences.map(async (audience) => {
        const ids = await this.redis.zrangebyscore(
          this.keys.notifications(audience),
          `(${sinceMs}`,
          '+inf',
          'LIMIT',
          0,
          limit,
        );
        if (ids.length === 0) return [];
        const bodies = BodiesSchema.parse(
          await this.redis.hmget(this.keys.notificationBodies(audience), ...ids),
        );
        return bodies.flatMap((b) =>
          b === null ? [] : [SupervisionNotificationSchema.parse(JSON.parse(b))],
        );
      }),
    );
    return mergeFeeds(feeds, limit);
  }
}
