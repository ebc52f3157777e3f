import { MemoryTicketStore } from '../../src/store/memory/ticketStore';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';
import type { TicketStore } from '../../src/tickets/ports';
import { cleanup, connect, testPrefix, type RedisClient } from './redis';

/** Both ticket stores, each opened fresh (Redis under a prefix of its own), for one suite per store. */
export const TICKET_STORES: [string, () => { store: TicketStore; close(): Promise<void> }][] = [
  ['in memory', () => ({ store: new MemoryTicketStore(), close: async () => {} })],
  [
    'on Redis',
    () => {
      const redis: RedisClient = connect();
      const prefix = testPrefix();
      return {
        store: new RedisTicketStore(redis, new RedisKeys(prefix)),
        close: () => cleanup(redis, prefix),
      };
    },
  ],
];
