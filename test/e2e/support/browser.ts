import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from '../../../src/core/paths';

/** Debian's chromium (apt-get install chromium): playwright-core drives it, nothing is downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium with a fresh profile: launch() gives every browser its own temporary user-data-dir. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...ARGS, ...extraArgs],
    headless: true,
  });
}

/**
 * A context that records, in every frame, what a page should never do: break its
 * Content-Security-Policy or throw. `problems()` reads them back from all frames.
 */
export async function watchedContext(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'zh-CN', ...options });
  // A string: the tests' tsconfig has no DOM lib, and this runs in the page anyway.
  await context.addInitScript({
    content: `
      window.__problems = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__problems.push('CSP ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));
      window.addEventListener('error', (e) => window.__problems.push('error: ' + e.message));
    `,
  });
  return context;
}

export async function problems(page: Page): Promise<string[]> {
  const all: string[] = [];
  for (const frame of page.frames()) {
    const found: unknown = await frame.evaluate('window.__problems || []').catch(() => []);
    if (Array.isArray(found)) all.push(...found.map((p) => `${frame.url()}: ${String(p)}`));
  }
  return all;
}

/** A plain "government site" on another origin, for embed.js. */
export async function hostSite(html: string): Promise<{ server: Server; base: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // localhost vs the bot's 127.0.0.1: another origin, and another site too.
  return { server, base: `http://localhost:${port}` };
}

/**
 * Saves a screenshot under test-artifacts/; with UPDATE_SCREENSHOTS=1 also under
 * docs/screenshots/, the copies the README links (kept out of ordinary runs, which would
 * otherwise rewrite committed images every time).
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const root = projectRoot();
  const dir = join(root, 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  await page.screenshot({ path });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    const docs = join(root, 'docs', 'screenshots');
    mkdirSync(docs, { recursive: true });
    copyFileSync(path, join(docs, name));
  }
  return path;
}

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM);
}

/** Polls from here: the console's policy has no 'unsafe-eval' for waitForFunction's own polling. */
export async function until(page: Page, expression: string, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`never true in the page: ${expression}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
