import type { RedisClient } from './client';
import {
  TokenExistsError,
  TokenRecordSchema,
  type TokenRecord,
  type TokenStore,
} from '../../access/tokens';
import { defineAccessCommands } from './commands';
import type { RedisKeys } from './keys';

/** API tokens as Redis hashes under one `{access}` tag, listed in a sorted set by creation time. */
export class RedisTokenStore implements TokenStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    defineAccessCommands(redis);
  }

  async add(record: TokenRecord): Promise<void> {
    const valid = TokenRecordSchema.parse(record);
    const pairs = Object.entries(valid).flatMap(([field, value]) =>
      value === undefined ? [] : [field, String(value)],
    );
    const stored = await this.redis.hotlineAddApiToken(
      this.keys.apiToken(valid.id),
      this.keys.apiTokens(),
      valid.id,
      Date.parse(valid.createdAt),
      ...pairs,
    );
    if (stored === -1) throw new TokenExistsError(valid.id);
  }

  async get(id: string): Promise<TokenRecord | null> {
    const hash = await this.redis.hgetall(this.keys.apiToken(id));
    return Object.keys(hash).length === 0 ? null : TokenRecordSchema.parse(hash);
  }

  async list(): Promise<TokenRecord[]> {
    const ids = await this.redis.zrange(this.keys.apiTokens(), 0, -1);
    const records = await Promise.all(ids.map((id) => this.get(id)));
    return records.filter((r): r is TokenRecord => r !== null);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    return (await this.redis.hotlineRevokeApiToken(this.keys.apiToken(id), at)) === 1;
  }
}
