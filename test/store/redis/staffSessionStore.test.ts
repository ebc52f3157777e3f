import { setTimeout as sleep } from 'node:timers/promises';
import { RedisKeys } from '../../../src/store/redis/keys';
import { RedisStaffSessionStore } from '../../../src/store/redis/staffSessionStore';
import { cleanup, connect, testPrefix } from '../../support/redis';
import { staffSessionStoreContract } from '../staffSessionStore.contract';

staffSessionStoreContract('redis', async () => {
  const redis = connect();
  const prefix = testPrefix();
  return {
    store: new RedisStaffSessionStore(redis, new RedisKeys(prefix)),
    elapse: async (ms) => {
      await sleep(ms);
    },
    close: () => cleanup(redis, prefix),
  };
});
