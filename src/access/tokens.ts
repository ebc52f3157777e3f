import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../core/clock';
import { HotlineError } from '../core/errors';

/**
 * Bearer tokens for the department, duty and supervisor API. A token is shown once, at
 * creation; only its SHA-256 is stored. The token names its record (`hl_<id>_<secret>`), so a
 * lookup is one key read, and the secret is compared in constant time.
 */
export const API_ROLES = ['department', 'duty', 'supervisor'] as const;
export const ApiRoleSchema = z.enum(API_ROLES);
export type ApiRole = z.infer<typeof ApiRoleSchema>;

export const TokenIdSchema = z.string().regex(/^[0-9a-f]{12}$/, 'a token id is 12 hex digits');

export const TokenRecordSchema = z
  .object({
    id: TokenIdSchema,
    role: ApiRoleSchema,
    department: z.string().min(1).optional(),
    name: z.string().min(1).max(100).optional(),
    createdAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().optional(),
    /** hex SHA-256 of the whole token. */
    hash: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .refine((r) => (r.role === 'department') === (r.department !== undefined), {
    message: 'a department token names its department; other roles name none',
  });
export type TokenRecord = z.infer<typeof TokenRecordSchema>;

/** Who is calling, as the API and the ticket lifecycle see it. */
export interface Principal {
  tokenId: string;
  role: ApiRole;
  department?: string;
  name?: string;
}

export interface TokenStore {
  /** Stores a new record; refuses an id that exists (never overwrites). */
  add(record: TokenRecord): Promise<void>;
  get(id: string): Promise<TokenRecord | null>;
  /** Oldest first. */
  list(): Promise<TokenRecord[]>;
  /** Marks the token revoked; false when there is no such token. */
  revoke(id: string, at: string): Promise<boolean>;
}

export class TokenExistsError extends HotlineError {
  constructor(id: string) {
    super('TOKEN_EXISTS', `token ${id} already exists`, 409);
  }
}

export class UnknownDepartmentError extends HotlineError {
  constructor(code: string) {
    super(
      'UNKNOWN_DEPARTMENT',
      `no department with code "${code}" in intents/departments.yaml`,
      400,
    );
  }
}

const TOKEN_PATTERN = /^hl_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewToken {
  role: ApiRole;
  department?: string;
  name?: string;
}

export class AccessTokens {
  constructor(
    private readonly store: TokenStore,
    private readonly clock: Clock,
    /** Department codes a department token may name. */
    private readonly departments: ReadonlySet<string>,
  ) {}

  /** Creates a token; the returned `token` is the only time its secret exists outside the caller. */
  async create(input: NewToken): Promise<{ record: TokenRecord; token: string }> {
    if (input.role === 'department') {
      if (input.department === undefined || !this.departments.has(input.department)) {
        throw new UnknownDepartmentError(input.department ?? '');
      }
    }
    const id = randomBytes(6).toString('hex');
    const token = `hl_${id}_${randomBytes(32).toString('base64url')}`;
    const record = TokenRecordSchema.parse({
      id,
      role: input.role,
      department: input.role === 'department' ? input.department : undefined,
      name: input.name,
      createdAt: this.clock.now().toISOString(),
      hash: sha256(token),
    });
    await this.store.add(record);
    return { record, token };
  }

  /** The caller behind a bearer token, or null for anything unknown, malformed or revoked. */
  async authenticate(token: string): Promise<Principal | null> {
    const match = TOKEN_PATTERN.exec(token.trim());
    if (match === null) return null;
    const record = await this.store.get(match[1] ?? '');
    if (record === null || record.revokedAt !== undefined) return null;
    const expected = Buffer.from(record.hash, 'hex');
    const actual = Buffer.from(sha256(token.trim()), 'hex');
    if (!timingSafeEqual(expected, actual)) return null;
    return {
      tokenId: record.id,
      role: record.role,
      ...(record.department === undefined ? {} : { department: record.department }),
      ...(record.name === undefined ? {} : { name: record.name }),
    };
  }

  list(): Promise<TokenRecord[]> {
    return this.store.list();
  }

  revoke(id: string): Promise<boolean> {
    return this.store.revoke(TokenIdSchema.parse(id), this.clock.now().toISOString());
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
