import {
  createHash,
  createHmac,
  createSecretKey,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { Clock } from '../../core/clock';
import { HotlineError } from '../../core/errors';

/** Tokens live 30 minutes, as on Azure; directlinejs refreshes them every 15. */
export const TOKEN_LIFETIME_SECONDS = 30 * 60;
const ISSUER = 'hotline-12345/directline';

/** Who is calling: the server-side secret (any conversation) or a token for one conversation. */
export type Caller =
  { kind: 'secret' } | { kind: 'token'; conversationId: string; userId: string | null };

export interface IssuedToken {
  token: string;
  expires_in: number;
}

/** `user` is the claim directlinejs and Web Chat read the user id from. */
const ClaimsSchema = z.object({
  conv: z.string().min(1),
  user: z.string().min(1).optional(),
});

export class DirectLineAuthError extends HotlineError {
  constructor(
    code: 'UNAUTHORIZED' | 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'FORBIDDEN',
    message: string,
  ) {
    super(code, message, code === 'UNAUTHORIZED' ? 401 : 403);
  }
}

/**
 * Direct Line secret and tokens. Tokens are HS256 JWTs scoped to one conversation (and, when
 * known, one user), signed with a key derived from the secret so the secret itself never signs
 * anything a browser holds.
 */
export class DirectLineTokens {
  private readonly key: Buffer;
  /**
   * The key as a KeyObject for jsonwebtoken: given bytes, it first tries to read them as a PEM
   * or DER key on every sign and verify, and only when OpenSSL has failed takes them as a secret.
   * That failed parse was a sixth of a web chat turn's CPU.
   */
  private readonly jwtKey: KeyObject;
  private readonly secretDigest: Buffer;

  constructor(
    secret: string,
    private readonly clock: Clock,
  ) {
    this.key = createHmac('sha256', secret).update('hotline directline token key v1').digest();
    this.jwtKey = createSecretKey(this.key);
    this.secretDigest = digest(secret);
  }

  /**
   * Proof that a web chat user id was handed out here: a returning browser shows it with its id.
   * Without it anyone who learnt an id could take over that person's "my tickets".
   */
  userKey(userId: string): string {
    return createHmac('sha256', this.key).update(`webchat-user:${userId}`).digest('base64url');
  }

  isUserKey(userId: string, key: string): boolean {
    const expected = Buffer.from(this.userKey(userId));
    const given = Buffer.from(key);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  issue(conversationId: string, userId: string | null): IssuedToken {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const claims = { conv: conversationId, ...(userId === null ? {} : { user: userId }) };
    const token = jwt.sign(
      { ...claims, iat, nbf: iat, exp: iat + TOKEN_LIFETIME_SECONDS },
      this.jwtKey,
      {
        algorithm: 'HS256',
        issuer: ISSUER,
        audience: ISSUER,
      },
    );
    return { token, expires_in: TOKEN_LIFETIME_SECONDS };
  }

  /** The caller behind an `Authorization: Bearer ...` header. */
  authenticate(header: string | undefined): Caller {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (match?.[1] === undefined) {
      throw new DirectLineAuthError(
        'UNAUTHORIZED',
        'Authorization: Bearer <secret or token> is required',
      );
    }
    return this.authenticateCredential(match[1]);
  }

  /** The caller behind a bare secret or token (the `t` parameter of a stream URL). */
  authenticateCredential(credential: string): Caller {
    if (timingSafeEqual(digest(credential), this.secretDigest)) return { kind: 'secret' };
    let payload: unknown;
    try {
      payload = jwt.verify(credential, this.jwtKey, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: ISSUER,
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) {
        throw new DirectLineAuthError('TOKEN_EXPIRED', 'token has expired');
      }
      throw new DirectLineAuthError('TOKEN_INVALID', 'token is not valid');
    }
    const claims = ClaimsSchema.safeParse(payload);
    if (!claims.success) throw new DirectLineAuthError('TOKEN_INVALID', 'token is not valid');
    return { kind: 'token', conversationId: claims.data.conv, userId: claims.data.user ?? null };
  }
}

/** Throws unless the caller may use this conversation. */
export function assertConversation(caller: Caller, conversationId: string): void {
  if (caller.kind === 'token' && caller.conversationId !== conversationId) {
    throw new DirectLineAuthError('FORBIDDEN', 'token is not valid for this conversation');
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
