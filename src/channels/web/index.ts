import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import type { Request, Server } from 'restify';
import {
  getRoute as route,
  StaticAsset,
  sendAsset,
  sendBody,
  versionLinks,
  type SendOptions,
} from './assets';
import { projectRoot } from '../../core/paths';
import { newNonce, widgetPolicy } from './csp';

export interface WebWidgetOptions {
  /** The top-level web/ folder: index.html, embed.js, app.js, widget.css, logo.svg. */
  webRoot: string;
  /** Who may show the page in an iframe (embed.js on a government site). Default: any site. */
  frameAncestors?: readonly string[];
}

/** Served under /static/ by name: a fixed list, so no request path ever reaches the disk. */
const STATIC_FILES = ['app.js', 'widget.css', 'logo.svg'];
const WEBCHAT_PATH = '/webchat/webchat.js';
const NONCE = '__CSP_NONCE__';
const MODE = '__PAGE_MODE__';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=300';

/**
 * The citizens' web widget: the hotline page at `/` (`/?embed=1` inside the embed.js iframe),
 * `/embed.js` for other sites, the page's own files under `/static/`, and the Web Chat bundle
 * the build copied into dist/web/. Everything is read once here; the page links carry a content hash so the
 * browser may keep them for a year and still never mixes files from two releases.
 */
export function webWidget(options: WebWidgetOptions): (server: Server) => void {
  const statics = new Map(
    STATIC_FILES.map((name) => [name, StaticAsset.load(join(options.webRoot, name))]),
  );
  const webChat = StaticAsset.load(webChatBundlePath());
  const embed = StaticAsset.load(join(options.webRoot, 'embed.js'));
  const page = versionLinks(
    readFileSync(join(options.webRoot, 'index.html'), 'utf8'),
    ['/static/', '/webchat/'],
    (path) => (path === WEBCHAT_PATH ? webChat : statics.get(path.replace(/^\/static\//, ''))),
    'web/index.html',
  );
  if (!page.includes(NONCE)) throw new Error(`web/index.html has no ${NONCE} placeholder`);
  const frameAncestors = options.frameAncestors ?? ['*'];

  return (server) => {
    route(server, '/', async (req, res) => {
      const nonce = newNonce();
      const html = page.replaceAll(NONCE, nonce).replace(MODE, isEmbed(req) ? 'embed' : 'page');
      sendBody(res, Buffer.from(html), 'text/html; charset=utf-8', {
        cacheControl: 'no-store',
        headers: {
          'Content-Security-Policy': widgetPolicy(nonce, frameAncestors),
          'Referrer-Policy': 'same-origin',
          'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
        },
      });
    });

    // Loaded by other sites' pages: short cache so a fix reaches them within minutes.
    route(server, '/embed.js', (req, res) =>
      sendAsset(req, res, embed, {
        cacheControl: SHORT,
        headers: {
          'Cross-Origin-Resource-Policy': 'cross-origin',
          'Access-Control-Allow-Origin': '*',
        },
      }),
    );

    route(server, '/static/:file', async (req, res) => {
      const name: unknown = req.params?.file;
      const asset = typeof name === 'string' ? statics.get(name) : undefined;
      if (asset === undefined) {
        res.send(404, { code: 'NOT_FOUND', message: '没有这个文件 / no such file' });
        return;
      }
      await sendAsset(req, res, asset, cacheFor(req, asset));
    });

    route(server, WEBCHAT_PATH, (req, res) => sendAsset(req, res, webChat, cacheFor(req, webChat)));
  };
}

/**
 * Web Chat's self-contained browser bundle (React included). Compiled code serves the copy the
 * build put in dist/web/ (botframework-webchat is a dev dependency, absent after
 * `npm ci --omit=dev`); under tsx, the installed package, so development never serves a stale copy.
 */
export function webChatBundlePath(compiled: boolean = extname(__filename) === '.js'): string {
  if (!compiled) {
    // Its package exports hide dist/.
    return join(dirname(require.resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
  }
  const built = join(projectRoot(__dirname), 'dist', 'web', 'webchat.js');
  if (!existsSync(built)) {
    throw new Error(`${built} is missing: run \`npm run build\` (it copies Web Chat's bundle)`);
  }
  return built;
}

function cacheFor(req: Request, asset: StaticAsset): SendOptions {
  return { cacheControl: query(req).get('v') === asset.version ? IMMUTABLE : SHORT };
}

function isEmbed(req: Request): boolean {
  return query(req).get('embed') === '1';
}

function query(req: Request): URLSearchParams {
  return new URL(req.url ?? '/', 'http://localhost').searchParams;
}
