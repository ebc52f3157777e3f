import { strict as assert } from 'node:assert';
import { hashPassword, StaffAccounts, verifyPassword } from '../../src/access/staff';
import { MemoryStaffStore } from '../../src/store/memory/staffStore';

describe('StaffAccounts', function () {
  this.timeout(20_000);
  const clock = { now: () => new Date('2026-12-06T02:00:00.000Z') };
  const password = 'correct horse 电池';

  it('stores an scrypt hash with its salt and parameters, never the password', async () => {
    const store = new MemoryStaffStore();
    const record = await new StaffAccounts(store, clock).add({
      username: 'zhang',
      name: '张三',
      role: 'duty',
      password,
    });
    assert.match(record.passwordHash, /^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    assert.notEqual(record.passwordHash, password);
    assert.ok(!record.passwordHash.includes(password), '!record.passwordHash.includes(password)');
    assert.ok(
      !JSON.stringify(await store.get('zhang')).includes(password),
      "!JSON.stringify(await store.get('zhang')).includes(password)",
    );
  });

  it('salts each hash, so one password hashes differently twice', async () => {
    const [a, b] = await Promise.all([hashPassword(password), hashPassword(password)]);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword(password, a), true);
    assert.equal(await verifyPassword(password, b), true);
  });

  it('verifies the right password and refuses a wrong one, an unknown user and a disabled account', async () => {
    const accounts = new StaffAccounts(new MemoryStaffStore(), clock);
    await accounts.add({ username: 'zhang', name: '张三', role: 'supervisor', password });
    assert.deepEqual(await accounts.verify('zhang', password), {
      username: 'zhang',
      name: '张三',
      role: 'supervisor',
    });
    assert.equal(await accounts.verify('zhang', `${password}x`), null);
    assert.equal(await accounts.verify('nobody', password), null);
    assert.equal(await accounts.verify('Not A Name!', password), null);
    assert.equal(await accounts.disable('zhang'), true);
    assert.equal(await accounts.verify('zhang', password), null);
  });

  it('refuses a password shorter than 10 characters', async () => {
    const accounts = new StaffAccounts(new MemoryStaffStore(), clock);
    await assert.rejects(
      accounts.add({ username: 'zhang', name: '张三', role: 'duty', password: 'short' }),
      { code: 'WEAK_PASSWORD' },
    );
  });
});
