import { sendApiError } from '../api/errors';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { StaffSession, StaffSessions } from '../access/sessions';
import type { StaffMember, StaffRole } from '../access/staff';
import { HotlineError, UnsupportedMediaTypeError } from '../core/errors';
import type { RateLimit } from '../core/rateLimit';
import type { Logger } from '../log';

/**
 * Console login for duty staff (docs/handoff-api.md, "Session"): POST/GET/DELETE
 * /api/staff/session, a `hotline_staff` cookie holding the session id, and a CSRF token the
 * console repeats in `X-CSRF-Token` on every state change. Other staff routes use `staffGuard`.
 */
export const STAFF_COOKIE = 'hotline_staff';
export const CSRF_HEADER = 'X-CSRF-Token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export class BadCredentialsError extends HotlineError {
  constructor() {
    super('BAD_CREDENTIALS', '用户名或密码不正确 / wrong username or password', 401);
  }
}

export class UnauthenticatedError extends HotlineError {
  constructor() {
    super('UNAUTHENTICATED', '请先登录 / please log in', 401);
  }
}

export class CsrfFailedError extends HotlineError {
  constructor() {
    super(
      'CSRF_FAILED',
      `缺少或错误的 ${CSRF_HEADER} / a missing or wrong ${CSRF_HEADER} header`,
      403,
    );
  }
}

export class StaffForbiddenError extends HotlineError {
  constructor(role: StaffRole, allowed: readonly StaffRole[]) {
    super('FORBIDDEN', `无权操作 / ${role} may not do this; ${allowed.join(' or ')} may`, 403);
  }
}

export class RateLimitedError extends HotlineError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'RATE_LIMITED',
      `尝试次数过多，请 ${retryAfterSeconds} 秒后再试 / too many attempts: try again in ${retryAfterSeconds} s`,
      429,
    );
  }
}

const LoginSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});

export interface StaffCookieOptions {
  secure: boolean;
}

export interface StaffGuardDeps {
  sessions: StaffSessions;
  cookie: StaffCookieOptions;
}

export interface StaffAuth {
  member: StaffMember;
  session: StaffSession;
}

export interface GuardOptions {
  /** Roles allowed; default: any staff role. */
  roles?: readonly StaffRole[];
  /** Require `X-CSRF-Token`; default: for every method but GET, HEAD and OPTIONS. */
  csrf?: boolean;
}

export type StaffGuard = (
  req: Request,
  res: Response,
  options?: GuardOptions,
) => Promise<StaffAuth>;

/**
 * Who is calling from the console: the session behind the cookie, checked for CSRF and role.
 * Throws UnauthenticatedError (401), CsrfFailedError or StaffForbiddenError (403); answer them
 * with `sendStaffError`. When the session's expiry moved, the cookie is sent again with it.
 */
export function staffGuard(deps: StaffGuardDeps): StaffGuard {
  return async (req, res, options = {}) => {
    const id = cookieValue(req, STAFF_COOKIE);
    const session = id === undefined ? null : await deps.sessions.get(id);
    if (session === null) throw new UnauthenticatedError();
    if ((options.csrf ?? !SAFE_METHODS.has(req.method ?? '')) && !csrfMatches(req, session)) {
      throw new CsrfFailedError();
    }
    if (options.roles !== undefined && !options.roles.includes(session.member.role)) {
      throw new StaffForbiddenError(session.member.role, options.roles);
    }
    if (session.renewed) setSessionCookie(res, session.id, deps.sessions.ttlSeconds, deps.cookie);
    return { member: session.member, session };
  };
}

export interface StaffSessionDeps extends StaffGuardDeps {
  /** The member for these credentials, or null: unknown, wrong password or disabled alike. */
  verify(username: string, password: string): Promise<StaffMember | null>;
  /**
   * Whether the username names an account. A refused login logs the username only then: in a
   * username field that names nobody, people type their password.
   */
  accountExists(username: string): Promise<boolean>;
  /** Login attempts, per client address and per username (shared by all instances). */
  limits: { perAddress: RateLimit; perUsername: RateLimit };
  clientAddress(req: Request): string;
  /** The hotline's IANA time zone: the console shows every time in it, not the browser's. */
  timeZone: string;
  /**
   * A staff member logged out (their shift ended): what they still held goes back to the queue.
   * Returns how many conversations went back.
   */
  signedOff?(member: StaffMember): Promise<number>;
  logger: Logger;
}

