import type { IncomingMessage } from 'node:http';
import type { Next, Request, RequestHandler, Response } from 'restify';
import type { RateLimit } from '../core/rateLimit';
import type { Logger } from '../log';

/**
 * The address a request came from. With `trustProxy` = 0 it is the socket's peer and
 * X-Forwarded-For is ignored (anyone can write it). Behind n proxies the nth address from the
 * right of `X-Forwarded-For, peer` is the one the outermost proxy saw: addresses further left
 * were written by the client and are not believed.
 */
export function clientAddress(req: IncomingMessage, trustProxy: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustProxy === 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a.length > 0);
  const chain = [...forwarded, peer];
  return chain[Math.max(0, chain.length - 1 - trustProxy)] ?? peer;
}

/**
 * Whether the request was sent from this machine, as far as can be known. With `trustProxy` = 0
 * a request that carries a forwarding header came through a proxy, which may sit on this machine
 * (its peer is then 127.0.0.1) and forward anyone's request: it is not known to be local.
 */
export function isFromThisMachine(req: IncomingMessage, trustProxy: number): boolean {
  if (trustProxy === 0 && forwarded(req)) return false;
  return isLoopbackAddress(clientAddress(req, trustProxy));
}

/**
 * With `trustProxy` = 0 and requests arriving through a proxy, every client is the proxy's one
 * address: all share one rate limit (the 21st visitor of the widget in a minute gets 429) and
 * nothing says why. Says so in the log, once per process, at the first forwarded request.
 */
export function warnOfUntrustedProxy(logger: Logger): RequestHandler {
  let warned = false;
  return (req: Request, _res: Response, next: Next) => {
    if (!warned && forwarded(req)) {
      warned = true;
      logger.warn(
        'requests arrive through a proxy (X-Forwarded-For) but TRUST_PROXY is 0: every client ' +
          'counts as the proxy in the per-address rate limits, and none is local. Set TRUST_PROXY ' +
          'to the number of proxies in front of the bot (README, "Rate limits and proxies").',
      );
    }
    next();
  };
}

function forwarded(req: IncomingMessage): boolean {
  const h = req.headers;
  return (
    h['x-forwarded-for'] !== undefined || h.forwarded !== undefined || h['x-real-ip'] !== undefined
  );
}

/** 127.0.0.0/8 or ::1, also written IPv4-mapped (`::ffff:127.0.0.1`): this machine. */
export function isLoopbackAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4 === '::1' || /^127(?:\.\d{1,3}){3}$/.test(v4);
}

/**
 * Restify middleware spending one request of `limit` under the key `keyOf` gives (none: not
 * limited here, the route refuses what it cannot read). Beyond the limit: 429
 * `{code: "RATE_LIMITED"}` with Retry-After in seconds. If the limiter itself fails the request
 * goes on: refusing everyone for a counting error would be worse.
 */
export function rateLimited(
  limit: RateLimit,
  keyOf: (req: Request) => string | undefined,
  logger: Logger,
): RequestHandler {
  return (req: Request, res: Response, next: Next) => {
    const key = keyOf(req);
    if (key === undefined) {
      next();
      return;
    }
    limit.take(key).then(
      (decision) => {
        if (decision.allowed) {
          next();
          return;
        }
        const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
        res.header('Retry-After', String(seconds));
        res.send(429, {
          code: 'RATE_LIMITED',
          message: `请求过于频繁，请 ${seconds} 秒后再试。Too many requests: try again in ${seconds} s.`,
        });
        next(false);
      },
      (err: unknown) => {
        logger.error({ err }, 'rate limit could not be checked; request let through');
        next();
      },
    );
  };
}
