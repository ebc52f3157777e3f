import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { StaffAccounts } from '../../src/access/staff';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { systemClock } from '../../src/core/clock';
import { sendStaffError } from '../../src/staff/session';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisStaffStore } from '../../src/store/redis/staffStore';
import { cleanup, connect, REDIS_ENV, scanKeys, storedValues, testPrefix } from '../support/redis';

const PASSWORD = 'correct horse battery';
const SESSION = '/api/staff/session';

interface Served {
  app: App;
  base: string;
}

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> | null;
}

/** Log lines the app wrote, as text, to look for what must (not) be there. */
class LogSink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function serve(env: Record<string, string>, sink?: LogSink): Promise<Served> {
  const config = loadConfig({
    ...REDIS_ENV,
    LOG_LEVEL: 'silent',
    DIRECTLINE_ENABLED: 'false',
    ...env,
  });
  const logger = sink === undefined ? pino({ level: 'silent' }) : pino({ level: 'info' }, sink);
  const app = await createApp(config, { logger });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  return { app, base: `http://127.0.0.1:${port}` };
}

async function call(
  served: Served,
  method: string,
  { body, headers = {} }: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const res = await fetch(`${served.base}${SESSION}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>),
  };
}

function login(served: Served, username: string, password = PASSWORD, headers = {}) {
  return call(served, 'POST', { body: { username, password }, headers });
}

/** `hotline_staff=<id>` from a Set-Cookie header, ready for a Cookie header. */
function cookieOf(answer: Answer): string {
  const m = /^(hotline_staff=[A-Za-z0-9_-]+);/.exec(answer.headers.get('set-cookie') ?? '');
  assert.ok(m?.[1], `no session cookie in ${answer.headers.get('set-cookie')}`);
  return m[1];
}

/** Accounts made the way `hotline staff add` makes them: straight into the shared Redis. */
async function addStaff(prefix: string, fn: (accounts: StaffAccounts) => Promise<void>) {
  const redis = connect();
  try {
    await fn(new StaffAccounts(new RedisStaffStore(redis, new RedisKeys(prefix)), systemClock));
  } finally {
    await redis.quit();
  }
}

describe('Staff console session over HTTP', () => {
  let prefix: string;
  let one: Served;
  let two: Served;
  const sink = new LogSink();

  before(async () => {
    prefix = testPrefix();
    one = await serve({ REDIS_KEY_PREFIX: prefix }, sink);
    two = await serve({ REDIS_KEY_PREFIX: prefix, STAFF_COOKIE_SECURE: 'true' });
    await addStaff(prefix, async (accounts) => {
      await accounts.add({ username: 'zhang', name: '张三', role: 'duty', password: PASSWORD });
      await accounts.add({ username: 'li', name: '李四', role: 'supervisor', password: PASSWORD });
      await accounts.add({ username: 'wang', name: '王五', role: 'duty', password: PASSWORD });
      await accounts.disable('wang');
      await accounts.add({ username: 'zhao', name: '赵六', role: 'duty', password: PASSWORD });
    });
  });

  after(async () => {
    await one.app.close();
    await two.app.close();
    await cleanup(connect(), prefix);
  });

  it('logs in with a session cookie (HttpOnly, SameSite=Strict, Path=/, Max-Age) and a CSRF token', async () => {
    const res = await login(one, 'zhang');
    assert.equal(res.status, 200);
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^hotline_staff=[A-Za-z0-9_-]{43}; /);
    const attributes = cookie.split('; ').slice(1).sort();
    assert.deepEqual(attributes, ['HttpOnly', 'Max-Age=28800', 'Path=/', 'SameSite=Strict']);
    assert.deepEqual(res.body?.staff, { username: 'zhang', name: '张三', role: 'duty' });
    assert.match(String(res.body?.csrfToken), /^[A-Za-z0-9_-]{43}$/);
    assert.equal(res.headers.get('x-csrf-token'), res.body?.csrfToken);
    const ttl = Date.parse(String(res.body?.expiresAt)) - Date.now();
    assert.ok(ttl > 28_700_000 && ttl <= 28_800_000, `expiresAt ${String(res.body?.expiresAt)}`);
    assert.equal(res.body?.timeZone, 'Asia/Shanghai', "the console shows the hotline's times");
  });

  it('marks the cookie Secure when STAFF_COOKIE_SECURE is on', async () => {
    const res = await login(two, 'li');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('set-cookie') ?? '', /; Secure(;|$)/);
  });

  it('refuses a wrong password, an unknown username and a disabled account alike', async () => {
    const answers = await Promise.all([
      login(one, 'zhang', 'wrong password!'),
      login(one, 'nobody', PASSWORD),
      login(one, 'wang', PASSWORD),
      login(one, 'Not A Username', PASSWORD),
    ]);
    for (const a of answers) {
      assert.equal(a.status, 401);
      assert.equal(a.headers.get('set-cookie'), null);
      assert.deepEqual(a.body, answers[0]?.body);
    }
    assert.equal(answers[0]?.body?.code, 'BAD_CREDENTIALS');
  });

  it('logs logins and refusals with username and address, never the password', async () => {
    await login(one, 'zhang');
    await login(one, 'zhang', 'wrong password!');
    const lines = sink.text.split('\n').filter((l) => l.includes('staff log'));
    assert.ok(
      lines.some((l) => /"msg":"staff logged in"/.test(l) && /"username":"zhang"/.test(l)),
      'lines.some((l) => /"msg":"staff logged in"/.test(l) && /"username":"zhang"/.t...',
    );
    assert.ok(
      lines.some((l) => /"msg":"staff login refused"/.test(l) && /"address":"/.test(l)),
      'lines.some((l) => /"msg":"staff login refused"/.test(l) && /"address":"/.test...',
    );
    assert.doesNotMatch(sink.text, /correct horse|wrong password/);
  });

  it('logs a refused login under a username that names nobody without what was typed', async () => {
    // Typed into the username field by mistake: it is the password.
    const typed = 'Tr0ub4dor&3-secret';
    await login(one, typed, 'anything at all');
    await login(one, 'zhang', 'wrong password!');
    const refusals = sink.text.split('\n').filter((l) => /"msg":"staff login refused"/.test(l));
    assert.ok(
      refusals.some((l) => /"account":"unknown"/.test(l)),
      'refusals.some((l) => /"account":"unknown"/.test(l))',
    );
    assert.ok(
      refusals.some((l) => /"account":"exists"/.test(l) && /"username":"zhang"/.test(l)),
      'refusals.some((l) => /"account":"exists"/.test(l) && /"username":"zhang"/.tes...',
    );
    assert.ok(!sink.text.toLowerCase().includes(typed.toLowerCase()), 'not in the log');
    const redis = connect();
    try {
      const keys = await scanKeys(redis, `${prefix}*`);
      assert.ok(!keys.some((k) => k.toLowerCase().includes(typed.toLowerCase())), 'nor a key');
    } finally {
      await redis.quit();
    }
  });

  it('answers GET with the session while the cookie is sent, and 401 without it', async () => {
    const logged = await login(one, 'zhang');
    const cookie = cookieOf(logged);
    const again = await call(one, 'GET', { headers: { cookie } });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, logged.body);
    assert.equal(again.headers.get('x-csrf-token'), logged.body?.csrfToken);

    const without = await call(one, 'GET');
    assert.deepEqual([without.status, without.body?.code], [401, 'UNAUTHENTICATED']);
    const forged = await call(one, 'GET', {
      headers: { cookie: `hotline_staff=${'A'.repeat(43)}` },
    });
    assert.deepEqual([forged.status, forged.body?.code], [401, 'UNAUTHENTICATED']);
  });

  it('logs out only with the CSRF token, then the cookie no longer works', async () => {
    const logged = await login(one, 'zhang');
    const cookie = cookieOf(logged);
    const csrf = String(logged.body?.csrfToken);

    const without = await call(one, 'DELETE', { headers: { cookie } });
    assert.deepEqual([without.status, without.body?.code], [403, 'CSRF_FAILED']);
    const wrong = await call(one, 'DELETE', {
      headers: { cookie, 'x-csrf-token': `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}` },
    });
    assert.deepEqual([wrong.status, wrong.body?.code], [403, 'CSRF_FAILED']);
    assert.equal((await call(one, 'GET', { headers: { cookie } })).status, 200, 'still logged in');

    const out = await call(one, 'DELETE', { headers: { cookie, 'x-csrf-token': csrf } });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie') ?? '', /^hotline_staff=; .*Max-Age=0/);
    const after = await call(one, 'GET', { headers: { cookie } });
    assert.deepEqual([after.status, after.body?.code], [401, 'UNAUTHENTICATED']);
  });

  it('keeps in Redis only a SHA-256 of the session id, with a TTL', async () => {
    const logged = await login(one, 'li');
    const id = cookieOf(logged).slice('hotline_staff='.length);
    const redis = connect();
    try {
      const key = `${prefix}{access}:session:${createHash('sha256').update(id).digest('hex')}`;
      assert.ok(
        (await scanKeys(redis, `${prefix}*`)).includes(key),
        '(await scanKeys(redis, `${prefix}*`)).includes(key)',
      );
      assert.equal(await redis.hget(key, 'username'), 'li');
      const ttl = await redis.ttl(key);
      assert.ok(ttl > 28_700 && ttl <= 28_800, `TTL ${ttl}`);
      const everything = [
        ...(await scanKeys(redis, `${prefix}*`)),
        await storedValues(redis, prefix),
      ];
      assert.ok(!everything.join('\n').includes(id), 'the raw session id is stored somewhere');
    } finally {
      await redis.quit();
    }
  });

  it('serves a session made on one instance from another on the same Redis', async () => {
    const logged = await login(one, 'zhang');
    const there = await call(two, 'GET', { headers: { cookie: cookieOf(logged) } });
    assert.equal(there.status, 200);
    assert.deepEqual(there.body?.staff, { username: 'zhang', name: '张三', role: 'duty' });
  });

  it('ends the sessions of an account the moment it is disabled', async () => {
    const cookie = cookieOf(await login(one, 'zhao'));
    assert.equal((await call(one, 'GET', { headers: { cookie } })).status, 200);
    await addStaff(prefix, async (accounts) => {
      await accounts.disable('zhao');
    });
    const after = await call(two, 'GET', { headers: { cookie } });
    assert.deepEqual([after.status, after.body?.code], [401, 'UNAUTHENTICATED']);
  });

  it('guards another route by session, CSRF token and role, as the handoff routes will', async () => {
    // A supervisor-only state change, mounted the way a handoff route uses the guard.
    const silent = pino({ level: 'silent' });
    one.app.server.post('/api/test/supervisors-only', async (req, res) => {
      try {
        const { member } = await one.app.staff.guard(req, res, { roles: ['supervisor'] });
        res.send(200, { username: member.username });
      } catch (err) {
        sendStaffError(res, err, silent);
      }
    });
    const post = async (headers: Record<string, string>) => {
      const res = await fetch(`${one.base}/api/test/supervisors-only`, { method: 'POST', headers });
      return [res.status, ((await res.json()) as Record<string, unknown>).code ?? 'ok'];
    };
    const duty = await login(one, 'zhang');
    const supervisor = await login(one, 'li');
    const headersOf = (a: Answer) => ({
      cookie: cookieOf(a),
      'x-csrf-token': String(a.body?.csrfToken),
    });

    assert.deepEqual(await post({}), [401, 'UNAUTHENTICATED']);
    assert.deepEqual(await post({ cookie: cookieOf(supervisor) }), [403, 'CSRF_FAILED']);
    assert.deepEqual(
      await post({ ...headersOf(supervisor), 'x-csrf-token': String(duty.body?.csrfToken) }),
      [403, 'CSRF_FAILED'],
      "another session's token",
    );
    assert.deepEqual(await post(headersOf(duty)), [403, 'FORBIDDEN']);
    assert.deepEqual(await post(headersOf(supervisor)), [200, 'ok']);
  });

  it('answers 400 to a body that is not JSON or lacks the fields, 415 to a form post', async () => {
    const garbage = await call(one, 'POST', { body: '{"username": "zhang", pass' });
    assert.deepEqual([garbage.status, garbage.body?.code], [400, 'BAD_JSON']);
    for (const body of [{}, { username: 'zhang' }, { username: 7, password: PASSWORD }, []]) {
      const res = await call(one, 'POST', { body });
      assert.deepEqual([res.status, res.body?.code], [400, 'INVALID_INPUT'], JSON.stringify(body));
    }
    const form = await call(one, 'POST', {
      body: `username=zhang&password=${encodeURIComponent(PASSWORD)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.deepEqual([form.status, form.body?.code], [415, 'UNSUPPORTED_MEDIA_TYPE']);
    assert.equal(form.headers.get('set-cookie'), null);
  });
});

