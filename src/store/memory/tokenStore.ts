import { TokenExistsError, type TokenRecord, type TokenStore } from '../../access/tokens';

/** API tokens in process memory, for a Redis-less demo. Not shared between instances. */
export class MemoryTokenStore implements TokenStore {
  private readonly records = new Map<string, TokenRecord>();

  async add(record: TokenRecord): Promise<void> {
    if (this.records.has(record.id)) throw new TokenExistsError(record.id);
    this.records.set(record.id, { ...record });
  }

  async get(id: string): Promise<TokenRecord | null> {
    const record = this.records.get(id);
    return record === undefined ? null : { ...record };
  }

  async list(): Promise<TokenRecord[]> {
    return [...this.records.values()]
      .map((r) => ({ ...r }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const record = this.records.get(id);
    if (record === undefined) return false;
    if (record.revokedAt === undefined) this.records.set(id, { ...record, revokedAt: at });
    return true;
  }
}
