import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { StaffAccounts } from '../../src/access/staff';
import { projectRoot } from '../../src/core/paths';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisStaffStore } from '../../src/store/redis/staffStore';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';

const ROOT = projectRoot(__dirname);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `hotline staff ...` as a real process; `stdin` is piped in when given, else stdin is closed. */
function hotline(args: string[], env: Record<string, string>, stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--require', 'tsx/cjs', join(ROOT, 'src', 'cli', 'main.ts'), ...args],
      {
        cwd: ROOT,
        stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        env: { PATH: process.env.PATH ?? '', ...env },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}

describe('hotline staff', function () {
  this.timeout(30_000);
  const prefix = testPrefix();
  const env = { ...REDIS_ENV, REDIS_KEY_PREFIX: prefix };
  const redis = connect();
  const keys = new RedisKeys(prefix);
  const accounts = new StaffAccounts(new RedisStaffStore(redis, keys), { now: () => new Date() });
  const password = 'kai-men 值班 2026';
  after(() => cleanup(redis, prefix));

  it('adds an account from --password-stdin that verifies, lists it, and disables it', async () => {
    const added = await hotline(
      [
        'staff',
        'add',
        '--username',
        'zhang',
        '--name',
        '张三',
        '--role',
        'supervisor',
        '--password-stdin',
      ],
      env,
      `${password}\n`,
    );
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /added zhang \(张三, supervisor\)/);
    assert.deepEqual(await accounts.verify('zhang', password), {
      username: 'zhang',
      name: '张三',
      role: 'supervisor',
    });
    const stored = await redis.hgetall(keys.staffAccount('zhang'));
    assert.ok(!JSON.stringify(stored).includes(password), 'Redis holds no password');
    assert.match(stored.passwordHash ?? '', /^scrypt\$/);

    const listed = await hotline(['staff', 'list'], env);
    assert.match(listed.stdout, /zhang \(张三, supervisor\)\s+created .* active/);
    assert.ok(!listed.stdout.includes('scrypt'), 'list never shows the hash');

    const disabled = await hotline(['staff', 'disable', '--username', 'zhang'], env);
    assert.equal(disabled.code, 0, disabled.stderr);
    assert.equal(await accounts.verify('zhang', password), null);
    assert.match((await hotline(['staff', 'list'], env)).stdout, /zhang .* disabled /);
  });

  it('defaults to the duty role and refuses to add the same username twice', async () => {
    const args = ['staff', 'add', '--username', 'li', '--name', '李四', '--password-stdin'];
    const first = await hotline(args, env, `${password}\n`);
    assert.equal(first.code, 0, first.stderr);
    assert.equal((await accounts.verify('li', password))?.role, 'duty');
    const again = await hotline(args, env, 'another password\n');
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
    assert.ok(await accounts.verify('li', password), 'the first password still works');
  });

  it('refuses, with a clear message, to add without a terminal or --password-stdin', async () => {
    const run = await hotline(['staff', 'add', '--username', 'wang', '--name', '王五'], env);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--password-stdin/);
    assert.equal(await redis.exists(keys.staffAccount('wang')), 0);
  });

  it('refuses a short password and a malformed username', async () => {
    const short = await hotline(
      ['staff', 'add', '--username', 'zhao', '--name', '赵六', '--password-stdin'],
      env,
      'short\n',
    );
    assert.equal(short.code, 1);
    assert.match(short.stderr, /at least 10 characters/);
    const bad = await hotline(
      ['staff', 'add', '--username', 'Bad Name', '--name', '赵六', '--password-stdin'],
      env,
      `${password}\n`,
    );
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--username must be/);
  });

  it('says that accounts need REDIS_URL', async () => {
    const run = await hotline(['staff', 'list'], { REDIS_URL: '', REDIS_KEY_PREFIX: prefix });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /REDIS_URL is not set/);
  });
});
