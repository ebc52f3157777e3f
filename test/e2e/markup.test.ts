import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';
import {
  chromiumInstalled,
  CHROMIUM,
  launchChromium,
  problems,
  watchedContext,
} from './support/browser';
import { TICKET, WebChat } from './support/webchat';

const WELCOME = '12345政务服务便民热线智能助手';
/** Markup a person might type, each of which became an element before it was escaped. */
const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '![t](http://198.51.100.7/x.png)',
  '**每个月多收两百块**',
  '<b>停车费</b>',
  '_物业_',
];
const REQUEST = `我家小区物业乱收费 ${PAYLOADS.join(' ')} 市南区香港中路`;
/** The elements those payloads would create; the page's own chrome never puts them in a bubble. */
const CREATED = 'img, strong, b, em, i, a[href^="http://198"], [onerror]';

/**
 * A request full of Markdown and HTML, filed through the widget in a real Chromium: the
 * summary card and the transcript show it as typed, and nothing in them is an element the
 * person's text created or a request to a host that is not the bot.
 */
describe('web widget: what a person typed stays text (browser)', function () {
  this.timeout(180_000);

  let app: App;
  let base: string;
  let prefix: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const external: string[] = [];
  const dialogs: string[] = [];

  before(async function () {
    if (!chromiumInstalled()) {
      if (process.env.CI === 'true')
        throw new Error(`${CHROMIUM} is missing (.ci/run installs it)`);
      console.warn(`    skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
      this.skip();
    }
    prefix = testPrefix();
    const config = loadConfig({ ...REDIS_ENV, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'silent' });
    app = await createApp(config, { logger: pino({ level: 'silent' }) });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    // A page fulfilled by the test (below) counts as public to Chromium, which would then keep
    // it from the bot's loopback address.
    browser = await launchChromium(['--disable-features=LocalNetworkAccessChecks']);
    context = await watchedContext(browser, { viewport: { width: 1280, height: 800 } });
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url === `${base}/`) {
        // The hotline page without its Content-Security-Policy: as Teams, or a site with its
        // own Web Chat and no policy, would show the same card.
        const response = await route.fetch();
        const headers = { ...response.headers() };
        delete headers['content-security-policy'];
        await route.fulfill({ response, headers });
      } else if (url.startsWith(base) || url.startsWith('data:') || url.startsWith('blob:')) {
        await route.continue();
      } else {
        // Anything for another host is recorded and never leaves the machine.
        external.push(url);
        await route.abort('blockedbyclient');
      }
    });
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    if (app) {
      await app.close();
      await cleanup(connect(), prefix);
    }
  });

  it('shows the summary card with the markup as text, creating no element and no request', async () => {
    await page.goto(`${base}/`);
    const chat = new WebChat(page);
    await chat.waitForText(WELCOME);
    await chat.send(REQUEST);
    await chat.choose('市民');
    await chat.choose('跳过');
    const card = page.locator('.ac-adaptiveCard').first();
    await card.waitFor();

    const shown = (await card.textContent()) ?? '';
    const bubbles = page.locator('.webchat__bubble__content');
    const atSummary = {
      notShownAsTyped: PAYLOADS.filter((p) => !shown.includes(p)),
      // Every bubble, the person's own included (bot avatars are the page's, outside them).
      createdInBubbles: await bubbles.locator(CREATED).count(),
    };
    const before = (await chat.matches(TICKET)).length;
    await chat.choose('确认提交');
    await chat.waitForMore(TICKET, before);
    const found = {
      ...atSummary,
      createdAfterFiling: await bubbles.locator(CREATED).count(),
      payloadImages: await page
        .locator('img[src="x"], img[src*="198.51.100.7"], [onerror]')
        .count(),
      externalRequests: external,
      scriptsRun: dialogs,
      problems: await problems(page),
    };
    assert.deepEqual(
      found,
      {
        notShownAsTyped: [],
        createdInBubbles: 0,
        createdAfterFiling: 0,
        payloadImages: 0,
        externalRequests: [],
        scriptsRun: [],
        problems: [],
      },
      await card.locator('.ac-textBlock').last().innerHTML(),
    );
  });
});
