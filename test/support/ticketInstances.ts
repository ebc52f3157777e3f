import type { Clock } from '../../src/core/clock';
import { MemoryNotificationStore } from '../../src/store/memory/notificationStore';
import { MemoryTicketStore } from '../../src/store/memory/ticketStore';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisNotificationStore } from '../../src/store/redis/notificationStore';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';
import { cleanup, connect, testPrefix } from './redis';

/** The concrete stores, so a suite may use all they offer (alert queue, place index...). */
export interface TicketInstance {
  store: MemoryTicketStore | RedisTicketStore;
  notifications: MemoryNotificationStore | RedisNotificationStore;
}

/** Two bot instances' ticket and notification stores over one back-end, as a contract suite needs. */
export interface TwoInstances {
  instances: [TicketInstance, TicketInstance];
  close(): Promise<void>;
}

export interface NotificationLimits {
  cap: number;
  ttlSeconds: number;
}

/** Both instances share one in-memory store (one process stands in for two). */
export async function memoryInstances(
  limits: NotificationLimits,
  clock: Clock,
): Promise<TwoInstances> {
  const store = new MemoryTicketStore();
  const notifications = new MemoryNotificationStore(limits, clock);
  return {
    instances: [
      { store, notifications },
      { store, notifications },
    ],
    close: async () => {},
  };
}

/** Each instance with its own Redis connection, under one fresh key prefix. */
export async function redisInstances(limits: NotificationLimits): Promise<TwoInstances> {
  const prefix = testPrefix();
  const keys = new RedisKeys(prefix);
  const [r1, r2] = [connect(), connect()];
  return {
    instances: [
      {
        store: new RedisTicketStore(r1, keys),
        notifications: new RedisNotificationStore(r1, keys, limits),
      },
      {
        store: new RedisTicketStore(r2, keys),
        notifications: new RedisNotificationStore(r2, keys, limits),
      },
    ],
    close: async () => {
      await r2.quit();
      await cleanup(r1, prefix);
    },
  };
}
