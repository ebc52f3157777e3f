import { strict as assert } from 'node:assert';
import type { StaffRecord, StaffStore } from '../../src/access/staff';

export interface StaffStoreHarness {
  store: StaffStore;
  close(): Promise<void>;
}

const HASH = `scrypt$32768$8$1$${'s'.repeat(22)}$${'h'.repeat(43)}`;

function record(username: string, overrides: Partial<StaffRecord> = {}): StaffRecord {
  return {
    username,
    name: '张三',
    role: 'duty',
    passwordHash: HASH,
    createdAt: '2026-12-06T02:00:00.000Z',
    ...overrides,
  };
}

export function staffStoreContract(name: string, open: () => Promise<StaffStoreHarness>): void {
  describe(`${name} StaffStore contract`, () => {
    let h: StaffStoreHarness;
    beforeEach(async () => {
      h = await open();
    });
    afterEach(async () => {
      await h.close();
    });

    it('reads back a stored account as it was given', async () => {
      await h.store.add(record('zhang'));
      assert.deepEqual(await h.store.get('zhang'), record('zhang'));
    });

    it('answers null for an unknown username', async () => {
      assert.equal(await h.store.get('nobody'), null);
    });

    it('refuses to overwrite an existing username', async () => {
      await h.store.add(record('zhang'));
      await assert.rejects(h.store.add(record('zhang', { role: 'supervisor', name: '李四' })), {
        code: 'STAFF_EXISTS',
      });
      assert.equal((await h.store.get('zhang'))?.name, '张三');
    });

    it('lists accounts oldest first', async () => {
      await h.store.add(record('wang', { createdAt: '2026-12-06T03:00:00.000Z' }));
      await h.store.add(record('li', { createdAt: '2026-12-06T02:00:00.000Z' }));
      assert.deepEqual(
        (await h.store.list()).map((r) => r.username),
        ['li', 'wang'],
      );
    });

    it('disables once and keeps the first time', async () => {
      await h.store.add(record('zhang'));
      assert.equal(await h.store.disable('zhang', '2026-12-06T04:00:00.000Z'), true);
      assert.equal(await h.store.disable('zhang', '2026-12-06T05:00:00.000Z'), true);
      assert.equal((await h.store.get('zhang'))?.disabledAt, '2026-12-06T04:00:00.000Z');
    });

    it('answers false when disabling an account that does not exist', async () => {
      assert.equal(await h.store.disable('nobody', '2026-12-06T04:00:00.000Z'), false);
      assert.equal(await h.store.get('nobody'), null);
    });
  });
}
