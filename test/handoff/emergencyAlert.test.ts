import { strict as assert } from 'node:assert';
import type { App } from '../../src/app';
import { sayAsEmulator, startApp } from '../support/emulator';
import { addStaffAccounts, STAFF_PASSWORD } from '../support/handoff';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';

/**
 * An emergency says duty staff are alerted only when someone is there to be: 8 December 2026,
 * "我们已通知值班人员关注此对话" with nobody online, to a person in a gas leak who might wait for
 * a reply instead of calling 119.
 */
describe('an emergency tells the person whether anyone at the desk is there (over HTTP)', function () {
  this.timeout(30_000);
  let app: App;
  let base: string;
  let prefix: string;

  before(async () => {
    prefix = testPrefix();
    await addStaffAccounts(prefix, [{ username: 'zhang', name: '张三', role: 'duty' }]);
    ({ app, base } = await startApp({ ...REDIS_ENV, REDIS_KEY_PREFIX: prefix }));
  });

  after(async () => {
    await app?.close();
    await cleanup(connect(), prefix);
  });

  async function presence(value: 'online' | 'away'): Promise<void> {
    const login = await fetch(`${base}/api/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'zhang', password: STAFF_PASSWORD }),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = /^(hotline_staff=[^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1] ?? '';
    const res = await fetch(`${base}/api/staff/presence`, {
      method: 'PUT',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ presence: value }),
    });
    assert.equal(res.status, 200);
  }

  const say = async (user: string, text: string): Promise<string> =>
    (await sayAsEmulator(base, user, text)).map((m) => m.text ?? '').join('\n');

  it('says duty staff are alerted while someone is online', async () => {
    await presence('online');
    const said = await say('fire-online', '楼下饭店着火了，好大的烟');
    assert.match(said, /拨打 119/);
    assert.match(said, /\n我们已通知值班人员关注此对话。$/);
  });

  it('tells the person not to wait for a reply when nobody is online', async () => {
    await presence('away');
    const said = await say('gas-nobody', '家里燃气泄漏了，闻到很大的煤气味');
    assert.match(said, /拨打 119/);
    assert.match(
      said,
      /\n目前没有值班人员在线：此对话已列为紧急，值班人员上线后最先处理。请不要等待回复，立即拨打上面的电话。$/,
    );
    assert.doesNotMatch(said, /已通知值班人员/);
  });
});
