import { strict as assert } from 'node:assert';
import type { TenantDirectory } from '../../../src/channels/teams/tenantDirectory';
import { MemoryTenantDirectory } from '../../../src/store/memory/tenantDirectory';
import { RedisKeys } from '../../../src/store/redis/keys';
import { RedisTenantDirectory } from '../../../src/store/redis/tenantDirectory';
import { cleanup, connect, testPrefix } from '../../support/redis';

const TENANT = '9c1f5e2a-0b3d-4e6f-8a7b-1c2d3e4f5a6b';
const CODE = '91350100M000100Y43';

interface Harness {
  directory: TenantDirectory;
  close(): Promise<void>;
}

function tenantDirectoryContract(name: string, open: () => Promise<Harness>): void {
  describe(`${name} TenantDirectory contract`, () => {
    let h: Harness;
    beforeEach(async () => {
      h = await open();
    });
    afterEach(async () => {
      await h.close();
    });

    it('knows nothing about a new tenant', async () => {
      assert.equal(await h.directory.get(TENANT), null);
    });

    it('remembers what it is told and reads it back', async () => {
      const stored = await h.directory.remember(TENANT, {
        enterpriseName: '青岛海联物流有限公司',
        creditCode: CODE,
      });
      assert.deepEqual(stored, { enterpriseName: '青岛海联物流有限公司', creditCode: CODE });
      assert.deepEqual(await h.directory.get(TENANT), stored);
    });

    it('fills in missing fields and keeps the first value of known ones', async () => {
      await h.directory.remember(TENANT, { enterpriseName: '青岛海联物流有限公司' });
      const stored = await h.directory.remember(TENANT, {
        enterpriseName: '另一家公司',
        creditCode: CODE,
      });
      assert.deepEqual(stored, { enterpriseName: '青岛海联物流有限公司', creditCode: CODE });
    });

    it('keeps tenants apart', async () => {
      await h.directory.remember(TENANT, { creditCode: CODE });
      assert.equal(await h.directory.get('another-tenant'), null);
    });

    it('creates no record from nothing', async () => {
      assert.deepEqual(await h.directory.remember(TENANT, {}), {});
      assert.equal(await h.directory.get(TENANT), null);
    });

    it('replaces fields on correction and logs who changed what, from what', async () => {
      await h.directory.remember(TENANT, {
        enterpriseName: '青岛海联物流有限公司',
        creditCode: CODE,
      });
      const at = new Date('2026-12-01T02:00:00.000Z');
      const stored = await h.directory.correct(
        TENANT,
        { enterpriseName: '青岛海联国际物流有限公司' },
        { requesterKey: 'msteams:aad-bob', at },
      );
      assert.deepEqual(stored, { enterpriseName: '青岛海联国际物流有限公司', creditCode: CODE });
      assert.deepEqual(await h.directory.get(TENANT), stored);
      assert.deepEqual(await h.directory.changes(TENANT), [
        {
          at: at.toISOString(),
          by: 'msteams:aad-bob',
          before: { enterpriseName: '青岛海联物流有限公司', creditCode: CODE },
          after: stored,
        },
      ]);
    });

    it('corrects a tenant it knew nothing about, logging an empty before', async () => {
      const at = new Date('2026-12-01T02:00:00.000Z');
      await h.directory.correct(TENANT, { creditCode: CODE }, { requesterKey: 'msteams:a', at });
      assert.deepEqual(await h.directory.get(TENANT), { creditCode: CODE });
      const [change, ...more] = await h.directory.changes(TENANT);
      assert.deepEqual([change?.before, change?.after, more], [{}, { creditCode: CODE }, []]);
    });

    it('keeps the last twenty corrections, oldest first', async () => {
      for (let i = 0; i < 22; i++) {
        await h.directory.correct(
          TENANT,
          { enterpriseName: `公司${i}` },
          { requesterKey: 'msteams:a', at: new Date(Date.UTC(2026, 11, 1, 0, i)) },
        );
      }
      const changes = await h.directory.changes(TENANT);
      assert.equal(changes.length, 20);
      assert.deepEqual(
        [changes[0]?.after.enterpriseName, changes[19]?.after.enterpriseName],
        ['公司2', '公司21'],
      );
    });

    it('still lets remember fill in only what a correction left missing', async () => {
      const by = { requesterKey: 'msteams:a', at: new Date('2026-12-01T02:00:00.000Z') };
      await h.directory.correct(TENANT, { enterpriseName: '新名称' }, by);
      const stored = await h.directory.remember(TENANT, {
        enterpriseName: '旧名称',
        creditCode: CODE,
      });
      assert.deepEqual(stored, { enterpriseName: '新名称', creditCode: CODE });
    });

    it('refuses a tenant id that is not one', async () => {
      await assert.rejects(h.directory.get('x:*{y}'));
    });
  });
}

tenantDirectoryContract('memory', async () => ({
  directory: new MemoryTenantDirectory(),
  close: async () => undefined,
}));

tenantDirectoryContract('redis', async () => {
  const redis = connect();
  const prefix = testPrefix();
  return {
    directory: new RedisTenantDirectory(redis, new RedisKeys(prefix)),
    close: () => cleanup(redis, prefix),
  };
});
