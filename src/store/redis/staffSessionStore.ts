import type { RedisClient } from './client';
import {
  StaffSessionRecordSchema,
  type StaffSessionRecord,
  type StaffSessionStore,
} from '../../access/sessions';
import { defineStaffSessionCommands } from './commands';
import type { RedisKeys } from './keys';

/** Console sessions as Redis hashes under `{access}:session:<sha256 of the id>`, with EXPIRE. */
export class RedisStaffSessionStore implements StaffSessionStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    defineStaffSessionCommands(redis);
  }

  async create(digest: string, record: StaffSessionRecord, ttlSeconds: number): Promise<void> {
    const valid = StaffSessionRecordSchema.parse(record);
    await this.redis.hotlineCreateStaffSession(
      this.keys.staffSession(digest),
      this.keys.staffSessionsOf(valid.username),
      ttlSeconds,
      digest,
      ...Object.entries(valid).flat(),
    );
  }

  async get(digest: string): Promise<StaffSessionRecord | null> {
    const hash = await this.redis.hgetall(this.keys.staffSession(digest));
    return Object.keys(hash).length === 0 ? null : StaffSessionRecordSchema.parse(hash);
  }

  async renew(digest: string, expiresAt: string, ttlSeconds: number): Promise<boolean> {
    const username = await this.redis.hget(this.keys.staffSession(digest), 'username');
    if (username === null) return false;
    const renewed = await this.redis.hotlineRenewStaffSession(
      this.keys.staffSession(digest),
      this.keys.staffSessionsOf(username),
      expiresAt,
      ttlSeconds,
    );
    return renewed === 1;
  }

  async delete(digest: string): Promise<boolean> {
    const username = await this.redis.hget(this.keys.staffSession(digest), 'username');
    const deleted = (await this.redis.del(this.keys.staffSession(digest))) === 1;
    if (username !== null) await this.redis.srem(this.keys.staffSessionsOf(username), digest);
    return deleted;
  }

  async liveFor(username: string): Promise<number> {
    const key = this.keys.staffSessionsOf(username);
    let live = 0;
    for (const digest of await this.redis.smembers(key)) {
      if ((await this.redis.exists(this.keys.staffSession(digest))) === 1) live++;
      else await this.redis.srem(key, digest);
    }
    return live;
  }
}
