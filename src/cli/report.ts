import { join } from 'node:path';
import { loadConfig, redisTarget } from '../config';
import { systemClock, type Clock } from '../core/clock';
import { projectRoot } from '../core/paths';
import { DepartmentCatalogue } from '../routing/catalogue';
import { DepartmentNames } from '../routing/departmentNames';
import { collectTickets } from '../stats/collect';
import { computeStats } from '../stats/figures';
import { reportCsv, reportMarkdown } from '../stats/format';
import { lastWeek, parsePeriod } from '../stats/period';
import { createRedisClient } from '../store/redis/client';
import { RedisKeys } from '../store/redis/keys';
import { RedisTicketStore } from '../store/redis/ticketStore';
import { parseArgs, UsageError, type Command } from './command';

/**
 * `hotline report --week`: the figures for assessment (考核) as the weekly 通报, departments
 * ranked, read from the Redis the server uses (REDIS_URL, REDIS_KEY_PREFIX). `--week` is the
 * last full week, Monday to Monday in the hotline's zone; `--from` / `--to` set the period.
 */
export function reportCommand(clock: Clock = systemClock): Command {
  return {
    name: 'report',
    summary: 'weekly figures for assessment (考核), departments ranked',
    usage: 'report --week | --from YYYY-MM-DD [--to YYYY-MM-DD] [--format md|csv]',
    async run(args, env = {}) {
      const parsed = parseArgs(args, ['from', 'to', 'format']);
      const format = parsed.options.get('format') ?? 'md';
      if (format !== 'md' && format !== 'csv') throw new UsageError('--format is md or csv');
      const unknown = [...parsed.flags].filter((f) => f !== 'week');
      if (unknown.length > 0 || parsed.positional.length > 0) {
        throw new UsageError(`unknown option ${unknown[0] ?? parsed.positional[0] ?? ''}`);
      }
      const from = parsed.options.get('from');
      const to = parsed.options.get('to');
      if (!parsed.flags.has('week') && from === undefined) {
        throw new UsageError('say --week, or give the period with --from (and --to)');
      }
      if (parsed.flags.has('week') && (from !== undefined || to !== undefined)) {
        // Either would be a different period from the one the title and the reader expect.
        throw new UsageError('say --week or --from (and --to), not both');
      }
      const config = loadConfig(env);
      const target = redisTarget(config);
      if (target === null) {
        process.stderr.write(
          'hotline report: REDIS_URL is not set (nor REDIS_CLUSTER_NODES or REDIS_SENTINELS): set REDIS_URL (and REDIS_KEY_PREFIX) to the values the server uses.\n',
        );
        return 1;
      }
      const now = clock.now();
      const zone = config.HOTLINE_TIMEZONE;
      const week = lastWeek(now, zone);
      const period = from === undefined ? week : parsePeriod({ from, to }, now, zone);
      const departments = DepartmentCatalogue.load(
        join(projectRoot(), 'intents', 'departments.yaml'),
      );
      const names = new DepartmentNames(departments);
      const name = (code: string) => names.name(code, 'zh');
      const redis = createRedisClient(target, { maxRetriesPerRequest: 1, lazyConnect: true });
      try {
        await redis.connect();
        const store = new RedisTicketStore(redis, new RedisKeys(config.REDIS_KEY_PREFIX));
        // Every catalogue department gets a row, as in GET /api/stats: the 通报 ranks them all.
        const codes = departments.all().map((d) => d.code);
        const report = computeStats(await collectTickets(store, period), period, now, codes);
        process.stdout.write(
          format === 'csv' ? reportCsv(report, name) : reportMarkdown(report, name, zone),
        );
        return 0;
      } finally {
        redis.disconnect();
      }
    },
  };
}
