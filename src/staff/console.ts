import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Server } from 'restify';
import {
  getRoute,
  StaticAsset,
  sendAsset,
  sendBody,
  versionLinks,
  type SendOptions,
} from '../channels/web/assets';

export interface StaffConsoleOptions {
  /** The top-level web/ folder: the console lives in web/console/ and borrows web/logo.svg. */
  webRoot: string;
}

const STATIC_PREFIX = '/console/static/';
/** Served by name: a fixed list, so no request path ever reaches the disk. */
const STATIC_FILES: Readonly<Record<string, string>> = {
  'console.js': join('console', 'console.js'),
  'console.css': join('console', 'console.css'),
  'logo.svg': 'logo.svg',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=300';

/**
 * Nothing inline, nothing from elsewhere, never inside a frame: the page shows what citizens
 * wrote to staff who are logged in, so it gets the strictest policy the page can live with.
 */
export const CONSOLE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The duty staff console: the page at `/console` and its files under `/console/static/`, read
 * once here with content-hash links. The page is public; the staff API behind it
 * (docs/handoff-api.md) is what asks for a login.
 */
export function staffConsole(options: StaffConsoleOptions): (server: Server) => void {
  const statics = new Map(
    Object.entries(STATIC_FILES).map(([name, path]) => [
      name,
      StaticAsset.load(join(options.webRoot, path)),
    ]),
  );
  const page = Buffer.from(
    versionLinks(
      readFileSync(join(options.webRoot, 'console', 'index.html'), 'utf8'),
      [STATIC_PREFIX],
      (path) => statics.get(path.slice(STATIC_PREFIX.length)),
      'web/console/index.html',
    ),
  );

  return (server) => {
    getRoute(server, '/console', async (_req, res) => {
      sendBody(res, page, 'text/html; charset=utf-8', {
        cacheControl: 'no-store',
        headers: {
          'Content-Security-Policy': CONSOLE_POLICY,
          'Referrer-Policy': 'same-origin',
          'X-Frame-Options': 'DENY',
          'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
        },
      });
    });

    getRoute(server, `${STATIC_PREFIX}:file`, async (req, res) => {
      const name: unknown = req.params?.file;
      const asset = typeof name === 'string' ? statics.get(name) : undefined;
      if (asset === undefined) {
        res.send(404, { code: 'NOT_FOUND', message: '没有这个文件 / no such file' });
        return;
      }
      await sendAsset(req, res, asset, cacheFor(req, asset));
    });
  };
}

function cacheFor(req: Request, asset: StaticAsset): SendOptions {
  const version = new URL(req.url ?? '/', 'http://localhost').searchParams.get('v');
  return { cacheControl: version === asset.version ? IMMUTABLE : SHORT };
}
