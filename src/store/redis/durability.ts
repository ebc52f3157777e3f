import { Cluster, type Redis } from 'ioredis';
import { masters, type RedisClient } from './client';
import { z } from 'zod';
import { StoreError } from './errors';

/**
 * What Redis says about keeping data: Redis is the system of record, so a Redis that keeps
 * nothing on disk loses every ticket on restart, and one that evicts keys loses some of them.
 */
export interface RedisDurability {
  /** AOF on; null when the server would not say. */
  appendonly: boolean | null;
  /** RDB snapshot rule (`CONFIG GET save`, e.g. "3600 1 300 100"); null when not available. */
  save: string | null;
  /** Must be `noeviction`: any other policy drops keys, tickets included, when memory is full. */
  maxmemoryPolicy: string | null;
  /** Where it was read: CONFIG GET, or INFO where managed Redis disables CONFIG. */
  source: 'config' | 'info';
  /** AOF on and nothing is evicted (on a cluster: on every master). */
  ok: boolean;
  /**
   * On a cluster only: how many masters were asked and those (host:port) that may lose data.
   * The other fields are then those of the first such master, or of the first master if none.
   */
  cluster?: { masters: number; failing: string[] };
}

const ConfigReplySchema = z.array(z.string());

/**
 * Reads persistence and eviction settings, from CONFIG GET or, failing that, from INFO. Each
 * master of a cluster keeps its own slots, so each is asked; one that may lose data is enough
 * to lose tickets.
 */
export async function inspectDurability(client: RedisClient): Promise<RedisDurability> {
  if (!(client instanceof Cluster)) return inspectServer(client);
  const nodes = await masters(client);
  const found = await Promise.all(nodes.map(inspectServer));
  const failing = nodes
    .filter((_, i) => found[i]?.ok !== true)
    .map((n) => `${n.options.host ?? '?'}:${n.options.port ?? '?'}`);
  const shown = found.find((f) => !f.ok) ?? found[0];
  if (shown === undefined) throw new Error('a Redis Cluster without masters');
  return { ...shown, cluster: { masters: nodes.length, failing } };
}

async function inspectServer(redis: Redis): Promise<RedisDurability> {
  let found: Omit<RedisDurability, 'ok'>;
  try {
    found = await fromConfig(redis);
  } catch {
    // Managed Redis often disables CONFIG; an ACL may refuse INFO too: then nothing is known.
    found = await fromInfo(redis).catch(() => ({
      appendonly: null,
      save: null,
      maxmemoryPolicy: null,
      source: 'info' as const,
    }));
  }
  return {
    ...found,
    ok: found.appendonly === true && found.maxmemoryPolicy === 'noeviction',
  };
}

async function fromConfig(redis: Redis): Promise<Omit<RedisDurability, 'ok'>> {
  const [appendonly, save, policy] = await Promise.all(
    ['appendonly', 'save', 'maxmemory-policy'].map(async (name) => {
      const [, value] = ConfigReplySchema.parse(await redis.config('GET', name));
      return value ?? null;
    }),
  );
  return {
    appendonly: appendonly === null ? null : appendonly === 'yes',
    save: save ?? null,
    maxmemoryPolicy: policy ?? null,
    source: 'config',
  };
}

async function fromInfo(redis: Redis): Promise<Omit<RedisDurability, 'ok'>> {
  const fields = parseInfo(`${await redis.info('persistence')}\n${await redis.info('memory')}`);
  const aof = fields.get('aof_enabled');
  return {
    appendonly: aof === undefined ? null : aof === '1',
    save: null,
    maxmemoryPolicy: fields.get('maxmemory_policy') ?? null,
    source: 'info',
  };
}

function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) fields.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  return fields;
}

/** What start-up does about it: `refuse` stops the process, `warn` logs loudly. */
export interface DurabilityVerdict {
  action: 'ok' | 'warn' | 'refuse';
  /** Empty when ok; otherwise says what is wrong, what to set, and the override. */
  message: string;
}

/**
 * In production a Redis that may lose tickets stops start-up unless REDIS_DURABILITY=unchecked
 * says the operator guarantees durability another way; elsewhere it is a loud warning.
 */
export function judgeDurability(
  found: RedisDurability,
  { production, unchecked }: { production: boolean; unchecked: boolean },
): DurabilityVerdict {
  if (found.ok) return { action: 'ok', message: '' };
  const problems: string[] = [];
  if (found.appendonly !== true) {
    problems.push(
      found.appendonly === null
        ? 'Redis did not say whether appendonly (AOF) is on'
        : `Redis has appendonly=no (save="${found.save ?? 'unknown'}"): a restart loses the tickets written since the last snapshot, and the day's ticket numbers start again`,
    );
  }
  if (found.maxmemoryPolicy !== 'noeviction') {
    problems.push(
      `Redis has maxmemory-policy=${found.maxmemoryPolicy ?? 'unknown'}: when memory is full it may evict tickets; it must be noeviction`,
    );
  }
  const fix =
    'Run Redis with `appendonly yes`, `appendfsync everysec` and `maxmemory-policy noeviction` ' +
    '(README, "Production"), or set REDIS_DURABILITY=unchecked if your Redis is durable in a ' +
    'way this check cannot see (e.g. a managed service with its own persistence).';
  const where =
    found.cluster === undefined
      ? ''
      : `On ${found.cluster.failing.length} of ${found.cluster.masters} cluster masters (${found.cluster.failing.join(', ')}): `;
  const body = `${where}${problems.join('; ')}. ${fix}`;
  if (unchecked) return { action: 'warn', message: `REDIS_DURABILITY=unchecked: ${body}` };
  if (production)
    return { action: 'refuse', message: `Refusing to start (NODE_ENV=production): ${body}` };
  return { action: 'warn', message: `*** ${body} ***` };
}

/** Start-up refused: this Redis may lose tickets and nobody vouched for it. */
export class RedisNotDurableError extends StoreError {
  constructor(message: string) {
    super('REDIS_NOT_DURABLE', message);
  }
}
