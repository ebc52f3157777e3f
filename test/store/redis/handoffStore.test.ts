import { RedisHandoffStore } from '../../../src/store/redis/handoffStore';
import { RedisKeys } from '../../../src/store/redis/keys';
import { cleanup, connect, testPrefix } from '../../support/redis';
import { handoffStoreContract } from '../handoffStore.contract';

handoffStoreContract('redis', async () => {
  const redis = connect();
  const prefix = testPrefix();
  return {
    store: new RedisHandoffStore(redis, new RedisKeys(prefix)),
    close: () => cleanup(redis, prefix),
  };
});
