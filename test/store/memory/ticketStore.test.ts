import { MemoryTicketStore } from '../../../src/store/memory/ticketStore';
import { ticketStoreContract } from '../ticketStore.contract';

ticketStoreContract('memory', async () => ({
  store: new MemoryTicketStore(),
  close: async () => undefined,
}));
