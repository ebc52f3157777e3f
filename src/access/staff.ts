import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../core/clock';
import { HotlineError } from '../core/errors';

/**
 * Duty staff accounts for the console (issue 10). A password is kept only as an scrypt hash
 * that carries its own salt and parameters (`scrypt$N$r$p$salt$hash`, base64url), so the
 * parameters can be raised later without breaking existing accounts.
 */
export const STAFF_ROLES = ['duty', 'supervisor'] as const;
export const StaffRoleSchema = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof StaffRoleSchema>;

export const UsernameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9._-]{1,31}$/, 'a username is 2-32 lower-case letters, digits, . _ -');

const PASSWORD_HASH = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

export const StaffRecordSchema = z.object({
  username: UsernameSchema,
  name: z.string().min(1).max(100),
  role: StaffRoleSchema,
  passwordHash: z.string().regex(PASSWORD_HASH),
  createdAt: z.iso.datetime(),
  disabledAt: z.iso.datetime().optional(),
});
export type StaffRecord = z.infer<typeof StaffRecordSchema>;

/** A logged-in staff member, as the console and the handoff API see them. */
export interface StaffMember {
  username: string;
  name: string;
  role: StaffRole;
}

export interface StaffStore {
  /** Stores a new account; refuses a username that exists (never overwrites). */
  add(record: StaffRecord): Promise<void>;
  get(username: string): Promise<StaffRecord | null>;
  /** Oldest first. */
  list(): Promise<StaffRecord[]>;
  /** Marks the account disabled, keeping the first time; false when there is no such account. */
  disable(username: string, at: string): Promise<boolean>;
}

export class StaffExistsError extends HotlineError {
  constructor(username: string) {
    super('STAFF_EXISTS', `staff account ${username} already exists / 值班账号已存在`, 409);
  }
}

export class WeakPasswordError extends HotlineError {
  constructor() {
    super('WEAK_PASSWORD', 'a password needs at least 10 characters / 密码至少需要 10 个字符', 400);
  }
}

export const MIN_PASSWORD_LENGTH = 10;

/** scrypt cost (N), block size (r), parallelism (p): OWASP's minimum for scrypt. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 } as const;

function scryptAsync(
  password: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
  keyLength: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      keyLength,
      { ...params, maxmem: 256 * params.N * params.r },
      (err, key) => (err === null ? resolve(key) : reject(err)),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT, SCRYPT.keyLength);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = PASSWORD_HASH.exec(stored);
  if (m === null) return false;
  const [, n, r, p, salt = '', hash = ''] = m;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(
    password,
    Buffer.from(salt, 'base64url'),
    { N: Number(n), r: Number(r), p: Number(p) },
    expected.length,
  );
  return timingSafeEqual(expected, actual);
}

/** A hash of no password, checked for unknown usernames so they take as long as wrong passwords. */
let decoyHash: Promise<string> | undefined;

export interface NewStaff {
  username: string;
  name: string;
  role: StaffRole;
  password: string;
}

export class StaffAccounts {
  constructor(
    private readonly store: StaffStore,
    private readonly clock: Clock,
  ) {}

  async add(input: NewStaff): Promise<StaffRecord> {
    if (input.password.length < MIN_PASSWORD_LENGTH) throw new WeakPasswordError();
    const record = StaffRecordSchema.parse({
      username: input.username,
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      createdAt: this.clock.now().toISOString(),
    });
    await this.store.add(record);
    return record;
  }

  /** The staff member for these credentials, or null: unknown, wrong password or disabled alike. */
  async verify(username: string, password: string): Promise<StaffMember | null> {
    const parsed = UsernameSchema.safeParse(username);
    const record = parsed.success ? await this.store.get(parsed.data) : null;
    if (record === null) {
      decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
      await verifyPassword(password, await decoyHash);
      return null;
    }
    const ok = await verifyPassword(password, record.passwordHash);
    if (!ok || record.disabledAt !== undefined) return null;
    return { username: record.username, name: record.name, role: record.role };
  }

  /** Whether an account has this username, disabled or not (for the log of a refused login). */
  async exists(username: string): Promise<boolean> {
    const parsed = UsernameSchema.safeParse(username);
    return parsed.success && (await this.store.get(parsed.data)) !== null;
  }

  /** The member as they are now, or null when there is no such account or it is disabled. */
  async active(username: string): Promise<StaffMember | null> {
    const record = await this.store.get(username);
    if (record === null || record.disabledAt !== undefined) return null;
    return { username: record.username, name: record.name, role: record.role };
  }

  list(): Promise<StaffRecord[]> {
    return this.store.list();
  }

  disable(username: string): Promise<boolean> {
    return this.store.disable(UsernameSchema.parse(username), this.clock.now().toISOString());
  }
}
