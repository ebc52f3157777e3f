import { strict as assert } from 'node:assert';
import { sessionDigest, StaffSessions } from '../../src/access/sessions';
import type { StaffMember } from '../../src/access/staff';
import { MemoryStaffSessionStore } from '../../src/store/memory/staffSessionStore';

const ZHANG: StaffMember = { username: 'zhang', name: '张三', role: 'duty' };
const TTL = 3600;

describe('StaffSessions', () => {
  let now: number;
  let active: Map<string, StaffMember>;
  let store: MemoryStaffSessionStore;
  let sessions: StaffSessions;
  const clock = { now: () => new Date(now) };

  beforeEach(() => {
    now = Date.parse('2026-12-06T02:00:00.000Z');
    active = new Map([['zhang', ZHANG]]);
    store = new MemoryStaffSessionStore(clock);
    sessions = new StaffSessions({
      store,
      accounts: { active: async (u) => active.get(u) ?? null },
      clock,
      ttlSeconds: TTL,
    });
  });

  it('makes a 32-byte base64url id and keeps it only as its SHA-256', async () => {
    const s = await sessions.create(ZHANG);
    assert.match(s.id, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(s.id, 'base64url').length, 32);
    assert.notEqual(s.csrfToken, s.id);
    assert.equal(s.expiresAt, '2026-12-06T03:00:00.000Z');
    assert.equal((await store.get(sessionDigest(s.id)))?.username, 'zhang');
    assert.equal(await store.get(s.id), null);
  });

  it('moves the expiry on use, at most once a minute', async () => {
    const s = await sessions.create(ZHANG);
    now += 30_000;
    const soon = await sessions.get(s.id);
    assert.deepEqual([soon?.renewed, soon?.expiresAt], [false, '2026-12-06T03:00:00.000Z']);
    now += 40_000;
    const later = await sessions.get(s.id);
    assert.deepEqual([later?.renewed, later?.expiresAt], [true, '2026-12-06T03:01:10.000Z']);
    assert.equal(later?.csrfToken, s.csrfToken);
  });

  it('keeps a session in use past its first TTL and ends an idle one', async () => {
    const s = await sessions.create(ZHANG);
    now += (TTL - 60) * 1000;
    assert.notEqual(await sessions.get(s.id), null);
    now += (TTL - 60) * 1000;
    assert.notEqual(await sessions.get(s.id), null, 'renewed on the previous use');
    now += TTL * 1000;
    assert.equal(await sessions.get(s.id), null);
  });

  it('ends the sessions of a disabled account at once and reads name and role afresh', async () => {
    const s = await sessions.create(ZHANG);
    active.set('zhang', { ...ZHANG, role: 'supervisor' });
    assert.equal((await sessions.get(s.id))?.member.role, 'supervisor');
    active.delete('zhang');
    assert.equal(await sessions.get(s.id), null);
    active.set('zhang', ZHANG);
    assert.equal(await sessions.get(s.id), null, 'deleted, not just hidden');
  });

  it('answers null for a deleted session and for ids that are not session ids', async () => {
    const s = await sessions.create(ZHANG);
    await sessions.delete(s.id);
    assert.equal(await sessions.get(s.id), null);
    assert.equal(await sessions.get(''), null);
    assert.equal(await sessions.get('x'.repeat(500)), null);
  });
});
