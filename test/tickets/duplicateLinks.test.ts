import { MemoryNotificationStore } from '../../src/store/memory/notificationStore';
import { MemoryTicketStore } from '../../src/store/memory/ticketStore';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisNotificationStore } from '../../src/store/redis/notificationStore';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';
import { cleanup, connect, testPrefix } from '../support/redis';
import { duplicatesContract } from './duplicateLinks.contract';

const LIMITS = { cap: 500, ttlSeconds: 3600 * 24 * 400 };

duplicatesContract('memory', async () => {
  const store = new MemoryTicketStore();
  const notifications = new MemoryNotificationStore(LIMITS, {
    now: () => new Date('2026-11-30T01:00:00.000Z'),
  });
  return {
    instances: [
      { store, notifications },
      { store, notifications },
    ],
    close: async () => {},
  };
});

duplicatesContract('redis', async () => {
  const prefix = testPrefix();
  const keys = new RedisKeys(prefix);
  const [r1, r2] = [connect(), connect()];
  return {
    instances: [
      {
        store: new RedisTicketStore(r1, keys),
        notifications: new RedisNotificationStore(r1, keys, LIMITS),
      },
      {
        store: new RedisTicketStore(r2, keys),
        notifications: new RedisNotificationStore(r2, keys, LIMITS),
      },
    ],
    close: async () => {
      await r2.quit();
      await cleanup(r1, prefix);
    },
  };
});
