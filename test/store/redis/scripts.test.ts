import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { createRedisClient, type RedisClient } from '../../../src/store/redis/client';
import { defineRateLimitCommands, scriptNames } from '../../../src/store/redis/commands';
import { TAKE_RATE_LIMIT } from '../../../src/store/redis/scripts/takeRateLimit';
import { privateRedis, type PrivateRedis } from '../../support/privateRedis';

/** The project's Lua scripts as connection methods: EVALSHA, and EVAL when the server lacks one. */
describe('redis scripts (EVALSHA with EVAL as fallback)', function () {
  this.timeout(20_000);
  let server: PrivateRedis;
  let redis: RedisClient;

  before(async () => {
    // SCRIPT FLUSH empties the server's script cache: never on the shared Redis.
    server = await privateRedis();
    await server.start();
    redis = createRedisClient(
      { mode: 'url', url: server.url },
      { lazyConnect: false, maxRetriesPerRequest: 1 },
    );
    defineRateLimitCommands(redis);
  });
  after(async () => {
    redis.disconnect();
    await server.destroy();
  });

  const take = (key: string) => redis.hotlineTakeRateLimit(key, Date.now(), 1000, 0);

  it('runs on a server that has never seen the script, then by its digest, and again after a flush', async () => {
    const [sha] = [...scriptNames].find(([, name]) => name === 'hotlineTakeRateLimit') ?? [];
    assert.ok(sha !== undefined, 'named by its digest');
    assert.deepEqual(await redis.script('EXISTS', sha), [0]);
    assert.equal(await take('k1'), 0, 'first take allowed');
    assert.deepEqual(await redis.script('EXISTS', sha), [1], 'loaded by the EVAL fallback');
    assert.ok((await take('k1')) > 0, 'second take within the interval refused');
    await redis.script('FLUSH');
    assert.equal(await take('k2'), 0, 'runs again after the server lost its scripts');
  });

  it('names each script by the SHA-1 of its source, as EVALSHA sends it', () => {
    const [sha, name] = [...scriptNames].find(([, n]) => n === 'hotlineTakeRateLimit') ?? [];
    assert.equal(name, 'hotlineTakeRateLimit');
    assert.equal(sha, createHash('sha1').update(TAKE_RATE_LIMIT).digest('hex'));
  });

  it('passes a server error other than NOSCRIPT through', async () => {
    await redis.hset('a-hash', 'field', 'x');
    await assert.rejects(take('a-hash'), /WRONGTYPE/);
  });
});
