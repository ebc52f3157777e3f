import { strict as assert } from 'node:assert';
import type { TokenRecord, TokenStore } from '../../src/access/tokens';

export interface TokenStoreHarness {
  store: TokenStore;
  close(): Promise<void>;
}

function record(id: string, overrides: Partial<TokenRecord> = {}): TokenRecord {
  return {
    id,
    role: 'department',
    department: 'housing',
    name: '张三',
    createdAt: '2026-12-06T02:00:00.000Z',
    hash: 'a'.repeat(64),
    ...overrides,
  };
}

export function tokenStoreContract(name: string, open: () => Promise<TokenStoreHarness>): void {
  describe(`${name} TokenStore contract`, () => {
    let h: TokenStoreHarness;
    beforeEach(async () => {
      h = await open();
    });
    afterEach(async () => {
      await h.close();
    });

    it('reads back a stored record as it was given', async () => {
      await h.store.add(record('0123456789ab'));
      assert.deepEqual(await h.store.get('0123456789ab'), record('0123456789ab'));
    });

    it('keeps a role without department and without name', async () => {
      const duty = record('00000000000d', { role: 'duty', department: undefined, name: undefined });
      await h.store.add(duty);
      const back = await h.store.get('00000000000d');
      assert.equal(back?.role, 'duty');
      assert.equal(back?.department, undefined);
      assert.equal(back?.name, undefined);
    });

    it('answers null for an unknown id', async () => {
      assert.equal(await h.store.get('ffffffffffff'), null);
    });

    it('refuses to overwrite an existing id', async () => {
      await h.store.add(record('0123456789ab'));
      await assert.rejects(
        h.store.add(record('0123456789ab', { role: 'supervisor', department: undefined })),
        { code: 'TOKEN_EXISTS' },
      );
      assert.equal((await h.store.get('0123456789ab'))?.role, 'department');
    });

    it('lists tokens oldest first', async () => {
      await h.store.add(record('00000000000b', { createdAt: '2026-12-06T03:00:00.000Z' }));
      await h.store.add(record('00000000000a', { createdAt: '2026-12-06T02:00:00.000Z' }));
      assert.deepEqual(
        (await h.store.list()).map((r) => r.id),
        ['00000000000a', '00000000000b'],
      );
    });

    it('revokes once and keeps the first revocation time', async () => {
      await h.store.add(record('0123456789ab'));
      assert.equal(await h.store.revoke('0123456789ab', '2026-12-06T04:00:00.000Z'), true);
      assert.equal(await h.store.revoke('0123456789ab', '2026-12-06T05:00:00.000Z'), true);
      assert.equal((await h.store.get('0123456789ab'))?.revokedAt, '2026-12-06T04:00:00.000Z');
    });

    it('answers false when revoking a token that does not exist', async () => {
      assert.equal(await h.store.revoke('ffffffffffff', '2026-12-06T04:00:00.000Z'), false);
      assert.equal(await h.store.get('ffffffffffff'), null);
    });
  });
}
