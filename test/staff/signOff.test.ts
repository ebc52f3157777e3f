import { strict as assert } from 'node:assert';
import { systemClock } from '../../src/core/clock';
import { startInstance, type Instance } from '../channels/directline/support';
import { sayAsEmulator } from '../support/emulator';
import { addStaffAccounts, STAFF_PASSWORD } from '../support/handoff';
import { cleanup, connect, testPrefix } from '../support/redis';

interface Console {
  cookie: string;
  csrf: string;
}

/**
 * The end of a shift: 8 December 2026, 张三 logged out holding a fire. The person's messages
 * went unread until the idle sweep, colleagues could only look at it, and people still waiting
 * were promised minutes with nobody online.
 */
describe('a staff member logs out holding conversations (HTTP, Redis)', function () {
  this.timeout(30_000);
  let prefix: string;
  let a: Instance;

  before(async () => {
    prefix = testPrefix();
    await addStaffAccounts(prefix, [
      { username: 'zhang', name: '张三', role: 'duty' },
      { username: 'li', name: '李四', role: 'duty' },
    ]);
    a = await startInstance(prefix, systemClock);
  });

  after(async () => {
    await a?.app.close();
    if (prefix !== undefined) await cleanup(connect(), prefix);
  });

  async function login(username: string): Promise<Console> {
    const res = await fetch(`${a.base}/api/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: STAFF_PASSWORD }),
    });
    assert.equal(res.status, 200);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const cookie = /^(hotline_staff=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
    return { cookie, csrf: csrfToken };
  }

  async function call(c: Console, method: string, path: string, body?: unknown) {
    const res = await fetch(`${a.base}${path}`, {
      method,
      headers: {
        cookie: c.cookie,
        'x-csrf-token': c.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>,
    };
  }

  const caseStatus = (body: Record<string, unknown>): unknown =>
    (body.case as { status?: unknown } | undefined)?.status;

  const say = async (user: string, text: string): Promise<string> =>
    (await sayAsEmulator(a.base, user, text)).map((m) => m.text ?? '').join('\n');

  it('puts them back in the queue at their place, and promises the rest no minutes', async () => {
    const zhang = await login('zhang');
    await call(zhang, 'PUT', '/api/staff/presence', { presence: 'online' });
    assert.match(await say('first', '人工'), /前面还有 0 位/);
    assert.match(await say('second', '人工'), /前面还有 1 位/);
    const first = encodeURIComponent('emulator:conv-first');
    assert.equal((await call(zhang, 'POST', `/api/handoff/${first}/claim`)).status, 200);

    // The console's 退出: away, then the session ends.
    await call(zhang, 'PUT', '/api/staff/presence', { presence: 'away' });
    assert.equal((await call(zhang, 'DELETE', '/api/staff/session')).status, 204);

    const li = await login('li');
    const queue = await call(li, 'GET', '/api/handoff/queue');
    const waiting = queue.body.waiting as { conversationKey: string; position: number }[];
    assert.deepEqual(
      waiting.map((w) => [w.conversationKey, w.position]),
      [
        ['emulator:conv-first', 1],
        ['emulator:conv-second', 2],
      ],
      'back at its old place, for a colleague to take',
    );
    assert.deepEqual(queue.body.claimed, []);
    const detail = await call(li, 'GET', `/api/handoff/${first}`);
    const said = (detail.body.transcript as { from: string; text: string }[]).at(-1);
    assert.deepEqual(said, {
      ...said,
      from: 'system',
      text: '值班员暂时离开，已为您重新排队。目前没有值班人员在线，值班人员上线后会在此对话中回复您。紧急情况请拨打 110、119 或 120。',
    });

    const asked = await say('second', '有人吗');
    assert.equal(
      asked,
      '您正在排队等待人工服务，前面还有 1 位。目前没有值班人员在线，值班人员上线后会在此对话中回复您。紧急情况请拨打 110、119 或 120。',
    );
    assert.doesNotMatch(asked, /分钟/);

    assert.equal((await call(li, 'POST', `/api/handoff/${first}/claim`)).status, 200);
  });

  it('leaves what they hold in their hands while another console of theirs is still open', async () => {
    // 8 December 2026: 张三 closed the console on a second screen; the conversation he was
    // answering on the first went back to the queue under him.
    const desk = await login('zhang');
    const laptop = await login('zhang');
    await call(desk, 'PUT', '/api/staff/presence', { presence: 'online' });
    await say('third', '人工');
    const third = encodeURIComponent('emulator:conv-third');
    assert.equal((await call(desk, 'POST', `/api/handoff/${third}/claim`)).status, 200);

    assert.equal((await call(laptop, 'DELETE', '/api/staff/session')).status, 204);
    const held = await call(desk, 'GET', `/api/handoff/${third}`);
    assert.equal(caseStatus(held.body), 'claimed', 'still his, on the console still open');

    assert.equal((await call(desk, 'DELETE', '/api/staff/session')).status, 204);
    const li = await login('li');
    const after = await call(li, 'GET', `/api/handoff/${third}`);
    assert.equal(caseStatus(after.body), 'waiting', 'his last console closed: back in the queue');
  });
});
