import { z } from 'zod';

/** A Microsoft 365 tenant id: a GUID in practice; kept loose but safe to put in a key. */
export const TenantIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a tenant id');

/** What the hotline knows about the enterprise behind a Teams tenant. */
export const TenantRecordSchema = z.object({
  enterpriseName: z.string().min(1).max(100).optional(),
  creditCode: z.string().length(18).optional(),
});
export type TenantRecord = z.infer<typeof TenantRecordSchema>;

/** One correction of a tenant's record: when, by whom (a requester key), from what, to what. */
export const TenantChangeSchema = z.object({
  at: z.iso.datetime(),
  by: z.string().min(1),
  before: TenantRecordSchema,
  after: TenantRecordSchema,
});
export type TenantChange = z.infer<typeof TenantChangeSchema>;

/** How many corrections a tenant's record keeps, oldest dropped first. */
export const TENANT_CHANGES_KEPT = 20;

/**
 * Enterprises by Teams tenant, so a colleague from the same tenant is not asked for the name and
 * credit code again. Redis in production, memory for a demo; one contract suite for both.
 */
export interface TenantDirectory {
  get(tenantId: string): Promise<TenantRecord | null>;
  /**
   * Fills in the fields the tenant's record does not have yet, atomically; a field already known
   * keeps its first value. Returns the record as stored afterwards.
   */
  remember(tenantId: string, facts: TenantRecord): Promise<TenantRecord>;
  /**
   * Replaces the given fields (a member correcting the enterprise's name or credit code) and
   * logs the change with its author, atomically. Returns the record as stored afterwards.
   */
  correct(
    tenantId: string,
    facts: TenantRecord,
    by: { requesterKey: string; at: Date },
  ): Promise<TenantRecord>;
  /** The record's corrections, oldest first (the last TENANT_CHANGES_KEPT). */
  changes(tenantId: string): Promise<TenantChange[]>;
}
