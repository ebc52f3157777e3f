import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import restify from 'restify';
import { webWidget } from '../../src/channels/web';
import { projectRoot } from '../../src/core/paths';

/** The widget's files over HTTP: types, caching, compression, the page's policy. */
describe('web widget files', () => {
  let server: restify.Server;
  let base: string;

  before(async () => {
    server = restify.createServer();
    webWidget({ webRoot: join(projectRoot(), 'web') })(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function page(path = '/'): Promise<{ res: Response; html: string; csp: string }> {
    const res = await fetch(`${base}${path}`);
    return { res, html: await res.text(), csp: res.headers.get('content-security-policy') ?? '' };
  }

  it('serves the page with a fresh nonce that its policy names, and nothing inline or eval', async () => {
    const first = await page();
    assert.equal(first.res.status, 200);
    assert.equal(first.res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(first.res.headers.get('cache-control'), 'no-store');
    const nonce = /nonce="([^"]+)"/.exec(first.html)?.[1];
    assert.ok(nonce, 'the app script carries a nonce');
    assert.ok(first.csp.includes(`'nonce-${nonce}'`), first.csp);
    assert.doesNotMatch(first.csp, /unsafe-inline|unsafe-eval/);
    assert.match(first.csp, /default-src 'self'/);
    assert.match(first.csp, /connect-src 'self'/);
    assert.doesNotMatch(first.html, /__CSP_NONCE__|__PAGE_MODE__|https?:\/\//);
    const second = await page();
    assert.notEqual(/nonce="([^"]+)"/.exec(second.html)?.[1], nonce);
  });

  it('marks the embedded variant for the iframe and lets other sites frame it', async () => {
    const { html, csp } = await page('/?embed=1');
    assert.match(html, /<html lang="zh-CN" class="embed">/);
    assert.match(csp, /frame-ancestors \*/);
    assert.match((await page('/')).html, /<html lang="zh-CN" class="page">/);
  });

  it('links its files with a content hash and lets the browser keep those for a year', async () => {
    const { html } = await page();
    const links = [...html.matchAll(/(?:src|href)="(\/(?:static|webchat)\/[^"]+)"/g)].map(
      (m) => m[1]!,
    );
    assert.deepEqual(links.map((l) => l.replace(/\?v=[\w-]+$/, '')).sort(), [
      '/static/app.js',
      '/static/logo.svg',
      '/static/logo.svg',
      '/static/widget.css',
      '/webchat/webchat.js',
    ]);
    for (const link of links) {
      const res = await fetch(`${base}${link}`);
      assert.equal(res.status, 200, link);
      assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable', link);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    }
    const unversioned = await fetch(`${base}/static/app.js`);
    assert.equal(unversioned.headers.get('cache-control'), 'public, max-age=300');
  });

  it('streams Web Chat from node_modules, gzipped, and answers 304 to a current copy', async () => {
    const res = await fetch(`${base}/webchat/webchat.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.match(await res.text(), /renderWebChat/);
    const etag = res.headers.get('etag');
    assert.ok(etag, 'etag');
    const again = await fetch(`${base}/webchat/webchat.js`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
  });

  it('serves embed.js to any site with a short cache', async () => {
    const res = await fetch(`${base}/embed.js`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(res.headers.get('cache-control'), 'public, max-age=300');
    assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.match(await res.text(), /attachShadow/);
  });

  it('answers HEAD, and 404 with a JSON error for a file it does not serve', async () => {
    const head = await fetch(`${base}/embed.js`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.ok(
      Number(head.headers.get('content-length')) > 0,
      "Number(head.headers.get('content-length')) > 0",
    );
    for (const path of ['/static/nope.js', '/static/index.html', '/static/%2e%2e%2fpackage.json']) {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, 404, path);
      assert.deepEqual(await res.json(), {
        code: 'NOT_FOUND',
        message: '没有这个文件 / no such file',
      });
    }
  });
});
