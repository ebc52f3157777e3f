import { createInterface } from 'node:readline';
import { StaffAccounts, StaffRoleSchema, UsernameSchema, type StaffRecord } from '../access/staff';
import { loadConfig, redisTarget } from '../config';
import { systemClock } from '../core/clock';
import { createRedisClient } from '../store/redis/client';
import { RedisKeys } from '../store/redis/keys';
import { RedisStaffStore } from '../store/redis/staffStore';
import { parseArgs, UsageError, type Command } from './command';

/**
 * `hotline staff add|list|disable`: duty staff accounts for the console, in the Redis the
 * server uses (REDIS_URL, REDIS_KEY_PREFIX). The password never appears on the command line:
 * it is read from stdin (`--password-stdin`) or typed at a prompt; only its scrypt hash is kept.
 */
export const staffCommand: Command = {
  name: 'staff',
  summary: 'add, list or disable duty staff accounts for the console',
  usage:
    'staff add --username NAME --name 姓名 [--role duty|supervisor] [--password-stdin] | staff list | staff disable --username NAME',
  async run(args, env = {}) {
    const [verb, ...rest] = args;
    const parsed = parseArgs(rest, ['username', 'name', 'role']);
    if (verb !== 'add' && verb !== 'list' && verb !== 'disable') {
      throw new UsageError('say add, list or disable');
    }
    const config = loadConfig(env);
    const target = redisTarget(config);
    if (target === null) {
      process.stderr.write(
        'hotline staff: REDIS_URL is not set (nor REDIS_CLUSTER_NODES or REDIS_SENTINELS). Staff accounts live in Redis, where every server instance reads them;\n' +
          'set REDIS_URL (and REDIS_KEY_PREFIX) to the values the server uses.\n',
      );
      return 1;
    }
    let password: string | undefined;
    if (verb === 'add') {
      password = await readPassword(parsed.flags.has('password-stdin'));
      if (password === undefined) return 1;
    }
    const redis = createRedisClient(target, { maxRetriesPerRequest: 1, lazyConnect: true });
    try {
      await redis.connect();
      const accounts = new StaffAccounts(
        new RedisStaffStore(redis, new RedisKeys(config.REDIS_KEY_PREFIX)),
        systemClock,
      );
      if (verb === 'add') return await add(accounts, parsed.options, password ?? '');
      if (verb === 'list') return await list(accounts);
      return await disable(accounts, parsed.options.get('username'));
    } finally {
      redis.disconnect();
    }
  },
};

function username(value: string | undefined): string {
  const parsed = UsernameSchema.safeParse(value);
  if (!parsed.success) {
    throw new UsageError('--username must be 2-32 lower-case letters, digits, . _ - (e.g. zhang)');
  }
  return parsed.data;
}

async function add(
  accounts: StaffAccounts,
  options: Map<string, string>,
  password: string,
): Promise<number> {
  const user = username(options.get('username'));
  const name = options.get('name');
  if (name === undefined || name.trim() === '') {
    throw new UsageError('--name is the name the console shows (e.g. 张三)');
  }
  const role = StaffRoleSchema.safeParse(options.get('role') ?? 'duty');
  if (!role.success) throw new UsageError('--role must be duty or supervisor');
  const record = await accounts.add({
    username: user,
    name: name.trim(),
    role: role.data,
    password,
  });
  process.stdout.write(`added ${describe(record)}; log in at POST /api/staff/session\n`);
  return 0;
}

async function list(accounts: StaffAccounts): Promise<number> {
  const records = await accounts.list();
  if (records.length === 0) {
    process.stdout.write('no staff yet: hotline staff add --username ... --name ...\n');
    return 0;
  }
  for (const r of records) {
    const state = r.disabledAt === undefined ? 'active' : `disabled ${r.disabledAt}`;
    process.stdout.write(`${describe(r).padEnd(40)}  created ${r.createdAt}  ${state}\n`);
  }
  return 0;
}

async function disable(accounts: StaffAccounts, value: string | undefined): Promise<number> {
  const user = username(value);
  if (!(await accounts.disable(user))) {
    process.stderr.write(`hotline staff: no account ${user}\n`);
    return 1;
  }
  process.stdout.write(`disabled ${user}: the account can no longer log in\n`);
  return 0;
}

function describe(r: StaffRecord): string {
  return `${r.username} (${r.name}, ${r.role})`;
}

/** The password from stdin (first line), or typed at a TTY prompt without echo; undefined if neither. */
async function readPassword(fromStdin: boolean): Promise<string | undefined> {
  if (fromStdin) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? '';
  }
  if (!process.stdin.isTTY) {
    process.stderr.write(
      'hotline staff: no terminal to ask for the password. Pipe it in with --password-stdin,\n' +
        'e.g. printf \'%s\\n\' "$PASSWORD" | npx hotline staff add --username zhang --name 张三 --password-stdin\n',
    );
    return undefined;
  }
  const first = await prompt('password: ');
  const second = await prompt('again: ');
  if (first !== second) {
    process.stderr.write('hotline staff: the two passwords differ; nothing was added\n');
    return undefined;
  }
  return first;
}

function prompt(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    // Echo nothing while the password is typed.
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stderr.write(question);
    out._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
