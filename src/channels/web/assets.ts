import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Request, Response, Server } from 'restify';

const gzipAsync = promisify(gzip);

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Below this size gzip saves less than its own cost. */
const GZIP_MIN_BYTES = 1024;

/** A file held in memory with its validator. Gzipped once, on first demand, then kept. */
export class StaticAsset {
  readonly etag: string;
  /** A short content hash for cache-busting links. */
  readonly version: string;
  private gzipped: Promise<Buffer> | undefined;

  constructor(
    readonly body: Buffer,
    readonly contentType: string,
  ) {
    const hash = createHash('sha1').update(body).digest('base64url');
    this.etag = `"${hash}"`;
    this.version = hash.slice(0, 12);
  }

  static load(path: string): StaticAsset {
    const type = CONTENT_TYPES[extname(path).toLowerCase()];
    if (type === undefined) throw new Error(`no content type known for ${path}`);
    return new StaticAsset(readFileSync(path), type);
  }

  get compressible(): boolean {
    return this.body.length >= GZIP_MIN_BYTES && !this.contentType.startsWith('image/png');
  }

  gzip(): Promise<Buffer> {
    this.gzipped ??= gzipAsync(this.body, { level: 9 });
    return this.gzipped;
  }
}

export interface SendOptions {
  cacheControl: string;
  headers?: Readonly<Record<string, string>>;
}

/** Sends an asset with its ETag (304 when the browser's copy is current), gzipped if accepted. */
export async function sendAsset(
  req: Request,
  res: Response,
  asset: StaticAsset,
  options: SendOptions,
): Promise<void> {
  res.setHeader('ETag', asset.etag);
  if (matches(req.headers['if-none-match'], asset.etag)) {
    writeCommonHeaders(res, asset.contentType, options);
    res.writeHead(304);
    res.end();
    return;
  }
  const gzipped = asset.compressible && acceptsGzip(req);
  sendBody(res, gzipped ? await asset.gzip() : asset.body, asset.contentType, {
    ...options,
    headers: { ...options.headers, ...(gzipped ? { 'Content-Encoding': 'gzip' } : {}) },
  });
}

/** Sends a body built for this request (the page with its nonce): no validator, no gzip. */
export function sendBody(
  res: Response,
  body: Buffer,
  contentType: string,
  options: SendOptions,
): void {
  writeCommonHeaders(res, contentType, options);
  res.setHeader('Content-Length', body.length);
  res.writeHead(200);
  res.end(body);
}

function writeCommonHeaders(res: Response, contentType: string, options: SendOptions): void {
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', options.cacheControl);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Vary', 'Accept-Encoding');
  for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);
}

function acceptsGzip(req: Request): boolean {
  const accept = req.headers['accept-encoding'];
  return typeof accept === 'string' && /\bgzip\b(?!;q=0(\.0*)?\b)/i.test(accept);
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === etag || t === '*');
}

/**
 * Appends `?v=<content hash>` to every `src`/`href` in a page that starts with one of
 * `prefixes`; a link to a file that is not served stops start-up rather than a browser later.
 */
export function versionLinks(
  html: string,
  prefixes: readonly string[],
  assetAt: (path: string) => StaticAsset | undefined,
  page: string,
): string {
  const alternatives = prefixes.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
  const link = new RegExp(`(src|href)="((?:${alternatives})[^"?]+)"`, 'g');
  return html.replace(link, (_m, attr: string, path: string) => {
    const asset = assetAt(path);
    if (asset === undefined) throw new Error(`${page} links to ${path}, which is not served`);
    return `${attr}="${path}?v=${asset.version}"`;
  });
}

/** GET and HEAD on one path. */
export function getRoute(
  server: Server,
  path: string,
  handler: (req: Request, res: Response) => Promise<void>,
): void {
  // restify tells async handlers from callback ones by their constructor: wrap in a real one.
  const asyncHandler = async (req: Request, res: Response) => handler(req, res);
  server.get(path, asyncHandler);
  server.head(path, asyncHandler);
}