describe('Staff login rate limits over HTTP', () => {
  let prefix: string;
  let one: Served;
  let two: Served;

  before(async () => {
    prefix = testPrefix();
    const env = {
      REDIS_KEY_PREFIX: prefix,
      TRUST_PROXY: '1',
      STAFF_LOGIN_ADDRESS_BURST: '3',
      STAFF_LOGIN_ADDRESS_EVERY_SECONDS: '600',
      STAFF_LOGIN_USERNAME_BURST: '2',
      STAFF_LOGIN_USERNAME_EVERY_SECONDS: '600',
    };
    one = await serve(env);
    two = await serve(env);
    await addStaff(prefix, async (accounts) => {
      await accounts.add({ username: 'zhang', name: '张三', role: 'duty', password: PASSWORD });
    });
  });

  after(async () => {
    await one.app.close();
    await two.app.close();
    await cleanup(connect(), prefix);
  });

  const from = (address: string) => ({ 'x-forwarded-for': address });

  it('refuses an address that tries too many usernames, on any instance, with Retry-After', async () => {
    const answers = [];
    // One every 600 s, plus a burst of 3: the fifth attempt is refused.
    for (const [i, name] of ['a1', 'a2', 'a3', 'a4', 'a5'].entries()) {
      answers.push(await login(i % 2 === 0 ? one : two, name, 'wrong password!', from('10.0.0.1')));
    }
    assert.deepEqual(
      answers.map((a) => a.status),
      [401, 401, 401, 401, 429],
    );
    const refused = answers[4];
    assert.equal(refused?.body?.code, 'RATE_LIMITED');
    const retry = Number(refused?.headers.get('retry-after'));
    assert.ok(retry > 0 && retry <= 600, `Retry-After ${retry}`);
    assert.equal((await login(one, 'zhang', PASSWORD, from('10.0.0.1'))).status, 429);
  });

  it('refuses a username tried too often, whatever the address, even with the right password', async () => {
    assert.equal((await login(one, 'zhang', 'wrong password!', from('10.0.1.1'))).status, 401);
    assert.equal((await login(two, 'zhang', 'wrong password!', from('10.0.1.2'))).status, 401);
    assert.equal((await login(one, 'zhang', 'wrong password!', from('10.0.1.3'))).status, 401);
    const fourth = await login(two, 'zhang', PASSWORD, from('10.0.1.4'));
    assert.deepEqual([fourth.status, fourth.body?.code], [429, 'RATE_LIMITED']);
    assert.ok(
      Number(fourth.headers.get('retry-after')) > 0,
      "Number(fourth.headers.get('retry-after')) > 0",
    );
    assert.equal(fourth.headers.get('set-cookie'), null);
  });
});

describe('Staff console session without Redis', () => {
  it('logs in and out with sessions kept in memory', async () => {
    const served = await serve({
      REDIS_URL: '',
      REDIS_CLUSTER_NODES: '',
      DIRECTLINE_ENABLED: 'false',
    });
    try {
      await served.app.staff.accounts.add({
        username: 'zhang',
        name: '张三',
        role: 'duty',
        password: PASSWORD,
      });
      const logged = await login(served, 'zhang');
      assert.equal(logged.status, 200);
      const cookie = cookieOf(logged);
      assert.equal((await call(served, 'GET', { headers: { cookie } })).status, 200);
      const headers = { cookie, 'x-csrf-token': String(logged.body?.csrfToken) };
      assert.equal((await call(served, 'DELETE', { headers })).status, 204);
      assert.equal((await call(served, 'GET', { headers: { cookie } })).status, 401);
    } finally {
      await served.app.close();
    }
  });
});
