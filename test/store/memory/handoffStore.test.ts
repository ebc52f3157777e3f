import { MemoryHandoffStore } from '../../../src/store/memory/handoffStore';
import { handoffStoreContract } from '../handoffStore.contract';

handoffStoreContract('memory', async () => ({
  store: new MemoryHandoffStore(),
  close: async () => undefined,
}));
