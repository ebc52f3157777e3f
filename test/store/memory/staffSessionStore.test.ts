import { MemoryStaffSessionStore } from '../../../src/store/memory/staffSessionStore';
import { staffSessionStoreContract } from '../staffSessionStore.contract';

staffSessionStoreContract('memory', async () => {
  let now = Date.parse('2026-12-06T02:00:00.000Z');
  return {
    store: new MemoryStaffSessionStore({ now: () => new Date(now) }),
    elapse: async (ms) => {
      now += ms;
    },
    close: async () => undefined,
  };
});
