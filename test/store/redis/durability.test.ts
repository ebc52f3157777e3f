import { strict as assert } from 'node:assert';
import Redis from 'ioredis';
import {
  inspectDurability,
  judgeDurability,
  type RedisDurability,
} from '../../../src/store/redis/durability';
import { privateRedis, type PrivateRedis } from '../../support/privateRedis';
import { connect, ON_CLUSTER } from '../../support/redis';

describe('Redis durability', function () {
  this.timeout(20_000);

  describe('inspectDurability', () => {
    let server: PrivateRedis;
    let redis: Redis | undefined;
    beforeEach(async () => {
      server = await privateRedis();
    });
    afterEach(async () => {
      redis?.disconnect();
      await server.destroy();
    });

    async function inspect(args: string[]): Promise<RedisDurability> {
      await server.start(args);
      redis = new Redis(server.url);
      return inspectDurability(redis);
    }

    it('reads AOF, snapshots and eviction from CONFIG GET', async () => {
      const found = await inspect([
        '--appendonly',
        'yes',
        '--save',
        '3600 1',
        '--maxmemory-policy',
        'noeviction',
      ]);
      assert.deepEqual(found, {
        appendonly: true,
        save: '3600 1',
        maxmemoryPolicy: 'noeviction',
        source: 'config',
        ok: true,
      });
    });

    it('finds a Redis without AOF not ok', async () => {
      assert.deepEqual(await inspect([]), {
        appendonly: false,
        save: '',
        maxmemoryPolicy: 'noeviction',
        source: 'config',
        ok: false,
      });
    });

    it('falls back to INFO where CONFIG is disabled, as on managed Redis', async () => {
      const found = await inspect([
        '--appendonly',
        'yes',
        '--maxmemory-policy',
        'allkeys-lru',
        '--rename-command',
        'CONFIG',
        '',
      ]);
      assert.deepEqual(found, {
        appendonly: true,
        save: null,
        maxmemoryPolicy: 'allkeys-lru',
        source: 'info',
        ok: false,
      });
    });

    it('knows nothing, and says so, where an ACL refuses both CONFIG and INFO', async () => {
      await server.start(['--appendonly', 'yes']);
      const admin = new Redis(server.url);
      await admin.acl('SETUSER', 'bot', 'on', '>bot-password', '~*', '+@all', '-config', '-info');
      admin.disconnect();
      redis = new Redis(`redis://bot:bot-password@127.0.0.1:${server.port}`, {
        enableReadyCheck: false,
      });
      const found = await inspectDurability(redis);
      assert.deepEqual(found, {
        appendonly: null,
        save: null,
        maxmemoryPolicy: null,
        source: 'info',
        ok: false,
      });
      const verdict = judgeDurability(found, { production: true, unchecked: false });
      assert.equal(verdict.action, 'refuse');
      assert.match(verdict.message, /did not say whether appendonly/);
    });
  });

  describe('judgeDurability', () => {
    const noAof: RedisDurability = {
      appendonly: false,
      save: '',
      maxmemoryPolicy: 'noeviction',
      source: 'config',
      ok: false,
    };
    const evicting: RedisDurability = {
      ...noAof,
      appendonly: true,
      maxmemoryPolicy: 'volatile-lru',
    };

    it('refuses in production without AOF, naming appendonly and the override', () => {
      const v = judgeDurability(noAof, { production: true, unchecked: false });
      assert.equal(v.action, 'refuse');
      assert.match(v.message, /appendonly/);
      assert.match(v.message, /REDIS_DURABILITY=unchecked/);
    });

    it('refuses in production when Redis may evict keys', () => {
      const v = judgeDurability(evicting, { production: true, unchecked: false });
      assert.equal(v.action, 'refuse');
      assert.match(v.message, /maxmemory-policy=volatile-lru/);
    });

    it('only warns in production when the operator says durability is theirs', () => {
      const v = judgeDurability(noAof, { production: true, unchecked: true });
      assert.equal(v.action, 'warn');
      assert.match(v.message, /appendonly/);
    });

    it('warns outside production', () => {
      assert.equal(judgeDurability(noAof, { production: false, unchecked: false }).action, 'warn');
    });

    it('names the cluster masters that may lose data', () => {
      const v = judgeDurability(
        { ...noAof, cluster: { masters: 3, failing: ['10.0.0.6:7001'] } },
        { production: true, unchecked: false },
      );
      assert.equal(v.action, 'refuse');
      assert.match(
        v.message,
        /On 1 of 3 cluster masters \(10\.0\.0\.6:7001\): Redis has appendonly=no/,
      );
    });

    it('asks every master when the tests run on a cluster', async function () {
      if (!ON_CLUSTER) this.skip();
      const redis = connect();
      try {
        const found = await inspectDurability(redis);
        const masters = String(await redis.cluster('NODES'))
          .split('\n')
          .filter((line: string) => line.includes('master')).length;
        assert.equal(found.cluster?.masters, masters);
        // The throw-away test cluster keeps nothing on disk: every master is named.
        assert.equal(found.cluster?.failing.length, masters);
        assert.equal(found.ok, false);
      } finally {
        await redis.quit();
      }
    });

    it('is content with AOF on and noeviction', () => {
      const ok: RedisDurability = { ...evicting, maxmemoryPolicy: 'noeviction', ok: true };
      assert.deepEqual(judgeDurability(ok, { production: true, unchecked: false }), {
        action: 'ok',
        message: '',
      });
    });
  });
});
