import type { RedisClient } from './client';
import {
  StaffExistsError,
  StaffRecordSchema,
  type StaffRecord,
  type StaffStore,
} from '../../access/staff';
import { defineStaffCommands } from './commands';
import type { RedisKeys } from './keys';

/** Duty staff accounts as Redis hashes under the `{access}` tag, listed by creation time. */
export class RedisStaffStore implements StaffStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    defineStaffCommands(redis);
  }

  async add(record: StaffRecord): Promise<void> {
    const valid = StaffRecordSchema.parse(record);
    const pairs = Object.entries(valid).flatMap(([field, value]) =>
      value === undefined ? [] : [field, String(value)],
    );
    // The same "store unless it exists, then index" script as API tokens.
    const stored = await this.redis.hotlineAddApiToken(
      this.keys.staffAccount(valid.username),
      this.keys.staffAccounts(),
      valid.username,
      Date.parse(valid.createdAt),
      ...pairs,
    );
    if (stored === -1) throw new StaffExistsError(valid.username);
  }

  async get(username: string): Promise<StaffRecord | null> {
    const hash = await this.redis.hgetall(this.keys.staffAccount(username));
    return Object.keys(hash).length === 0 ? null : StaffRecordSchema.parse(hash);
  }

  async list(): Promise<StaffRecord[]> {
    const names = await this.redis.zrange(this.keys.staffAccounts(), 0, -1);
    const records = await Promise.all(names.map((n) => this.get(n)));
    return records.filter((r): r is StaffRecord => r !== null);
  }

  async disable(username: string, at: string): Promise<boolean> {
    return (await this.redis.hotlineDisableStaff(this.keys.staffAccount(username), at)) === 1;
  }
}
