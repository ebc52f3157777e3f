import { MemoryHandoffStore } from '../../../src/store/memory/handoffStore';
import { handoffStoreContract } from '../handoffStore.contract';

handoffStoreContract('memory', async (clock) => {
  const store = new MemoryHandoffStore({ clock });
  return { store, instance: () => store, close: async () => undefined };
});
