import { z } from 'zod';

/** A Microsoft 365 tenant id: a GUID in practice; kept loose but safe to put in a key. */
export const TenantIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a tenant id');

/** What the hotline knows about the enterprise behind a Teams tenant. */
export const TenantRecordSchema = z.object({
  enterpriseName: z.string().min(1).max(100).optional(),
  creditCode: z.string().length(18).optional(),
});
export type TenantRecord = z.infer<typeof TenantRecordSchema>;

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
}
