import { MemoryTokenStore } from '../../../src/store/memory/tokenStore';
import { tokenStoreContract } from '../tokenStore.contract';

tokenStoreContract('memory', async () => ({
  store: new MemoryTokenStore(),
  close: async () => undefined,
}));