export function mountStaffSession(server: Server, deps: StaffSessionDeps): void {
  const guard = staffGuard(deps);
  const { logger } = deps;

  server.post('/api/staff/session', async (req: Request, res: Response) => {
    const address = deps.clientAddress(req);
    try {
      await spend(deps.limits.perAddress, address, logger);
      if (!req.is('json')) throw new UnsupportedMediaTypeError();
      const { username, password } = LoginSchema.parse(req.body);
      await spend(deps.limits.perUsername, limitKey(username), logger);
      const member = await deps.verify(username, password);
      if (member === null) {
        const known = await deps.accountExists(username);
        logger.warn(
          known ? { username, account: 'exists', address } : { account: 'unknown', address },
          'staff login refused',
        );
        throw new BadCredentialsError();
      }
      const previous = cookieValue(req, STAFF_COOKIE);
      if (previous !== undefined) await deps.sessions.delete(previous);
      const session = await deps.sessions.create(member);
      logger.info({ username, role: member.role, address }, 'staff logged in');
      setSessionCookie(res, session.id, deps.sessions.ttlSeconds, deps.cookie);
      sendSession(res, session, deps.timeZone);
    } catch (err) {
      sendStaffError(res, err, logger);
    }
  });

  server.get('/api/staff/session', async (req: Request, res: Response) => {
    try {
      const { session } = await guard(req, res);
      sendSession(res, session, deps.timeZone);
    } catch (err) {
      sendStaffError(res, err, logger);
    }
  });

  server.del('/api/staff/session', async (req: Request, res: Response) => {
    try {
      const { member, session } = await guard(req, res, { csrf: true });
      await deps.sessions.delete(session.id);
      // The shift ends with the member's last console: logging out of one of two (a second
      // screen, a colleague's desk) leaves what they hold in their hands.
      const stillIn = await deps.sessions.loggedIn(member.username).catch((err: unknown) => {
        logger.error({ err, username: member.username }, 'other consoles not checked at logout');
        return false;
      });
      // Logging out is never refused: a conversation that could not go back is still swept
      // back to the queue once its claim has been idle long enough.
      const signedOff = stillIn ? undefined : deps.signedOff?.(member);
      const requeued = await (signedOff ?? Promise.resolve(0)).catch((err: unknown) => {
        logger.error({ err, username: member.username }, 'claims not requeued at logout');
        return 0;
      });
      logger.info({ username: member.username, requeued, stillIn }, 'staff logged out');
      res.header('Set-Cookie', cookieHeader('', 0, deps.cookie));
      res.send(204);
    } catch (err) {
      sendStaffError(res, err, logger);
    }
  });
}

/** An error as `{code, message}` (sendApiError), with Retry-After on a refused login. */
export function sendStaffError(res: Response, err: unknown, logger: Logger): void {
  if (err instanceof RateLimitedError && !res.headersSent) {
    res.header('Retry-After', String(err.retryAfterSeconds));
  }
  sendApiError(res, err, logger, 'staff api');
}

/** The per-username limit's key: a digest, so what was typed is not kept in Redis as a key. */
function limitKey(username: string): string {
  return createHash('sha256').update(username.toLowerCase()).digest('base64url');
}

/** Spends one attempt; over the limit throws RateLimitedError. A failing limiter lets it pass. */
async function spend(limit: RateLimit, key: string, logger: Logger): Promise<void> {
  let decision;
  try {
    decision = await limit.take(key);
  } catch (err) {
    logger.error({ err }, 'login rate limit could not be checked; attempt let through');
    return;
  }
  if (!decision.allowed) {
    throw new RateLimitedError(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
  }
}

function sendSession(res: Response, session: StaffSession, timeZone: string): void {
  const { username, name, role } = session.member;
  res.header(CSRF_HEADER, session.csrfToken);
  res.header('Cache-Control', 'no-store');
  res.send(200, {
    staff: { username, name, role },
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
    timeZone,
  });
}

function csrfMatches(req: Request, session: StaffSession): boolean {
  const given = Buffer.from(req.header(CSRF_HEADER) ?? '');
  const expected = Buffer.from(session.csrfToken);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function setSessionCookie(
  res: Response,
  id: string,
  maxAgeSeconds: number,
  options: StaffCookieOptions,
): void {
  res.header('Set-Cookie', cookieHeader(id, maxAgeSeconds, options));
}

function cookieHeader(value: string, maxAgeSeconds: number, options: StaffCookieOptions): string {
  const secure = options.secure ? '; Secure' : '';
  return `${STAFF_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

/** One cookie from the Cookie header (the session id is base64url: nothing to decode). */
export function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
