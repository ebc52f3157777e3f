import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

/** URL of the real Redis the tests use; every test gets its own key prefix. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function testPrefix(): string {
  return `test:${randomBytes(6).toString('hex')}:`;
}

export function connect(): Redis {
  return new Redis(REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 });
}

/**
 * Every key matching `pattern`. Follows the SCAN cursor to 0: on a Redis holding other data one
 * page can be empty or partial, so a single page is never the answer.
 */
export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  // SCAN may return a key more than once while the keyspace is rehashed.
  return [...new Set(found)];
}

/** Deletes every key under `prefix` (SCAN, never KEYS) and closes the connection. */
export async function cleanup(redis: Redis, prefix: string): Promise<void> {
  const keys = await scanKeys(redis, `${prefix}*`);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  await redis.quit();
}

/** Every value stored under `prefix`, whatever each key's type, as one string to search. */
export async function storedValues(redis: Redis, prefix: string): Promise<string> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      if (type === 'string') out.push((await redis.get(key)) ?? '');
      else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') out.push(...(await redis.lrange(key, 0, -1)));
      else if (type === 'zset') out.push(...(await redis.zrange(key, 0, -1)));
      else if (type === 'set') out.push(...(await redis.smembers(key)));
    }
  } while (cursor !== '0');
  return out.join('\n');
}
