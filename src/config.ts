import { existsSync } from 'node:fs';
import { z } from 'zod';
import { WebhookUrlsSchema } from './supervision/webhooks';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm, e.g. 09:00');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine(isCalendarDate, 'not a calendar date (month 01-12, a day the month has)');
/** A comma-separated list; blanks dropped. */
const commaList = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((d) => d.trim())
      .filter((d) => d.length > 0),
  );
const dateList = commaList.pipe(z.array(isoDate));
const optionalString = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s.trim() === '' ? undefined : s.trim()));
/** A path to a file that must be there, or blank for the shipped one. */
const fileSetting = optionalString.refine(
  (path) => path === undefined || existsSync(path),
  'no such file',
);
/** JSON in a variable; blank means unset. */
const jsonValue = z
  .string()
  .optional()
  .transform((s, ctx): unknown => {
    if (s === undefined || s.trim() === '') return undefined;
    try {
      return JSON.parse(s);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
      return z.NEVER;
    }
  });
/** `host:port`, e.g. `10.0.0.5:6379`. */
const hostPort = z
  .string()
  .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'host:port, e.g. 10.0.0.5:6379')
  .transform((s) => {
    const at = s.lastIndexOf(':');
    return { host: s.slice(0, at), port: Number(s.slice(at + 1)) };
  })
  .refine((a) => a.port >= 1 && a.port <= 65535, 'port must be 1-65535');
const webUrl = z.url({ protocol: /^https?$/ });
const httpsUrl = z.url({ protocol: /^https$/ });
const int = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

/** A whole number, or undefined when unset or blank. */
const optionalInt = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number().int().min(min).max(max).optional(),
  );

