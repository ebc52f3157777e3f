import { strict as assert } from 'node:assert';
import type { StaffSessionRecord, StaffSessionStore } from '../../src/access/sessions';

export interface StaffSessionStoreHarness {
  store: StaffSessionStore;
  /** Lets `ms` pass as the store sees it (a fake clock, or real waiting for Redis's EXPIRE). */
  elapse(ms: number): Promise<void>;
  close(): Promise<void>;
}

const DIGEST = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);

function record(overrides: Partial<StaffSessionRecord> = {}): StaffSessionRecord {
  return {
    username: 'zhang',
    csrfToken: 'c'.repeat(43),
    createdAt: '2026-12-06T02:00:00.000Z',
    expiresAt: '2026-12-06T10:00:00.000Z',
    ...overrides,
  };
}

export function staffSessionStoreContract(
  name: string,
  open: () => Promise<StaffSessionStoreHarness>,
): void {
  describe(`${name} StaffSessionStore contract`, () => {
    let h: StaffSessionStoreHarness;
    beforeEach(async () => {
      h = await open();
    });
    afterEach(async () => {
      await h.close();
    });

    it('reads back a stored session as it was given', async () => {
      await h.store.create(DIGEST, record(), 3600);
      assert.deepEqual(await h.store.get(DIGEST), record());
      assert.equal(await h.store.get(OTHER), null);
    });

    it('forgets a session once its TTL has passed', async () => {
      await h.store.create(DIGEST, record(), 1);
      await h.elapse(1100);
      assert.equal(await h.store.get(DIGEST), null);
    });

    it('keeps a renewed session past its first TTL, with the new expiry', async () => {
      await h.store.create(DIGEST, record(), 1);
      const later = '2026-12-06T11:00:00.000Z';
      assert.equal(await h.store.renew(DIGEST, later, 3600), true);
      await h.elapse(1100);
      assert.deepEqual(await h.store.get(DIGEST), record({ expiresAt: later }));
    });

    it('counts the live sessions of a username, not those deleted, expired or of others', async () => {
      await h.store.create(DIGEST, record(), 3600);
      await h.store.create(OTHER, record(), 1);
      await h.store.create('d'.repeat(64), record({ username: 'li' }), 3600);
      assert.equal(await h.store.liveFor('zhang'), 2);
      await h.elapse(1100);
      assert.equal(await h.store.liveFor('zhang'), 1, 'one expired');
      await h.store.delete(DIGEST);
      assert.equal(await h.store.liveFor('zhang'), 0);
      assert.equal(await h.store.liveFor('li'), 1);
    });

    it('does not bring a deleted session back when renewing it', async () => {
      await h.store.create(DIGEST, record(), 3600);
      assert.equal(await h.store.delete(DIGEST), true);
      assert.equal(await h.store.renew(DIGEST, '2026-12-06T11:00:00.000Z', 3600), false);
      assert.equal(await h.store.get(DIGEST), null);
      assert.equal(await h.store.delete(DIGEST), false);
    });

    it('deletes only the session asked for', async () => {
      await h.store.create(DIGEST, record(), 3600);
      await h.store.create(OTHER, record({ username: 'li' }), 3600);
      await h.store.delete(DIGEST);
      assert.equal((await h.store.get(OTHER))?.username, 'li');
    });
  });
}
