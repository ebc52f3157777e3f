import type { Redis } from 'ioredis';
import { z } from 'zod';
import {
  TenantIdSchema,
  TenantRecordSchema,
  type TenantDirectory,
  type TenantRecord,
} from '../../channels/teams/tenantDirectory';
import { defineTenantCommands } from './commands';
import type { RedisKeys } from './keys';

/** HGETALL as a flat reply (the script's) or an object (ioredis' own hgetall). */
const FlatHashSchema = z
  .array(z.string())
  .refine((a) => a.length % 2 === 0, 'odd number of hash fields and values')
  .transform((a) => Object.fromEntries(a.flatMap((v, i) => (i % 2 === 0 ? [[v, a[i + 1]]] : []))));
const StoredRecordSchema = z
  .record(z.string(), z.string())
  .transform((hash) => TenantRecordSchema.parse(hash));

/** Tenant records as Redis hashes, one per tenant, kept until deleted. */
export class RedisTenantDirectory implements TenantDirectory {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    defineTenantCommands(redis);
  }

  async get(tenantId: string): Promise<TenantRecord | null> {
    const hash = await this.redis.hgetall(this.keys.tenant(TenantIdSchema.parse(tenantId)));
    return Object.keys(hash).length === 0 ? null : StoredRecordSchema.parse(hash);
  }

  async remember(tenantId: string, facts: TenantRecord): Promise<TenantRecord> {
    const known = TenantRecordSchema.parse(facts);
    const pairs = Object.entries(known).flatMap(([field, value]) =>
      value === undefined ? [] : [field, value],
    );
    const reply = await this.redis.hotlineRememberTenant(
      this.keys.tenant(TenantIdSchema.parse(tenantId)),
      ...pairs,
    );
    return StoredRecordSchema.parse(FlatHashSchema.parse(reply));
  }
}
