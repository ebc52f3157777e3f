import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../core/clock';
import { UsernameSchema, type StaffMember } from './staff';

/**
 * Console login sessions of duty staff (issue 10). The session id lives only in the browser's
 * cookie; the store keys a session by the id's SHA-256, so a copy of Redis holds no live cookie.
 * Who the member is (name, role, disabled) is read from the account on every use: a disabled
 * account or a changed role takes effect at once, without a list of sessions per account.
 */
const BASE64URL_32_BYTES = /^[A-Za-z0-9_-]{43}$/;

export const StaffSessionRecordSchema = z.object({
  username: UsernameSchema,
  csrfToken: z.string().regex(BASE64URL_32_BYTES),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type StaffSessionRecord = z.infer<typeof StaffSessionRecordSchema>;

/** Sessions by the hex SHA-256 of their id; each expires on its own after its TTL. */
export interface StaffSessionStore {
  create(digest: string, record: StaffSessionRecord, ttlSeconds: number): Promise<void>;
  get(digest: string): Promise<StaffSessionRecord | null>;
  /** Moves the expiry of a session that still exists; false when it is gone. */
  renew(digest: string, expiresAt: string, ttlSeconds: number): Promise<boolean>;
  /** False when there was no such session. */
  delete(digest: string): Promise<boolean>;
  /** How many sessions of this username are live (logged in elsewhere too, another console). */
  liveFor(username: string): Promise<number>;
}

/** What a session needs to know about an account: the member, or null when unknown or disabled. */
export interface ActiveStaff {
  active(username: string): Promise<StaffMember | null>;
}

export interface StaffSession {
  /** The cookie value. Known only to the browser and, at creation, to the caller. */
  id: string;
  member: StaffMember;
  csrfToken: string;
  expiresAt: string;
  /** The expiry moved on this use: the caller sends the cookie again with a fresh Max-Age. */
  renewed: boolean;
}

export interface StaffSessionsOptions {
  store: StaffSessionStore;
  accounts: ActiveStaff;
  clock: Clock;
  ttlSeconds: number;
  /** The expiry is moved at most this often, so a busy console is not a write per request. */
  renewAfterSeconds?: number;
}

export function sessionDigest(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

export class StaffSessions {
  private readonly renewAfterMs: number;

  constructor(private readonly o: StaffSessionsOptions) {
    this.renewAfterMs = (o.renewAfterSeconds ?? 60) * 1000;
  }

  get ttlSeconds(): number {
    return this.o.ttlSeconds;
  }

  async create(member: StaffMember): Promise<StaffSession> {
    const id = randomBytes(32).toString('base64url');
    const now = this.o.clock.now();
    const record: StaffSessionRecord = {
      username: member.username,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now.toISOString(),
      expiresAt: this.expiryFrom(now),
    };
    await this.o.store.create(sessionDigest(id), record, this.o.ttlSeconds);
    return { id, member, csrfToken: record.csrfToken, expiresAt: record.expiresAt, renewed: true };
  }

  /** The live session behind a cookie value, its expiry moved on; null if none (or disabled). */
  async get(id: string): Promise<StaffSession | null> {
    if (!BASE64URL_32_BYTES.test(id)) return null;
    const digest = sessionDigest(id);
    const record = await this.o.store.get(digest);
    if (record === null) return null;
    const now = this.o.clock.now();
    const expiresAt = Date.parse(record.expiresAt);
    if (expiresAt <= now.getTime()) {
      await this.o.store.delete(digest);
      return null;
    }
    const member = await this.o.accounts.active(record.username);
    if (member === null) {
      await this.o.store.delete(digest);
      return null;
    }
    const session = { id, member, csrfToken: record.csrfToken };
    const lastRenewed = expiresAt - this.o.ttlSeconds * 1000;
    if (now.getTime() - lastRenewed < this.renewAfterMs) {
      return { ...session, expiresAt: record.expiresAt, renewed: false };
    }
    const next = this.expiryFrom(now);
    if (!(await this.o.store.renew(digest, next, this.o.ttlSeconds))) return null;
    return { ...session, expiresAt: next, renewed: true };
  }

  async delete(id: string): Promise<void> {
    if (BASE64URL_32_BYTES.test(id)) await this.o.store.delete(sessionDigest(id));
  }

  /** Whether the member still has a console session open elsewhere. */
  async loggedIn(username: string): Promise<boolean> {
    return (await this.o.store.liveFor(username)) > 0;
  }

  private expiryFrom(now: Date): string {
    return new Date(now.getTime() + this.o.ttlSeconds * 1000).toISOString();
  }
}
