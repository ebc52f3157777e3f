import { Redis } from 'ioredis';
import { privateRedis } from '../test/support/privateRedis';

/**
 * A redis-server of the bench's own (the tests' private one: free port, temp dir), so that its
 * INFO counts the bot's traffic alone and the shared test Redis is left alone. Set up as
 * production asks (README, "Production"): AOF with fsync every second, no eviction; no RDB
 * snapshots.
 */
export interface BenchRedis {
  url: string;
  /** INFO commandstats and stats, summed: commands the server ran (inside Lua scripts too). */
  commandsProcessed(): Promise<number>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<BenchRedis> {
  const server = await privateRedis();
  await server.start([
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--maxmemory-policy',
    'noeviction',
  ]);
  const admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
  return {
    url: server.url,
    async commandsProcessed() {
      const info = await admin.info('commandstats');
      let calls = 0;
      for (const match of info.matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)) calls += Number(match[1]);
      return calls;
    },
    async stop() {
      admin.disconnect();
      await server.destroy();
    },
  };
}
