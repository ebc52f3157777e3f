import { loadConfig, redisTarget } from '../config';
import { createRedisClient, describeTarget } from '../store/redis/client';
import { RedisKeys } from '../store/redis/keys';
import { migrateKeys } from '../store/redis/migrateKeys';
import { parseArgs, UsageError, type Command } from './command';

/**
 * `hotline migrate-keys [--apply]`: moves tickets stored before the cluster layout (one
 * `{tickets}` hash tag) to it, in the Redis the server uses. A dry run (counts only) unless
 * `--apply`; with `--apply` also the repair that rewrites every ticket's index entries.
 */
export const migrateKeysCommand: Command = {
  name: 'migrate-keys',
  summary: 'move tickets to the cluster key layout (dry run unless --apply; stop the bot first)',
  usage: 'migrate-keys [--apply]',
  async run(args, env = {}) {
    const parsed = parseArgs(args, []);
    const unknown = [...parsed.flags].filter((f) => f !== 'apply');
    if (unknown.length > 0 || parsed.positional.length > 0) {
      throw new UsageError(`unknown argument: ${[...unknown, ...parsed.positional].join(' ')}`);
    }
    const apply = parsed.flags.has('apply');
    const config = loadConfig(env);
    const target = redisTarget(config);
    if (target === null) {
      process.stderr.write(
        'hotline migrate-keys: REDIS_URL is not set (nor REDIS_CLUSTER_NODES or REDIS_SENTINELS).\n',
      );
      return 1;
    }
    const redis = createRedisClient(target, { maxRetriesPerRequest: 1, lazyConnect: true });
    try {
      await redis.connect();
      const say = (line: string) => process.stdout.write(`${line}\n`);
      say(`${apply ? 'migrating' : 'dry run (add --apply to write)'}: ${describeTarget(target)}`);
      const report = await migrateKeys(redis, new RedisKeys(config.REDIS_KEY_PREFIX), {
        apply,
        progress: say,
      });
      say(`old-layout keys: ${report.oldKeys}`);
      say(`tickets: ${report.tickets} (imported now: ${report.imported})`);
      say(`day counters: ${report.sequences}, dedupe keys: ${report.dedupe}`);
      say(`raised alerts: ${report.raisedAlerts}`);
      if (apply)
        say(`tickets re-indexed: ${report.reindexed}; old keys deleted: ${report.deleted}`);
      else if (report.oldKeys > 0) say('nothing written; run again with --apply');
      return 0;
    } finally {
      redis.disconnect();
    }
  },
};
