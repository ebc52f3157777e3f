import type { RedisClient } from './client';
import { z } from 'zod';
import {
  TENANT_CHANGES_KEPT,
  TenantChangeSchema,
  TenantIdSchema,
  TenantRecordSchema,
  type TenantChange,
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

const RECORD_FIELDS = Object.keys(TenantRecordSchema.shape) as (keyof TenantRecord)[];

/** The log as the script writes it: cjson writes an empty record as {} and no change as []. */
const ChangesSchema = z.array(TenantChangeSchema);

function fieldPairs(facts: TenantRecord): string[] {
  return Object.entries(TenantRecordSchema.parse(facts)).flatMap(([field, value]) =>
    value === undefined ? [] : [field, value],
  );
}

/** Tenant records as Redis hashes (with their corrections in the field `changes`), one per tenant, kept until deleted. */
export class RedisTenantDirectory implements TenantDirectory {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    defineTenantCommands(redis);
  }

  /**
   * The record's own fields only: every Teams turn of an enterprise reads it, and the hash also
   * holds the log of up to TENANT_CHANGES_KEPT corrections, which only `changes` needs.
   */
  async get(tenantId: string): Promise<TenantRecord | null> {
    const key = this.keys.tenant(TenantIdSchema.parse(tenantId));
    const values = await this.redis.hmget(key, ...RECORD_FIELDS);
    if (values.every((v) => v === null)) return null;
    return StoredRecordSchema.parse(
      Object.fromEntries(
        RECORD_FIELDS.flatMap((f, i) => (values[i] == null ? [] : [[f, values[i]]])),
      ),
    );
  }

  async remember(tenantId: string, facts: TenantRecord): Promise<TenantRecord> {
    const reply = await this.redis.hotlineRememberTenant(
      this.keys.tenant(TenantIdSchema.parse(tenantId)),
      ...fieldPairs(facts),
    );
    return StoredRecordSchema.parse(FlatHashSchema.parse(reply));
  }

  async correct(
    tenantId: string,
    facts: TenantRecord,
    by: { requesterKey: string; at: Date },
  ): Promise<TenantRecord> {
    const reply = await this.redis.hotlineCorrectTenant(
      this.keys.tenant(TenantIdSchema.parse(tenantId)),
      by.at.toISOString(),
      by.requesterKey,
      TENANT_CHANGES_KEPT,
      ...fieldPairs(facts),
    );
    return StoredRecordSchema.parse(FlatHashSchema.parse(reply));
  }

  async changes(tenantId: string): Promise<TenantChange[]> {
    const raw = await this.redis.hget(this.keys.tenant(TenantIdSchema.parse(tenantId)), 'changes');
    return raw === null ? [] : ChangesSchema.parse(JSON.parse(raw));
  }
}
