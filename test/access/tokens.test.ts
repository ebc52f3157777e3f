import { strict as assert } from 'node:assert';
import { AccessTokens } from '../../src/access/tokens';
import { MemoryTokenStore } from '../../src/store/memory/tokenStore';

const clock = { now: () => new Date('2026-12-06T02:00:00.000Z') };

describe('API access tokens', () => {
  let store: MemoryTokenStore;
  let tokens: AccessTokens;
  beforeEach(() => {
    store = new MemoryTokenStore();
    tokens = new AccessTokens(store, clock, new Set(['housing', 'urban']));
  });

  it('authenticates a new department token as that department', async () => {
    const { token, record } = await tokens.create({
      role: 'department',
      department: 'housing',
      name: '张三',
    });
    assert.deepEqual(await tokens.authenticate(token), {
      tokenId: record.id,
      role: 'department',
      department: 'housing',
      name: '张三',
    });
  });

  it('stores only a hash of the token, never the token itself', async () => {
    const { token, record } = await tokens.create({ role: 'duty' });
    const stored = JSON.stringify(await store.get(record.id));
    // The secret is everything after `hl_<id>_`; base64url may itself hold '_'.
    const secret = token.split('_').slice(2).join('_');
    assert.ok(secret.length >= 40, 'secret.length >= 40');
    assert.ok(!stored.includes(secret), '!stored.includes(secret)');
    assert.match(record.hash, /^[0-9a-f]{64}$/);
  });

  it('refuses a token whose secret was changed, even with a valid id', async () => {
    const { token } = await tokens.create({ role: 'supervisor' });
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    assert.equal(await tokens.authenticate(token.slice(0, -1) + last), null);
  });

  it('refuses malformed, unknown and revoked tokens', async () => {
    const { token, record } = await tokens.create({ role: 'duty' });
    assert.equal(await tokens.authenticate(''), null);
    assert.equal(await tokens.authenticate('Bearer x'), null);
    assert.equal(await tokens.authenticate(`hl_ffffffffffff_${'a'.repeat(43)}`), null);
    assert.equal(await tokens.revoke(record.id), true);
    assert.equal(await tokens.authenticate(token), null);
  });

  it('refuses a department token for a department not in the catalogue', async () => {
    await assert.rejects(tokens.create({ role: 'department', department: 'nasa' }), {
      code: 'UNKNOWN_DEPARTMENT',
    });
    await assert.rejects(tokens.create({ role: 'department' }), { code: 'UNKNOWN_DEPARTMENT' });
  });

  it('gives duty and supervisor tokens no department even when one is named', async () => {
    const { token } = await tokens.create({ role: 'supervisor', department: 'housing' });
    assert.equal((await tokens.authenticate(token))?.department, undefined);
  });
});
