import type { Redis } from 'ioredis';
import {
  handoffScore,
  HandoffRequestSchema,
  type HandoffRequest,
  type HandoffStore,
} from '../../handoff/types';
import { defineHandoffCommands } from './commands';
import type { RedisKeys } from './keys';

export class RedisHandoffStore implements HandoffStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    defineHandoffCommands(redis);
  }

  async flag(request: HandoffRequest): Promise<void> {
    await this.redis.hotlineFlagHandoff(
      this.keys.handoff(request.conversationKey),
      this.keys.handoffQueue(),
      request.conversationKey,
      JSON.stringify(request),
      request.reason,
      handoffScore(request),
    );
  }

  async waiting(limit: number): Promise<HandoffRequest[]> {
    const ids = await this.redis.zrange(this.keys.handoffQueue(), 0, limit - 1);
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hget(this.keys.handoff(id), 'request');
    const replies = (await pipeline.exec()) ?? [];
    const out: HandoffRequest[] = [];
    for (const [err, raw] of replies) {
      if (err) throw err;
      if (typeof raw === 'string') out.push(HandoffRequestSchema.parse(JSON.parse(raw)));
    }
    return out;
  }
}
