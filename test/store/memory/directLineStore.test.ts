import { strict as assert } from 'node:assert';
import { MemoryDirectLineStore } from '../../../src/store/memory/directLineStore';
import { directLineStoreContract } from '../directLineStore.contract';

directLineStoreContract('memory', async (options) => {
  const store = new MemoryDirectLineStore(options);
  return { store, close: () => store.close() };
});

describe('MemoryDirectLineStore', () => {
  it('forgets a conversation idle for longer than its TTL', async () => {
    let now = Date.parse('2026-11-28T02:00:00.000Z');
    const store = new MemoryDirectLineStore({ ttlSeconds: 60, now: () => now });
    await store.open('conv-idle', 'u', '2026-11-28T02:00:00.000Z');
    now += 50_000;
    await store.append('conv-idle', { type: 'message', text: 'x' });
    now += 50_000;
    assert.notEqual(await store.get('conv-idle'), null, 'the activity renewed it');
    now += 11_000;
    assert.equal(await store.get('conv-idle'), null);
  });
});
