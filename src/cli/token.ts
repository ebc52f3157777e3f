import { join } from 'node:path';
import { AccessTokens, ApiRoleSchema, type TokenRecord } from '../access/tokens';
import { loadConfig, redisTarget } from '../config';
import { systemClock } from '../core/clock';
import { projectRoot } from '../core/paths';
import { DepartmentCatalogue } from '../routing/catalogue';
import { createRedisClient } from '../store/redis/client';
import { RedisKeys } from '../store/redis/keys';
import { RedisTokenStore } from '../store/redis/tokenStore';
import { parseArgs, UsageError, type Command } from './command';

/**
 * `hotline token create|list|revoke`: API tokens for departments, duty staff and supervisors,
 * in the Redis the server uses (REDIS_URL, REDIS_KEY_PREFIX). The token is printed once, alone
 * on the last line, so `| tail -n1` captures it; only its hash is stored.
 */
export const tokenCommand: Command = {
  name: 'token',
  summary: 'create, list or revoke API tokens (department, duty, supervisor)',
  usage:
    'token create --role department|duty|supervisor [--department CODE] [--name NAME] | token list | token revoke ID',
  async run(args, env = {}) {
    const [verb, ...rest] = args;
    const parsed = parseArgs(rest, ['role', 'department', 'name']);
    if (verb !== 'create' && verb !== 'list' && verb !== 'revoke') {
      throw new UsageError('say create, list or revoke');
    }
    const config = loadConfig(env);
    const target = redisTarget(config);
    if (target === null) {
      process.stderr.write(
        'hotline token: REDIS_URL is not set (nor REDIS_CLUSTER_NODES or REDIS_SENTINELS). Tokens live in Redis, where every server instance reads them;\n' +
          'set REDIS_URL (and REDIS_KEY_PREFIX) to the values the server uses.\n',
      );
      return 1;
    }
    const redis = createRedisClient(target, { maxRetriesPerRequest: 1, lazyConnect: true });
    try {
      await redis.connect();
      const departments = DepartmentCatalogue.load(
        join(projectRoot(), 'intents', 'departments.yaml'),
      );
      const tokens = new AccessTokens(
        new RedisTokenStore(redis, new RedisKeys(config.REDIS_KEY_PREFIX)),
        systemClock,
        new Set(departments.all().map((d) => d.code)),
      );
      if (verb === 'create') return await create(tokens, parsed.options);
      if (verb === 'list') return await list(tokens);
      return await revoke(tokens, parsed.positional[0]);
    } finally {
      redis.disconnect();
    }
  },
};

async function create(tokens: AccessTokens, options: Map<string, string>): Promise<number> {
  const role = ApiRoleSchema.safeParse(options.get('role'));
  if (!role.success) throw new UsageError('--role must be department, duty or supervisor');
  const department = options.get('department');
  if (role.data === 'department' && department === undefined) {
    throw new UsageError(
      'a department token needs --department CODE (see intents/departments.yaml)',
    );
  }
  if (role.data !== 'department' && department !== undefined) {
    throw new UsageError('--department goes with --role department only');
  }
  const name = options.get('name');
  const { record, token } = await tokens.create({
    role: role.data,
    ...(department === undefined ? {} : { department }),
    ...(name === undefined ? {} : { name }),
  });
  process.stdout.write(
    `created token ${record.id} (${describe(record)}). It is shown once and cannot be read back;\n` +
      `send it as "Authorization: Bearer <token>". Revoke with: hotline token revoke ${record.id}\n` +
      `${token}\n`,
  );
  return 0;
}

async function list(tokens: AccessTokens): Promise<number> {
  const records = await tokens.list();
  if (records.length === 0) {
    process.stdout.write('no tokens yet: hotline token create --role ...\n');
    return 0;
  }
  for (const r of records) {
    const state = r.revokedAt === undefined ? 'active' : `revoked ${r.revokedAt}`;
    process.stdout.write(`${r.id}  ${describe(r).padEnd(30)}  created ${r.createdAt}  ${state}\n`);
  }
  return 0;
}

async function revoke(tokens: AccessTokens, id: string | undefined): Promise<number> {
  if (id === undefined || !/^[0-9a-f]{12}$/.test(id)) {
    throw new UsageError('revoke takes a token id (12 hex digits, from hotline token list)');
  }
  if (!(await tokens.revoke(id))) {
    process.stderr.write(`hotline token: no token ${id}\n`);
    return 1;
  }
  process.stdout.write(`revoked ${id}: it no longer opens the API\n`);
  return 0;
}

function describe(r: TokenRecord): string {
  const who = r.role === 'department' ? `department ${r.department ?? ''}` : r.role;
  return r.name === undefined ? who : `${who}, ${r.name}`;
}
