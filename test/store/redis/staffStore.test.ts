import { RedisKeys } from '../../../src/store/redis/keys';
import { RedisStaffStore } from '../../../src/store/redis/staffStore';
import { cleanup, connect, testPrefix } from '../../support/redis';
import { staffStoreContract } from '../staffStore.contract';

staffStoreContract('redis', async () => {
  const redis = connect();
  const prefix = testPrefix();
  return {
    store: new RedisStaffStore(redis, new RedisKeys(prefix)),
    close: () => cleanup(redis, prefix),
  };
});
