import { strict as assert } from 'node:assert';
import {
  assertOneSlotScripts,
  cleanup,
  connect,
  ON_CLUSTER,
  testPrefix,
} from '../../support/redis';
import { crossSlotScripts, keySlot } from '../../support/slots';

describe('Cluster slots of script KEYS', () => {
  afterEach(() => {
    crossSlotScripts.splice(0);
  });

  it('hashes keys as Redis Cluster does, tag first', () => {
    // Examples from the Redis Cluster specification and `CLUSTER KEYSLOT`.
    assert.equal(keySlot('foo'), 12182);
    assert.equal(keySlot('123456789'), 12739);
    assert.equal(keySlot('{user1000}.following'), keySlot('{user1000}.followers'));
    assert.notEqual(keySlot('foo{}{bar}'), keySlot('bar'));
    assert.equal(keySlot('foo{{bar}}zap'), keySlot('{bar'));
  });

  it('agrees with the cluster when the tests run on one', async function () {
    if (!ON_CLUSTER) this.skip();
    const redis = connect();
    try {
      for (const key of ['hotline:{t:QD20261128-000001}:t', 'x{dept:housing}:open', 'plain']) {
        assert.equal(await redis.cluster('KEYSLOT', key), keySlot(key));
      }
    } finally {
      await redis.quit();
    }
  });

  it('catches a script whose KEYS span two slots, even on a single Redis', async () => {
    const redis = connect();
    const prefix = testPrefix();
    const keys = [`${prefix}{a}:one`, `${prefix}{b}:two`];
    try {
      await redis.eval('return 1', 2, ...keys).catch(() => undefined);
      assert.throws(() => assertOneSlotScripts(), /more than one cluster slot/);
      await redis.eval('return 1', 2, `${prefix}{a}:one`, `${prefix}{a}:two`);
      assert.doesNotThrow(() => assertOneSlotScripts());
    } finally {
      await cleanup(redis, prefix);
    }
  });
});
