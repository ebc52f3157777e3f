import { RedisKeys } from '../../../src/store/redis/keys';
import { RedisTokenStore } from '../../../src/store/redis/tokenStore';
import { cleanup, connect, testPrefix } from '../../support/redis';
import { tokenStoreContract } from '../tokenStore.contract';

tokenStoreContract('redis', async () => {
  const redis = connect();
  const prefix = testPrefix();
  return {
    store: new RedisTokenStore(redis, new RedisKeys(prefix)),
    close: () => cleanup(redis, prefix),
  };
});
