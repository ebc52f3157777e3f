import { MemoryStaffStore } from '../../../src/store/memory/staffStore';
import { staffStoreContract } from '../staffStore.contract';

staffStoreContract('memory', async () => ({
  store: new MemoryStaffStore(),
  close: async () => undefined,
}));