function isCalendarDate(yyyymmdd: string): boolean {
  const date = new Date(`${yyyymmdd}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(yyyymmdd);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Every environment variable the bot reads. `.env.example` documents each one. */
export const ConfigSchema = z.object({
  // An enum, not any string: `prod` or `Production` would silently run without the durability
  // refusal and the Secure staff cookie.
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3978, 1, 65535),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  // Or a Redis Cluster (any of its nodes; the rest are discovered), or a Sentinel-watched master.
  // Exactly one of REDIS_URL, REDIS_CLUSTER_NODES, REDIS_SENTINELS may be set.
  REDIS_CLUSTER_NODES: commaList.pipe(z.array(hostPort)),
  REDIS_SENTINELS: commaList.pipe(z.array(hostPort)),
  REDIS_SENTINEL_NAME: optionalString,
  // Password of the cluster nodes / the Sentinel-watched master (REDIS_URL carries its own).
  REDIS_PASSWORD: optionalString,
  REDIS_SENTINEL_PASSWORD: optionalString,
  // `checked`: with NODE_ENV=production, start-up stops unless Redis has AOF on and evicts
  // nothing. `unchecked`: the operator guarantees durability another way; only a warning.
  REDIS_DURABILITY: z.enum(['checked', 'unchecked']).default('checked'),
  // A Redis that stops answering without closing the connection (paused, partitioned) would hold
  // every request until TCP gives up, minutes later; a command fails after this instead.
  REDIS_COMMAND_TIMEOUT_MS: int(10_000, 500, 600_000),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,32}$/, 'letters, digits, ":", "_" or "-", at most 32')
    .default('hotline:'),
  TICKET_PREFIX: z
    .string()
    .regex(/^[A-Z]{1,8}$/, '1 to 8 upper-case letters')
    .default('QD'),
  HOTLINE_TIMEZONE: z.string().refine(isTimeZone, 'not an IANA time zone').default('Asia/Shanghai'),
  WORK_START: hhmm.default('09:00'),
  WORK_END: hhmm.default('17:30'),
  HOLIDAYS: dateList,
  MAKEUP_WORKDAYS: dateList,
  // Time limits per step (config/sla.yaml) and holidays (config/holidays.yaml); a path here
  // replaces the shipped file.
  SLA_FILE: fileSetting,
  HOLIDAYS_FILE: fileSetting,
  // Deprecated: set the reply limits in config/sla.yaml. When set, they still override its
  // reply rows (all tickets / consultations), with a warning at start-up.
  SLA_DEFAULT_WORKING_DAYS: optionalInt(1, 60),
  SLA_CONSULT_WORKING_DAYS: optionalInt(1, 60),
  DEFAULT_AREA_CODE: z
    .string()
    .regex(/^0\d{2,3}$/, 'a phone area code such as 0532')
    .default('0532'),
  NLU_MODEL_PATH: optionalString,
  NLU_CONFIDENCE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.55),
  /** Longer messages are cut (with a note to the person); a ticket keeps up to 10,000. */
  MESSAGE_MAX_CHARS: int(2000, 100, 10_000),
  BOT_STATE_TTL_SECONDS: int(7 * 24 * 3600, 60, 365 * 24 * 3600),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z
    .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'])
    .default('MultiTenant'),
  MicrosoftAppTenantId: z.string().default(''),
  // Where inbound tokens are checked and outbound ones come from. Defaults: Microsoft's public
  // cloud. Other clouds (e.g. Azure operated by 21Vianet) or a test's local OpenID server differ.
  ToBotFromChannelOpenIdMetadataUrl: webUrl.default(
    'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ),
  ToBotFromChannelTokenIssuer: z.string().min(1).default('https://api.botframework.com'),
  ToBotFromEmulatorOpenIdMetadataUrl: webUrl.default(
    'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  ),
  ToChannelFromBotLoginUrl: webUrl.default('https://login.microsoftonline.com/botframework.com'),
  ToChannelFromBotOAuthScope: z.string().min(1).default('https://api.botframework.com'),
  OAuthUrl: webUrl.default('https://api.botframework.com'),
  ACTIVITY_DEDUPE_TTL_SECONDS: int(24 * 3600, 60, 7 * 24 * 3600),
  CONVERSATION_LOCK_TTL_MS: int(15_000, 1000, 120_000),
  CONVERSATION_LOCK_WAIT_MS: int(5000, 0, 60_000),
  TEAMS_ACK_AFTER_MS: int(5000, 100, 14000),
  DIRECTLINE_ENABLED: z.stringbool().default(true),
  DIRECTLINE_SECRET: optionalString.pipe(
    z.string().min(32, 'at least 32 characters, e.g. `openssl rand -base64 48`').optional(),
  ),
  DIRECTLINE_CONVERSATION_TTL_SECONDS: int(7 * 24 * 3600, 300, 90 * 24 * 3600),
  // Proxies in front of the bot whose X-Forwarded-For is believed (0: none, the socket's address).
  TRUST_PROXY: int(0, 0, 10),
  RATE_LIMIT_TOKEN_PER_SECOND: int(1, 1, 1000),
  RATE_LIMIT_TOKEN_BURST: int(20, 1, 10_000),
  RATE_LIMIT_MESSAGE_PER_SECOND: int(1, 1, 1000),
  RATE_LIMIT_MESSAGE_BURST: int(10, 1, 10_000),
  // Open311 GeoReport v2 read view (src/open311): public, off until the office publishes it.
  OPEN311_ENABLED: z.stringbool().default(false),
  RATE_LIMIT_OPEN311_PER_SECOND: int(2, 1, 1000),
  RATE_LIMIT_OPEN311_BURST: int(30, 1, 10_000),
  // Duty staff (issue 10). Duty hours in the hotline's zone; 00:00-24:00 is round the clock.
  DUTY_HOURS: z
    .string()
    .regex(
      /^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/,
      'HH:mm-HH:mm, e.g. 08:00-22:00 (00:00-24:00: round the clock)',
    )
    .default('00:00-24:00'),
  HANDOFF_STAFF_IDLE_SECONDS: int(300, 30, 24 * 3600),
  HANDOFF_PRESENCE_TTL_SECONDS: int(90, 15, 3600),
  HANDOFF_MINUTES_PER_CONVERSATION: int(5, 1, 120),
  HANDOFF_CALLBACK_MINUTES: int(120, 5, 7 * 24 * 60),
  HANDOFF_RETENTION_SECONDS: int(30 * 24 * 3600, 3600, 365 * 24 * 3600),
  HANDOFF_SWEEP_SECONDS: int(15, 1, 3600),
  HANDOFF_ENTERPRISE_PRIORITY: z.stringbool().default(true),
  SHUTDOWN_GRACE_MS: int(10_000, 500, 600_000),
  // Duty staff console logins (src/staff): an idle session ends after this many seconds.
  STAFF_SESSION_TTL_SECONDS: int(8 * 3600, 300, 7 * 24 * 3600),
  // Unset: Secure cookies when NODE_ENV=production (see staffCookieSecure).
  STAFF_COOKIE_SECURE: optionalString.pipe(z.stringbool().optional()),
  // Login attempts per client address and per username: one every n seconds plus a burst.
  STAFF_LOGIN_ADDRESS_BURST: int(20, 1, 10_000),
  STAFF_LOGIN_ADDRESS_EVERY_SECONDS: int(30, 1, 86_400),
  STAFF_LOGIN_USERNAME_BURST: int(10, 1, 10_000),
  STAFF_LOGIN_USERNAME_EVERY_SECONDS: int(60, 1, 86_400),
  // Supervision (issue 11): yellow warnings and red overdue flags (督办) from the deadlines.
  SUPERVISION_ENABLED: z.stringbool().default(true),
  SUPERVISION_TICK_SECONDS: int(30, 1, 3600),
  // A claimed alert not raised within this long (its instance died) is raised by another.
  SUPERVISION_LEASE_SECONDS: int(120, 10, 3600),
  SUPERVISION_NOTIFICATIONS_MAX: int(500, 10, 100_000),
  SUPERVISION_NOTIFICATIONS_TTL_DAYS: int(30, 1, 365),
  // {"housing": "https://...", "supervisors": "https://..."}; overrides config/webhooks.yaml.
  SUPERVISION_WEBHOOKS: jsonValue.pipe(WebhookUrlsSchema.optional()),
  // Duplicates (并单): a new ticket is linked to the open report of the same incident (same
  // department and district, similar text, within 48 hours) as a proposal for duty staff.
  DUPLICATES_ENABLED: z.stringbool().default(true),
  // Linked reports at which an open ticket is a hotspot: supervisors are told, 顶格协调 proposed.
  HOTSPOT_THRESHOLD: int(5, 2, 1000),
  TEAMS_APP_VERSION: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, 'MAJOR.MINOR.PATCH, e.g. 1.0.0')
    .default('1.0.0'),
  TEAMS_APP_NAME: z.string().trim().min(1).max(30).default('12345热线'),
  TEAMS_DEVELOPER_NAME: z.string().trim().min(1).max(32).default('12345政务服务便民热线'),
  TEAMS_WEBSITE_URL: httpsUrl.default('https://www.example.gov.cn/12345'),
  TEAMS_PRIVACY_URL: optionalString.pipe(httpsUrl.optional()),
  TEAMS_TERMS_URL: optionalString.pipe(httpsUrl.optional()),
  TEAMS_VALID_DOMAINS: commaList.pipe(
    z.array(z.string().regex(/^(\*\.)?[a-z0-9.-]+(:\d+)?$/i, 'a host name, e.g. bot.example.cn')),
  ),
});

export type Config = z.infer<typeof ConfigSchema>;

export interface RedisAddress {
  host: string;
  port: number;
}

/** Where the system of record is: one server, a cluster, or a master found through Sentinel. */
export type RedisTarget =
  | { mode: 'url'; url: string }
  | { mode: 'cluster'; nodes: RedisAddress[]; password?: string }
  | {
      mode: 'sentinel';
      sentinels: RedisAddress[];
      name: string;
      password?: string;
      sentinelPassword?: string;
    };

/** The configured Redis, or null for the in-memory demo (none of the three set). */
export function redisTarget(config: Config): RedisTarget | null {
  if (config.REDIS_URL !== undefined) return { mode: 'url', url: config.REDIS_URL };
  const password = config.REDIS_PASSWORD === undefined ? {} : { password: config.REDIS_PASSWORD };
  if (config.REDIS_CLUSTER_NODES.length > 0) {
    return { mode: 'cluster', nodes: config.REDIS_CLUSTER_NODES, ...password };
  }
  if (config.REDIS_SENTINELS.length > 0 && config.REDIS_SENTINEL_NAME !== undefined) {
    return {
      mode: 'sentinel',
      sentinels: config.REDIS_SENTINELS,
      name: config.REDIS_SENTINEL_NAME,
      ...password,
      ...(config.REDIS_SENTINEL_PASSWORD === undefined
        ? {}
        : { sentinelPassword: config.REDIS_SENTINEL_PASSWORD }),
    };
  }
  return null;
}

/** The Redis settings that do not fit together, as messages naming the variables. */
function redisConflicts(cfg: Config): string[] {
  const set = [
    cfg.REDIS_URL !== undefined ? 'REDIS_URL' : null,
    cfg.REDIS_CLUSTER_NODES.length > 0 ? 'REDIS_CLUSTER_NODES' : null,
    cfg.REDIS_SENTINELS.length > 0 ? 'REDIS_SENTINELS' : null,
  ].filter((n) => n !== null);
  const out: string[] = [];
  if (set.length > 1) {
    out.push(`${set.join(' and ')} are set together: choose exactly one way to reach Redis`);
  }
  if (cfg.REDIS_SENTINELS.length > 0 && cfg.REDIS_SENTINEL_NAME === undefined) {
    out.push(
      'REDIS_SENTINELS is set without REDIS_SENTINEL_NAME (the master name Sentinel watches)',
    );
  }
  if (cfg.REDIS_SENTINEL_NAME !== undefined && cfg.REDIS_SENTINELS.length === 0) {
    out.push('REDIS_SENTINEL_NAME is set without REDIS_SENTINELS (host:port of the sentinels)');
  }
  if (cfg.REDIS_SENTINEL_PASSWORD !== undefined && cfg.REDIS_SENTINELS.length === 0) {
    out.push('REDIS_SENTINEL_PASSWORD is set without REDIS_SENTINELS');
  }
  if (cfg.REDIS_PASSWORD !== undefined && set.length === 1 && set[0] === 'REDIS_URL') {
    out.push('REDIS_PASSWORD is set with REDIS_URL: put the password in the URL instead');
  }
  return out;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

/** Whether the staff session cookie is `Secure`: as configured, else only in production. */
export function staffCookieSecure(config: Config): boolean {
  return config.STAFF_COOKIE_SECURE ?? config.NODE_ENV === 'production';
}

/** Parses the environment once; a bad value stops start-up with a message naming the variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (parsed.success) {
    const cfg = parsed.data;
    const [dutyStart = '', dutyEnd = ''] = cfg.DUTY_HOURS.split('-');
    if (dutyStart >= dutyEnd) {
      throw new ConfigError('Invalid configuration: DUTY_HOURS must start before it ends');
    }
    if (cfg.WORK_START >= cfg.WORK_END) {
      throw new ConfigError('Invalid configuration: WORK_START must be earlier than WORK_END');
    }
    // A random per-process secret voids every web chat token and returning visitor's key at each
    // restart and on every other instance: fine for a demo, not for the city's widget.
    if (cfg.NODE_ENV === 'production' && cfg.DIRECTLINE_ENABLED && !cfg.DIRECTLINE_SECRET) {
      throw new ConfigError(
        'Invalid configuration: DIRECTLINE_SECRET must be set in production (at least 32 ' +
          'characters, the same on every instance, e.g. `openssl rand -base64 48`), or set ' +
          'DIRECTLINE_ENABLED=false',
      );
    }
    const conflicts = redisConflicts(cfg);
    if (conflicts.length > 0) {
      throw new ConfigError(`Invalid configuration:\n${conflicts.map((c) => `  ${c}`).join('\n')}`);
    }
    return cfg;
  }
  const lines = parsed.error.issues.map((i) => {
    const name = i.path.join('.') || '(environment)';
    const value = typeof i.path[0] === 'string' ? env[i.path[0]] : undefined;
    // Webhook URLs often carry the receiver's token (…/hooks?key=…): never printed, as when delivering.
    const secret = /password|secret|webhook/i.test(name);
    const shown = value === undefined ? '' : secret ? ' (value hidden)' : ` (got "${value}")`;
    return `  ${name}: ${i.message}${shown}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
