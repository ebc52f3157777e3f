import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { RedisTarget } from '../../config';

/** What the stores talk to: one server (plain or found through Sentinel) or a cluster. */
export type RedisClient = Redis | Cluster;

export interface ClientOptions {
  /** Don't connect until `connect()` (start-up awaits it with a timeout). */
  lazyConnect?: boolean;
  maxRetriesPerRequest?: number;
  /** Send commands issued in the same tick in one write (one round trip for a turn's batch). */
  enableAutoPipelining?: boolean;
  /** A command unanswered this long fails ("Command timed out"); unset: it waits. */
  commandTimeout?: number;
}

/**
 * The one place a connection to the system of record is made. Subscribers (pub/sub) are
 * `client.duplicate()`: on a cluster that is another Cluster, which follows the channel's slot.
 */
export function createRedisClient(target: RedisTarget, options: ClientOptions = {}): RedisClient {
  const common: RedisOptions = {
    lazyConnect: options.lazyConnect ?? false,
    maxRetriesPerRequest: options.maxRetriesPerRequest ?? 2,
    enableAutoPipelining: options.enableAutoPipelining ?? false,
    ...(options.commandTimeout === undefined ? {} : { commandTimeout: options.commandTimeout }),
  };
  switch (target.mode) {
    case 'url':
      return new Redis(target.url, common);
    case 'cluster':
      return new Cluster(target.nodes, {
        lazyConnect: common.lazyConnect,
        enableAutoPipelining: common.enableAutoPipelining,
        redisOptions: {
          maxRetriesPerRequest: common.maxRetriesPerRequest,
          ...(common.commandTimeout === undefined ? {} : { commandTimeout: common.commandTimeout }),
          ...(target.password === undefined ? {} : { password: target.password }),
        },
      });
    case 'sentinel':
      return new Redis({
        ...common,
        sentinels: target.sentinels,
        name: target.name,
        ...(target.password === undefined ? {} : { password: target.password }),
        ...(target.sentinelPassword === undefined
          ? {}
          : { sentinelPassword: target.sentinelPassword }),
      });
  }
}

/**
 * The servers that hold data: every master of a cluster, or the one server. What is asked of
 * "Redis" as a whole (durability settings, SCAN) is asked of each of these.
 */
export async function masters(client: RedisClient): Promise<Redis[]> {
  if (!(client instanceof Cluster)) return [client];
  // A cluster learns its nodes on connecting.
  if (client.status !== 'ready') {
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve());
      client.once('error', reject);
    });
  }
  return client.nodes('master');
}

/** Where the client points, for logs and errors: no passwords. */
export function describeTarget(target: RedisTarget): string {
  const list = (nodes: { host: string; port: number }[]) =>
    nodes.map((n) => `${n.host}:${n.port}`).join(',');
  switch (target.mode) {
    case 'url':
      return `REDIS_URL (${target.url.replace(/\/\/([^@/]*)@/, '//***@')})`;
    case 'cluster':
      return `REDIS_CLUSTER_NODES (${list(target.nodes)})`;
    case 'sentinel':
      return `REDIS_SENTINELS (${list(target.sentinels)}, master "${target.name}")`;
  }
}

/**
 * Every key matching `pattern` on every master, each SCAN cursor followed to 0 (one page of a
 * Redis holding other data may be empty). For maintenance (migration, tests), not for a turn.
 */
export async function scanAll(client: RedisClient, pattern: string): Promise<string[]> {
  const found = new Set<string>();
  for (const node of await masters(client)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) found.add(key);
    } while (cursor !== '0');
  }
  return [...found];
}
