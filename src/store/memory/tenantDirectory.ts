import {
  TenantIdSchema,
  TenantRecordSchema,
  type TenantDirectory,
  type TenantRecord,
} from '../../channels/teams/tenantDirectory';

/** In-process tenant records for a Redis-less demo. Not shared between instances. */
export class MemoryTenantDirectory implements TenantDirectory {
  private readonly records = new Map<string, TenantRecord>();

  async get(tenantId: string): Promise<TenantRecord | null> {
    const record = this.records.get(TenantIdSchema.parse(tenantId));
    return record === undefined ? null : { ...record };
  }

  async remember(tenantId: string, facts: TenantRecord): Promise<TenantRecord> {
    const id = TenantIdSchema.parse(tenantId);
    const known = TenantRecordSchema.parse(facts);
    const current = this.records.get(id) ?? {};
    const merged: TenantRecord = {
      ...known,
      ...Object.fromEntries(Object.entries(current).filter(([, v]) => v !== undefined)),
    };
    if (Object.keys(merged).length > 0) this.records.set(id, merged);
    return { ...merged };
  }
}
