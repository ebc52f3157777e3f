import { randomBytes } from 'node:crypto';
import { loadConfig, redisTarget, type RedisTarget } from '../../src/config';
import { createRedisClient, masters, type RedisClient } from '../../src/store/redis/client';
import { crossSlotScripts } from './slots';

/** URL of the real Redis the tests use; every test gets its own key prefix. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A local Redis Cluster (`host:port,...` of its nodes, as .ci/redis-cluster prints) when set:
 * then every suite that connects here runs against the cluster instead of REDIS_URL.
 */
export const REDIS_CLUSTER_NODES = process.env.REDIS_CLUSTER_NODES ?? '';
export const ON_CLUSTER = REDIS_CLUSTER_NODES.trim() !== '';

/** What the app and the CLI are given to reach the tests' Redis (merge into their env). */
export const REDIS_ENV: Record<string, string> = ON_CLUSTER
  ? { REDIS_CLUSTER_NODES, REDIS_URL: '' }
  : { REDIS_URL };

function target(): RedisTarget {
  const found = redisTarget(loadConfig(REDIS_ENV));
  if (found === null) throw new Error('no Redis for the tests');
  return found;
}

export function testPrefix(): string {
  return `test:${randomBytes(6).toString('hex')}:`;
}

export function connect(): RedisClient {
  return createRedisClient(target(), { lazyConnect: false, maxRetriesPerRequest: 1 });
}

/**
 * Every key matching `pattern`. Follows the SCAN cursor to 0: on a Redis holding other data one
 * page can be empty or partial, so a single page is never the answer.
 */
export async function scanKeys(redis: RedisClient, pattern: string): Promise<string[]> {
  const found: string[] = [];
  // On a cluster each master holds its own slots: each is scanned.
  for (const node of await dataNodes(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      found.push(...keys);
    } while (cursor !== '0');
  }
  // SCAN may return a key more than once while the keyspace is rehashed.
  return [...new Set(found)];
}

/** The servers holding data: the one Redis, or every master of the cluster. */
function dataNodes(redis: RedisClient): ReturnType<typeof masters> {
  return masters(redis);
}

/** Deletes every key under `prefix` (SCAN, never KEYS) and closes the connection. */
export async function cleanup(redis: RedisClient, prefix: string): Promise<void> {
  const keys = await scanKeys(redis, `${prefix}*`);
  // One DEL per key: on a cluster a multi-key DEL must stay in one slot.
  await Promise.all(keys.map((key) => redis.del(key)));
  await redis.quit();
  assertOneSlotScripts();
}

/** Fails (once) when a script run since the last check had KEYS in more than one slot. */
export function assertOneSlotScripts(): void {
  const found = crossSlotScripts.splice(0);
  if (found.length > 0) {
    throw new Error(`scripts with KEYS in more than one cluster slot:\n  ${found.join('\n  ')}`);
  }
}

/** Every value stored under `prefix`, whatever each key's type, as one string to search. */
export async function storedValues(redis: RedisClient, prefix: string): Promise<string> {
  const out: string[] = [];
  for (const key of await scanKeys(redis, `${prefix}*`)) {
    const type = await redis.type(key);
    if (type === 'string') out.push((await redis.get(key)) ?? '');
    else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
    else if (type === 'list') out.push(...(await redis.lrange(key, 0, -1)));
    else if (type === 'zset') out.push(...(await redis.zrange(key, 0, -1)));
    else if (type === 'set') out.push(...(await redis.smembers(key)));
  }
  return out.join('\n');
}
export type { RedisClient } from '../../src/store/redis/client';

/** Subscribers of a pub/sub channel; on a cluster each node counts its own, so all are added. */
export async function channelSubscribers(redis: RedisClient, channel: string): Promise<number> {
  let total = 0;
  for (const node of await dataNodes(redis)) {
    const reply = await node.pubsub('NUMSUB', channel);
    total += Number(reply[1]);
  }
  return total;
}
