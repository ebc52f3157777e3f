import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { sayAsEmulator } from '../support/emulator';
import { addStaffAccounts, STAFF_PASSWORD } from '../support/handoff';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';
import {
  chromiumInstalled,
  CHROMIUM,
  launchChromium,
  problems,
  screenshot,
  until,
  watchedContext,
} from './support/browser';

const NOTE = '内部备注：来电者曾多次投诉';

/**
 * A citizen files a ticket with the bot, then calls from elsewhere: duty staff look it up by
 * number in the console, on a phone-size window, under the console's strict policy.
 */
describe('staff console: looking up a ticket', function () {
  this.timeout(120_000);

  let app: App;
  let base: string;
  let prefix: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

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
    await addStaffAccounts(prefix, [{ username: 'qian', name: '钱七', role: 'duty' }]);
    browser = await launchChromium();
    context = await watchedContext(browser, { viewport: { width: 390, height: 844 } });
    page = await context.newPage();
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    if (app) {
      await app.close();
      await cleanup(connect(), prefix);
    }
  });

  afterEach(async () => {
    if (page) assert.deepEqual(await problems(page), []);
  });

  async function fileAsCitizen(user: string): Promise<string> {
    const say = async (text: string) =>
      (await sayAsEmulator(base, user, text)).map((a) => a.text ?? '').join('\n');
    assert.match(await say('我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路'), /市民/);
    assert.match(await say('市民'), /电话/);
    assert.match(await say('13812345678'), /怎么称呼您/);
    await say('跳过');
    const done = await say('确认提交');
    const id = /QD\d{8}-\d{6}/.exec(done)?.[0];
    assert.ok(id, done);
    return id;
  }

  it('finds a citizen’s ticket typed in lower case and shows it in the side panel', async () => {
    const id = await fileAsCitizen('lookup-citizen');
    await app.tickets.recordHandoff(id, { username: 'qian', name: '钱七' }, NOTE, {
      handoff: 'note',
    });

    await page.goto(`${base}/console`);
    await page.getByLabel(/用户名/).fill('qian');
    await page.getByLabel(/密码/).fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: /登录/ }).click();
    await page.locator('#desk').waitFor();

    await page.getByLabel(/查工单/).fill(id.toLowerCase());
    await page.getByRole('button', { name: /查询 Look up/ }).click();
    const panel = page.locator('#lookup');
    await panel.waitFor();
    const shown = (await panel.textContent()) ?? '';
    assert.match(await page.locator('#lookup-title').innerText(), new RegExp(`工单 Ticket ${id}`));
    assert.match(shown, /已派单，待承办单位签收/);
    assert.match(shown, /住房和城乡建设局/);
    assert.match(shown, /138\*\*\*\*5678/);
    assert.doesNotMatch(shown, /13812345678/);
    assert.match(shown, /物业乱收费/);
    assert.match(shown, /市南区/);
    assert.match(shown, /工单已受理，派至首接负责单位住房和城乡建设局/);
    assert.doesNotMatch(shown, new RegExp(NOTE));
    assert.equal(await page.locator('#no-conversation').isVisible(), false);
    // Readable on a phone: nothing wider than the window.
    assert.ok(
      await page.evaluate(
        'document.documentElement.scrollWidth <= document.documentElement.clientWidth',
      ),
      "await page.evaluate( 'document.documentElement.scrollWidth <= document.docume...",
    );
    await screenshot(page, 'console-lookup.png');

    await page.getByRole('button', { name: /收起 Hide/ }).click();
    await page.locator('#no-conversation').waitFor();
    assert.equal(await panel.isVisible(), false);
  });

  it('says in Chinese and English that a number was not found, or is no number', async () => {
    await page.getByLabel(/查工单/).fill('QD20200101-999999');
    await page.getByRole('button', { name: /查询 Look up/ }).click();
    await until(page, `document.getElementById('lookup-error').textContent !== ''`);
    assert.match(
      (await page.locator('#lookup-error').textContent()) ?? '',
      /没有查到工单 QD20200101-999999 · No ticket with this number/,
    );
    await page.getByLabel(/查工单/).fill('物业');
    await page.getByRole('button', { name: /查询 Look up/ }).click();
    await until(page, `/格式/.test(document.getElementById('lookup-error').textContent)`);
    assert.match(
      (await page.locator('#lookup-error').textContent()) ?? '',
      /工单号格式应如 QD20261128-000123 · A ticket number looks like/,
    );
    assert.equal(await page.locator('#lookup').isVisible(), false);
  });
});
