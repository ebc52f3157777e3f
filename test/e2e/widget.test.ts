import { strict as assert } from 'node:assert';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';
import {
  chromiumInstalled,
  CHROMIUM,
  hostSite,
  launchChromium,
  problems,
  screenshot,
  watchedContext,
} from './support/browser';
import { TICKET, WebChat } from './support/webchat';

const REQUEST = '我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路';
const WELCOME = '12345政务服务便民热线智能助手';

/**
 * The citizens' widget in a real Chromium against the real server and Redis: the hotline page
 * over Direct Line, a reload that resumes, a phone screen, and embed.js on another origin.
 */
/** From the welcome to the summary card: the request, then 市民 and 跳过 as buttons. */
async function reachSummary(page: Page): Promise<WebChat> {
  const chat = new WebChat(page);
  await chat.waitForText(WELCOME);
  await chat.send(REQUEST);
  await chat.choose('市民');
  await chat.choose('跳过');
  await page.locator('.ac-adaptiveCard').first().waitFor();
  return chat;
}

describe('web widget (browser)', function () {
  this.timeout(180_000);

  let app: App;
  let base: string;
  let prefix: string;
  let browser: Browser;
  let host: { server: HttpServer; base: string };

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
    host = await hostSite(
      '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>某区人民政府</title></head>' +
        '<body><h1>某区人民政府门户网站</h1><p><a href="#news">政务公开</a></p>' +
        `<script src="${base}/embed.js" async></script></body></html>`,
    );
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (host ? host.server.close(() => resolve()) : resolve()));
    if (app) {
      await app.close();
      await cleanup(connect(), prefix);
    }
  });

  describe('the hotline page', () => {
    let context: BrowserContext;
    let page: Page;
    let ticket: string;

    before(async () => {
      context = await watchedContext(browser, { viewport: { width: 1280, height: 800 } });
      page = await context.newPage();
    });

    after(async () => {
      await context?.close();
    });

    afterEach(async () => {
      assert.deepEqual(await problems(page), []);
    });

    it('files a ticket through suggested actions and the summary card', async () => {
      await page.goto(`${base}/`);
      assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
      const chat = await reachSummary(page);
      // The welcome already shows an example number: the ticket is the next one to appear.
      const shown = (await chat.matches(TICKET)).length;
      await chat.choose('确认提交');
      ticket = await chat.waitForMore(TICKET, shown);
      assert.match(ticket, /^QD\d{8}-\d{6}$/);
      await chat.settle();
      await screenshot(page, 'widget-desktop.png');
    });

    it('resumes the same conversation after a reload and carries on', async () => {
      assert.ok(ticket, 'needs the ticket of the previous test');
      await page.reload();
      const chat = new WebChat(page);
      await chat.waitForText(ticket);
      assert.ok((await chat.text()).includes(REQUEST), 'the earlier request is shown again');
      const mentions = new RegExp(ticket, 'g');
      const before = (await chat.matches(mentions)).length;

      await chat.send('我的工单');
      await chat.waitForMore(mentions, before);
    });

    it('forgets conversation and identity on "新对话", so the next person sees no tickets', async () => {
      assert.ok(ticket, 'needs the ticket of the first test');
      await page.click('#new-conversation');
      const chat = new WebChat(page);
      // The new conversation's welcome in a transcript that no longer holds the old ticket.
      const fresh = new RegExp(`^(?![\\s\\S]*${ticket})[\\s\\S]*请直接用一两句话描述您遇到的问题`);
      await chat.waitForText(fresh);
      await chat.send('我的工单');
      await chat.waitForText('您还没有登记过工单');
    });
  });

  describe('when the bot cannot be reached', () => {
    it('says so plainly and connects on "重新连接" once it answers again', async () => {
      const context = await watchedContext(browser, { viewport: { width: 1280, height: 800 } });
      try {
        const page = await context.newPage();
        await page.route('**/api/webchat/token', (route) => route.abort('connectionrefused'));
        await page.goto(`${base}/`);
        const status = page.locator('#status[role="alert"]');
        await status.waitFor();
        assert.match((await status.textContent()) ?? '', /暂时无法连接.*12345/);

        await page.unroute('**/api/webchat/token');
        await page.getByRole('button', { name: '重新连接' }).click();
        await new WebChat(page).waitForText(WELCOME);
        assert.equal(await status.isVisible(), false);
      } finally {
        await context.close();
      }
    });
  });

  describe('on a phone', () => {
    it('fits a 390 px and a 375 px screen without sideways scrolling', async () => {
      const context = await watchedContext(browser, {
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      });
      try {
        const page = await context.newPage();
        await page.goto(`${base}/`);
        const chat = await reachSummary(page);
        await page
          .locator('.webchat__suggested-actions')
          .getByRole('button', { name: '确认提交', exact: true })
          .waitFor();
        await chat.settle();
        await screenshot(page, 'widget-phone.png');

        for (const width of [390, 375]) {
          await page.setViewportSize({ width, height: 812 });
          const overflow = Number(await page.evaluate('document.documentElement.scrollWidth'));
          assert.ok(overflow <= width, `page is ${overflow} px wide at ${width} px`);
        }
        assert.deepEqual(await problems(page), []);
      } finally {
        await context.close();
      }
    });
  });

  describe('in English', () => {
    it('speaks English to a browser without Chinese, and switches to Chinese on its link', async () => {
      // A browser set to English used to get a page, a welcome and prompts all in Chinese.
      const context = await watchedContext(browser, {
        locale: 'en-US',
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
      });
      try {
        const page = await context.newPage();
        await page.goto(`${base}/`);
        assert.equal(await page.locator('html').getAttribute('lang'), 'en');
        await page.getByRole('heading', { name: '12345 City Service Hotline' }).waitFor();
        await page.getByRole('link', { name: 'Police 110' }).waitFor();
        const chat = new WebChat(page);
        await chat.waitForText('12345 city service hotline assistant');
        assert.equal(
          await page
            .locator(
              '.webchat__send-box-text-box__input, .webchat__send-box-text-box__html-text-area',
            )
            .first()
            .getAttribute('placeholder'),
          'Describe your problem, or type “my tickets”',
        );
        await chat.send('The street lamp outside my building on Hong Kong Middle Road is broken');
        await chat.waitForText(/Which district/);
        await screenshot(page, 'widget-phone-en.png');
        const overflow = Number(await page.evaluate('document.documentElement.scrollWidth'));
        assert.ok(overflow <= 390, `page is ${overflow} px wide at 390 px`);

        await page.getByRole('link', { name: '中文' }).click();
        await page.waitForURL(/lang=zh/);
        assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
        await page.getByRole('heading', { name: '12345 政务服务便民热线' }).waitFor();
        // The same conversation goes on; the choice is remembered without the query.
        await new WebChat(page).waitForText(/Which district/);
        await page.goto(`${base}/`);
        await page.getByRole('link', { name: 'English' }).waitFor();
        assert.deepEqual(await problems(page), []);
      } finally {
        await context.close();
      }
    });
  });

  describe('embed.js on another site', () => {
    it('adds a 12345 button that opens and closes the widget from the keyboard', async () => {
      const context = await watchedContext(browser, { viewport: { width: 1280, height: 800 } });
      try {
        const page = await context.newPage();
        await page.goto(`${host.base}/`);
        const launcher = page.locator('#hotline12345-widget button.launcher');
        await launcher.waitFor();
        assert.match((await launcher.textContent()) ?? '', /12345/);
        assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
        assert.equal(await page.locator('iframe').count(), 0, 'no conversation before opening');

        await launcher.focus();
        await page.keyboard.press('Enter');
        assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
        const frame = await (
          await page.locator('#hotline12345-widget iframe').elementHandle()
        )?.contentFrame();
        assert.ok(frame, 'the widget iframe');
        const chat = new WebChat(frame);
        await chat.waitForText(WELCOME);
        assert.equal(
          await page.locator('#hotline12345-widget iframe').getAttribute('src'),
          `${base}/?embed=1&lang=zh`, // the host page is in Chinese
        );
        await chat.until(
          "document.activeElement?.matches('.webchat__send-box-text-box__html-text-area')",
        );
        await chat.settle();
        await screenshot(page, 'widget-embed.png');

        await chat.sendBox.press('Escape');
        await page.locator('#hotline12345-widget .panel').waitFor({ state: 'hidden' });
        assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
        assert.equal(
          await page.evaluate(
            "document.querySelector('#hotline12345-widget').shadowRoot.activeElement?.className",
          ),
          'launcher',
          'focus returns to the button',
        );
        assert.deepEqual(await problems(page), []);
      } finally {
        await context.close();
      }
    });
  });
});
