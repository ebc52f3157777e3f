import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { createRedisClient } from '../../../src/store/redis/client';
import { RedisKeys } from '../../../src/store/redis/keys';
import { RedisTicketStore } from '../../../src/store/redis/ticketStore';
import { sampleEvent, sampleTicket } from '../../support/fixtures';
import { freePort, privateRedis, type PrivateRedis } from '../../support/privateRedis';

/** A master and one sentinel watching it, both the test's own, on free ports. */
describe('Redis through Sentinel (REDIS_SENTINELS, REDIS_SENTINEL_NAME)', function () {
  this.timeout(30_000);
  let master: PrivateRedis;
  let sentinel: ChildProcess;
  let sentinelPort: number;

  before(async () => {
    master = await privateRedis();
    await master.start();
    sentinelPort = await freePort();
    const conf = join(master.dir, 'sentinel.conf');
    writeFileSync(
      conf,
      `port ${sentinelPort}\nbind 127.0.0.1\ndir ${master.dir}\n` +
        `sentinel monitor hotline 127.0.0.1 ${master.port} 1\n`,
    );
    sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
  });

  after(async () => {
    const exited = new Promise((resolve) => sentinel.once('exit', resolve));
    sentinel.kill('SIGTERM');
    await exited;
    await master.destroy();
  });

  it('finds the master through the sentinel and keeps tickets there', async () => {
    const redis = createRedisClient({
      mode: 'sentinel',
      sentinels: [{ host: '127.0.0.1', port: sentinelPort }],
      name: 'hotline',
    });
    try {
      const store = new RedisTicketStore(redis, new RedisKeys('sentinel:'));
      await store.create(sampleTicket(), sampleEvent());
      assert.deepEqual(await store.get(sampleTicket().id), sampleTicket());
      const direct = new Redis(master.url);
      try {
        const key = new RedisKeys('sentinel:').ticket(sampleTicket().id);
        assert.equal(await direct.exists(key), 1, 'written on the master the sentinel watches');
      } finally {
        direct.disconnect();
      }
    } finally {
      redis.disconnect();
    }
  });
});
