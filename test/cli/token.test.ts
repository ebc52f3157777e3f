import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { AccessTokens } from '../../src/access/tokens';
import { projectRoot } from '../../src/core/paths';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisTokenStore } from '../../src/store/redis/tokenStore';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';

const ROOT = projectRoot(__dirname);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `hotline token ...` as a real process, with the server's Redis settings. */
function hotline(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--require', 'tsx/cjs', join(ROOT, 'src', 'cli', 'main.ts'), ...args],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { PATH: process.env.PATH ?? '', ...env },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('hotline token', function () {
  this.timeout(30_000);
  const prefix = testPrefix();
  const env = { ...REDIS_ENV, REDIS_KEY_PREFIX: prefix };
  const redis = connect();
  const tokens = new AccessTokens(
    new RedisTokenStore(redis, new RedisKeys(prefix)),
    { now: () => new Date() },
    new Set(),
  );
  after(() => cleanup(redis, prefix));

  it('prints a department token alone on the last line, and the server accepts it until revoked', async () => {
    const run = await hotline(
      ['token', 'create', '--role', 'department', '--department', 'housing', '--name', '张三'],
      env,
    );
    assert.equal(run.code, 0, run.stderr);
    const token = run.stdout.trimEnd().split('\n').at(-1) ?? '';
    const principal = await tokens.authenticate(token);
    assert.deepEqual(
      principal && { role: principal.role, department: principal.department, name: principal.name },
      {
        role: 'department',
        department: 'housing',
        name: '张三',
      },
    );

    const listed = await hotline(['token', 'list'], env);
    assert.match(
      listed.stdout,
      new RegExp(`${principal?.tokenId}\\s+department housing, 张三 .* active`),
    );
    assert.ok(!listed.stdout.includes(token), 'list never shows a token');

    const revoked = await hotline(['token', 'revoke', principal?.tokenId ?? ''], env);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal(await tokens.authenticate(token), null);
  });

  it('refuses an unknown department or role with a message and a non-zero exit', async () => {
    const unknown = await hotline(
      ['token', 'create', '--role', 'department', '--department', 'nasa'],
      env,
    );
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no department with code "nasa"/);
    assert.doesNotMatch(unknown.stderr, /at .*\.ts:\d+/, 'no stack trace for a usage mistake');
    const role = await hotline(['token', 'create', '--role', 'god'], env);
    assert.equal(role.code, 2);
    assert.match(role.stderr, /--role must be department, duty or supervisor/);
  });

  it('says that tokens need REDIS_URL instead of creating one no server will know', async () => {
    const run = await hotline(['token', 'create', '--role', 'duty'], {
      REDIS_URL: '', // set and empty, so a developer's .env cannot fill it in
      REDIS_KEY_PREFIX: prefix,
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /REDIS_URL is not set/);
    assert.equal(run.stdout, '');
  });
});
