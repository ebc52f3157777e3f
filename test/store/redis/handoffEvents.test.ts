import { strict as assert } from 'node:assert';
import { RedisHandoffEvents } from '../../../src/store/redis/handoffEvents';
import { RedisKeys } from '../../../src/store/redis/keys';
import {
  type RedisClient,
  channelSubscribers,
  cleanup,
  connect,
  testPrefix,
} from '../../support/redis';
import { collector, EVENTS, handoffEventsContract } from '../handoffEvents.contract';

const subscribers = channelSubscribers;

handoffEventsContract('redis', async () => {
  const one = connect();
  const two = connect();
  const prefix = testPrefix();
  const keys = new RedisKeys(prefix);
  return {
    first: new RedisHandoffEvents(one, keys),
    second: new RedisHandoffEvents(two, keys),
    openSubscriptions: () => subscribers(one, keys.handoffEvents()),
    close: async () => {
      await two.quit();
      await cleanup(one, prefix);
    },
  };
});

describe('RedisHandoffEvents in Redis', () => {
  let redis: RedisClient;
  let prefix: string;
  let keys: RedisKeys;
  beforeEach(() => {
    redis = connect();
    prefix = testPrefix();
    keys = new RedisKeys(prefix);
  });
  afterEach(async () => {
    await cleanup(redis, prefix);
  });

  it('skips a message on the channel that is not an event, and delivers the next one', async () => {
    const events = new RedisHandoffEvents(redis, keys);
    const got = collector();
    const stop = await events.subscribe(got.listener);
    await redis.publish(keys.handoffEvents(), 'not json');
    await redis.publish(keys.handoffEvents(), JSON.stringify({ type: 'queue' }));
    await events.publish(EVENTS[4]!);
    assert.deepEqual(await got.until(1), [EVENTS[4]]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(got.events.length, 1);
    await stop();
  });

  it('refuses to publish an event that does not match the schema', async () => {
    const events = new RedisHandoffEvents(redis, keys);
    const bad = JSON.parse('{"type":"presence","staff":{"username":"zhang"},"presence":"asleep"}');
    await assert.rejects(() => events.publish(bad));
  });

  it('keeps instances of different key prefixes apart', async () => {
    const other = new RedisHandoffEvents(redis, new RedisKeys(testPrefix()));
    const got = collector();
    const stop = await other.subscribe(got.listener);
    await new RedisHandoffEvents(redis, keys).publish(EVENTS[0]!);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(got.events, []);
    await stop();
  });
});
