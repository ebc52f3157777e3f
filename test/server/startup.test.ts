import { strict as assert } from 'node:assert';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, privateRedis, type PrivateRedis } from '../support/privateRedis';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';
import { startServerProcess, waitForListening } from '../support/processes';
import Redis from 'ioredis';

const start = startServerProcess;
/** What production requires besides Redis: a web chat secret shared by the instances. */
const PRODUCTION = {
  NODE_ENV: 'production',
  DIRECTLINE_SECRET: 'a-directline-secret-of-at-least-32-chars',
};

/** The real process, as `npm start` runs it: configuration, Redis, signals. */
describe('start-up and shutdown', function () {
  this.timeout(30_000);

  it('serves on PORT with Redis and stops cleanly on SIGTERM', async () => {
    const prefix = testPrefix();
    const port = String(await freePort());
    const run = start({ PORT: port, ...REDIS_ENV, REDIS_KEY_PREFIX: prefix });
    try {
      await waitForListening(run, 20_000);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      assert.equal(ready.status, 200);
      run.child.kill('SIGTERM');
      assert.equal(await run.exited, 0);
      assert.match(run.out(), /shutting down/);
    } finally {
      run.child.kill('SIGKILL');
      await cleanup(connect(), prefix);
    }
  });

  it('warns loudly and runs in memory without REDIS_URL', async () => {
    const port = String(await freePort());
    const run = start({ PORT: port });
    try {
      await waitForListening(run, 20_000);
      assert.match(run.out(), /REDIS_URL is not set.*IN MEMORY/);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      assert.deepEqual(await ready.json(), { status: 'ready', store: 'memory' });
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
    }
  });

  it('exits 1 with a message naming the port when the port is taken, not a stack trace', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as AddressInfo;
    const prefix = testPrefix();
    try {
      const run = start({
        PORT: String(port),
        HOST: '127.0.0.1',
        ...REDIS_ENV,
        REDIS_KEY_PREFIX: prefix,
      });
      assert.equal(await run.exited, 1);
      assert.match(run.out(), new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
      assert.doesNotMatch(run.out(), /Unhandled 'error' event|at Server\./);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
      await cleanup(connect(), prefix);
    }
  });

  it('refuses to start on a bad time-limit table, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sla-'));
    const file = join(dir, 'sla.yaml');
    writeFileSync(file, 'limits:\n  - { step: reply, within: { workingDays: 0 } }\n');
    try {
      const run = start({ PORT: '3998', SLA_FILE: file });
      assert.equal(await run.exited, 1);
      assert.ok(run.out().includes(file), run.out());
      assert.doesNotMatch(run.out(), /hotline bot listening/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('warns at start-up, naming the year, while a holiday year is provisional', async () => {
    const port = String(await freePort());
    const run = start({ PORT: port });
    try {
      await waitForListening(run, 20_000);
      assert.match(run.out(), /2027 in the holiday file is a provisional projection/);
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
    }
  });

  describe('in production', () => {
    let redis: PrivateRedis;
    beforeEach(async () => {
      redis = await privateRedis();
    });
    afterEach(async () => {
      await redis.destroy();
    });

    it('refuses to start on a Redis without AOF, naming appendonly and the override', async () => {
      await redis.start(['--appendonly', 'no']);
      const run = start({ ...PRODUCTION, PORT: '3999', REDIS_URL: redis.url });
      assert.equal(await run.exited, 1);
      assert.match(run.out(), /appendonly=no/);
      assert.match(run.out(), /REDIS_DURABILITY=unchecked/);
      assert.doesNotMatch(run.out(), /hotline bot listening/);
    });

    it('starts on a Redis with AOF and reports its durability on /readyz', async () => {
      await redis.start(['--appendonly', 'yes', '--appendfsync', 'everysec']);
      const port = String(await freePort());
      const run = start({ ...PRODUCTION, PORT: port, REDIS_URL: redis.url });
      try {
        await waitForListening(run, 20_000);
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
        assert.deepEqual(await ready.json(), {
          status: 'ready',
          store: 'redis',
          durability: {
            appendonly: true,
            save: '',
            maxmemoryPolicy: 'noeviction',
            source: 'config',
            ok: true,
          },
        });
      } finally {
        run.child.kill('SIGTERM');
        await run.exited;
      }
    });

    it('starts without AOF when REDIS_DURABILITY=unchecked, with a warning', async () => {
      await redis.start(['--appendonly', 'no']);
      const port = String(await freePort());
      const run = start({
        ...PRODUCTION,
        REDIS_DURABILITY: 'unchecked',
        PORT: port,
        REDIS_URL: redis.url,
      });
      try {
        await waitForListening(run, 20_000);
        assert.match(run.out(), /"level":40.*REDIS_DURABILITY=unchecked.*appendonly=no/);
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
        const body = (await ready.json()) as { durability?: { ok?: boolean } };
        assert.equal(body.durability?.ok, false);
      } finally {
        run.child.kill('SIGTERM');
        await run.exited;
      }
    });
  });

  it('refuses to start when Redis cannot be reached, saying so', async () => {
    const run = start({ PORT: '3999', REDIS_URL: 'redis://127.0.0.1:1' });
    assert.equal(await run.exited, 1);
    assert.match(run.out(), /Cannot connect to Redis at REDIS_URL \(redis:\/\/127\.0\.0\.1:1\)/);
  });

  it('refuses a HOST that is not this machine, naming HOST', async () => {
    for (const host of ['999.1.1.1', '192.0.2.1']) {
      const run = start({ PORT: String(await freePort()), HOST: host });
      assert.equal(await run.exited, 1, host);
      assert.match(run.out(), new RegExp(`HOST ${host.replaceAll('.', '\\.')} is not an address`));
      assert.doesNotMatch(run.out(), /ENOTFOUND|EADDRNOTAVAIL/);
    }
  });

  it('refuses a Redis database number the server does not have, before writing anywhere', async function () {
    // A cluster has database 0 only, and no REDIS_URL.
    if (!REDIS_ENV.REDIS_URL) this.skip();
    const url = new URL(REDIS_ENV.REDIS_URL ?? '');
    url.pathname = '/99';
    const run = start({
      PORT: String(await freePort()),
      REDIS_URL: url.toString(),
      REDIS_KEY_PREFIX: testPrefix(),
    });
    try {
      const stillRunning = new Promise((resolve) => setTimeout(() => resolve('running'), 15_000));
      assert.equal(await Promise.race([run.exited, stillRunning]), 1);
      assert.match(run.out(), /Cannot use Redis at REDIS_URL .*: ERR DB index is out of range/);
      assert.doesNotMatch(run.out(), /hotline bot listening/);
    } finally {
      // Before the fix it served on database 0 and kept running.
      run.child.kill('SIGKILL');
    }
  });

  it('says a refused Redis password is refused, not only that the connection closed', async () => {
    const redis = await privateRedis();
    await redis.start();
    const admin = new Redis(redis.url);
    try {
      await admin.config('SET', 'requirepass', 'right-password');
      const none = start({ PORT: '3999', REDIS_URL: redis.url });
      assert.equal(await none.exited, 1);
      assert.match(none.out(), /Cannot connect to Redis at REDIS_URL .*: NOAUTH/);
      const wrong = new URL(redis.url);
      wrong.password = 'wrong-password';
      const refused = start({ PORT: '3999', REDIS_URL: wrong.toString() });
      assert.equal(await refused.exited, 1);
      assert.match(refused.out(), /Cannot connect to Redis at REDIS_URL .*: WRONGPASS/);
      assert.doesNotMatch(refused.out(), /wrong-password/);
    } finally {
      await admin.config('SET', 'requirepass', '');
      admin.disconnect();
      await redis.destroy();
    }
  });

  it('refuses a bad setting, naming the variable', async () => {
    const run = start({ PORT: 'eighty', HOTLINE_TIMEZONE: 'Mars/Olympus' });
    assert.equal(await run.exited, 1);
    assert.match(run.out(), /PORT/);
    assert.match(run.out(), /HOTLINE_TIMEZONE/);
  });
});
