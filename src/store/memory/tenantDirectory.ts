import {
  TENANT_CHANGES_KEPT,
  TenantIdSchema,
  TenantRecordSchema,
  type TenantChange,
  type TenantDirectory,
  type TenantRecord,
} from '../../channels/teams/tenantDirectory';

/** In-process tenant records for a Redis-less demo. Not shared between instances. */
export class MemoryTenantDirectory implements TenantDirectory {
  private readonly records = new Map<string, TenantRecord>();
  private readonly log = new Map<string, TenantChange[]>();

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

  async correct(
    tenantId: string,
    facts: TenantRecord,
    by: { requesterKey: string; at: Date },
  ): Promise<TenantRecord> {
    const id = TenantIdSchema.parse(tenantId);
    const before = this.records.get(id) ?? {};
    const after: TenantRecord = { ...before, ...definedFields(TenantRecordSchema.parse(facts)) };
    this.records.set(id, after);
    const log = [...(this.log.get(id) ?? [])];
    log.push({
      at: by.at.toISOString(),
      by: by.requesterKey,
      before: { ...before },
      after: { ...after },
    });
    this.log.set(id, log.slice(-TENANT_CHANGES_KEPT));
    return { ...after };
  }

  async changes(tenantId: string): Promise<TenantChange[]> {
    return structuredClone(this.log.get(TenantIdSchema.parse(tenantId)) ?? []);
  }
}

function definedFields(record: TenantRecord): TenantRecord {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
