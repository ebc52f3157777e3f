import { StaffExistsError, type StaffRecord, type StaffStore } from '../../access/staff';

/** Duty staff accounts in process memory, for a Redis-less demo. Not shared between instances. */
export class MemoryStaffStore implements StaffStore {
  private readonly records = new Map<string, StaffRecord>();

  async add(record: StaffRecord): Promise<void> {
    if (this.records.has(record.username)) throw new StaffExistsError(record.username);
    this.records.set(record.username, { ...record });
  }

  async get(username: string): Promise<StaffRecord | null> {
    const record = this.records.get(username);
    return record === undefined ? null : { ...record };
  }

  async list(): Promise<StaffRecord[]> {
    return [...this.records.values()]
      .map((r) => ({ ...r }))
      .sort(
        (a, b) => a.createdAt.localeCompare(b.createdAt) || a.username.localeCompare(b.username),
      );
  }

  async disable(username: string, at: string): Promise<boolean> {
    const record = this.records.get(username);
    if (record === undefined) return false;
    if (record.disabledAt === undefined) this.records.set(username, { ...record, disabledAt: at });
    return true;
  }
}
