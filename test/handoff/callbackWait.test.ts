import { strict as assert } from 'node:assert';
import type { App } from '../../src/app';
import type { Clock } from '../../src/core/clock';
import { sayAsEmulator, startApp } from '../support/emulator';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';

/**
 * A person promised a call-back (nobody online) who asks how long it will take is given the
 * call-back time again, not a queue estimate of minutes: a web chat, 7 December 2026, was told
 * "0 ahead of you, about 5 min" right after "duty staff will contact you by 01:07".
 */
describe('waiting for a call-back when nobody is online (over HTTP)', function () {
  this.timeout(30_000);
  let app: App;
  let base: string;
  let prefix: string;
  let now: number | null = null;
  const clock: Clock = { now: () => new Date(now ?? Date.now()) };

  before(async () => {
    prefix = testPrefix();
    ({ app, base } = await startApp({ ...REDIS_ENV, REDIS_KEY_PREFIX: prefix }, clock));
  });

  afterEach(() => {
    now = null;
  });

  after(async () => {
    await app?.close();
    await cleanup(connect(), prefix);
  });

  const say = async (text: string, user = 'user-cb'): Promise<string> =>
    (await sayAsEmulator(base, user, text)).map((a) => a.text ?? '').join('\n');

  it('repeats the call-back time when asked how long, with no minutes promised', async () => {
    const promised = await say('人工');
    const when = /将在 (.+?) 前/.exec(promised)?.[1];
    assert.ok(when, `a call-back time in: ${promised}`);
    const answer = await say('还要等多久啊');
    assert.match(answer, new RegExp(`将在 ${when} 前在此对话中联系您`));
    assert.doesNotMatch(answer, /分钟/);
  });

  it('says sorry, not the same time again, once the promised time has passed', async () => {
    const promised = await say('人工');
    const when = /将在 (.+?) 前/.exec(promised)?.[1];
    assert.ok(when, `a call-back time in: ${promised}`);
    now = Date.now() + 3 * 3600_000;
    const answer = await say('有人吗');
    assert.match(answer, new RegExp(`很抱歉，值班人员未能在约定的 ${when} 前联系您`));
    assert.doesNotMatch(answer, /将在/);
  });

  it('takes a phone number sent after "如需电话回电，请直接回复您的手机号码" as the number to call', async () => {
    // 8 December 2026: the number got "抱歉，我没看懂", and "有人吗" still promised the chat.
    const promised = await say('人工', 'user-cb-phone');
    assert.match(promised, /如需电话回电，请直接回复您的手机号码/);
    const when = /将在 (.+?) 前/.exec(promised)?.[1];
    const noted = await say('13912345678', 'user-cb-phone');
    assert.equal(
      noted,
      `好的，已记下回电号码 139****5678，值班人员将在 ${when} 前给您回电。紧急情况请拨打 110、119 或 120。`,
    );
    // The waiting request carries the number: asked after it, the person hears of a phone call.
    assert.match(await say('有人吗', 'user-cb-phone'), new RegExp(`将在 ${when} 前给您回电`));
    // Another number after it replaces it (8 December 2026, Teams: a mobile after the landline).
    assert.match(await say('13812345678', 'user-cb-phone'), /已记下回电号码 138\*\*\*\*5678/);
  });
  it('shows a filed call-back once in the ticket history, the phone left after it, and no department yet', async () => {
    // 8 December 2026, a clean clone: 查询 listed "已转热线值班人员，待回电" twice once the person
    // left a phone, and began "工单已受理，派至首接负责单位城市管理局" for a ticket still waiting for
    // duty staff to choose one.
    const user = 'user-cb-history';
    await say('楼下饭店油烟太大了，熏得家里没法开窗', user);
    const promised = await say('人工', user);
    const id = /工单 (\S+?)，/.exec(promised)?.[1];
    assert.ok(id, `a ticket in: ${promised}`);
    assert.match(await say('13912345678', user), /已记下回电号码/);
    const status = await say(`查询 ${id}`, user);
    assert.equal(status.match(/待回电/g)?.length, 1, status);
    assert.match(status, /工单已受理，待热线值班分派/);
    assert.doesNotMatch(status, /派至首接负责单位/);
  });
});
