import { MemoryStorage, type Storage } from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'restify';
import { MainDialog } from '../dialogs/mainDialog';
import type { RequesterProfile, SessionData } from '../dialogs/session';
import type { ActivityDedupe } from './bot/activityDedupe';
import { apologiseForFailedTurn, createAdapter } from './bot/adapter';
import { SharedChatButtons } from './bot/sharedButtons';
import { MemberConversationState, PersonState } from './bot/memberConversationState';
import { HotlineBot } from './bot/hotlineBot';
import { messageHandler } from './bot/http';
import { StaffSessions } from './access/sessions';
import { StaffAccounts } from './access/staff';
import { AccessTokens } from './access/tokens';
import { mountStatsApi } from './api/stats';
import { mountNotificationApi } from './api/notifications';
import { mountTicketApi } from './api/tickets';
import { MemoryTokenStore } from './store/memory/tokenStore';
import { RedisTokenStore } from './store/redis/tokenStore';
import { BotNotifier, type ProactiveAdapter } from './bot/notifier';
import { TeamsEnterpriseIdentity } from './channels/teams/enterpriseIdentity';
import type { TenantDirectory } from './channels/teams/tenantDirectory';
import {
  createDirectLineChannel,
  DIRECT_LINE_CHANNEL_ID,
  type DirectLineChannel,
} from './channels/directline';
import {
  clientAddress,
  isFromThisMachine,
  rateLimited,
  warnOfUntrustedProxy,
} from './channels/rateLimit';
import { webWidget } from './channels/web';
import { redisTarget, staffCookieSecure, type Config, type RedisTarget } from './config';
import { systemClock, type Clock } from './core/clock';
import { projectRoot } from './core/paths';
import type { RateLimit, RatePolicy } from './core/rateLimit';
import type { HandoffEvents, HandoffStore } from './handoff/types';
import { dutyHours } from './handoff/dutyHours';
import { HandoffService } from './handoff/service';
import { HandoffTicketDesk } from './handoff/ticketDesk';
import { BotRelay } from './bot/relay';
import { HandoffGate } from './bot/handoffGate';
import { mountHandoffApi } from './staff/handoff';
import { MemoryHandoffEvents } from './store/memory/handoffEvents';
import { RedisHandoffEvents } from './store/redis/handoffEvents';
import type { Logger } from './log';
import { loadClassifier } from './nlu';
import { CatalogueError, DepartmentCatalogue } from './routing/catalogue';
import { DepartmentNames } from './routing/departmentNames';
import { DistrictCatalogue } from './routing/districts';
import { HttpDrain } from './drain';
import { mountOpen311 } from './open311/routes';
import { createServer, type Readiness } from './server';
import { staffConsole } from './staff/console';
import { MemoryActivityDedupe } from './store/memory/activityDedupe';
import { MemoryConversationLock } from './store/memory/conversationLock';
import { MemoryDirectLineStore } from './store/memory/directLineStore';
import { MemoryHandoffStore } from './store/memory/handoffStore';
import { MemoryStaffSessionStore } from './store/memory/staffSessionStore';
import { MemoryStaffStore } from './store/memory/staffStore';
import { MemoryTenantDirectory } from './store/memory/tenantDirectory';
import { memoryRateLimit } from './store/memory/rateLimit';
import { MemoryNotificationStore } from './store/memory/notificationStore';
import { MemoryTicketStore } from './store/memory/ticketStore';
import { RedisActivityDedupe } from './store/redis/activityDedupe';
import { createRedisClient, describeTarget, type RedisClient } from './store/redis/client';
import { RedisBotStorage } from './store/redis/botStateStorage';
import { RedisConversationLock } from './store/redis/conversationLock';
import { RedisDirectLineStore } from './store/redis/directLineStore';
import {
  inspectDurability,
  judgeDurability,
  RedisNotDurableError,
  type RedisDurability,
} from './store/redis/durability';
import { RedisHandoffStore } from './store/redis/handoffStore';
import { RedisKeys } from './store/redis/keys';
import { legacyTicketCount } from './store/redis/migrateKeys';
import { redisRateLimit } from './store/redis/rateLimit';
import { RedisStaffSessionStore } from './store/redis/staffSessionStore';
import { RedisStaffStore } from './store/redis/staffStore';
import { RedisTenantDirectory } from './store/redis/tenantDirectory';
import { RedisNotificationStore } from './store/redis/notificationStore';
import { RedisTicketStore } from './store/redis/ticketStore';
import { SUPERVISORS_AUDIENCE, type AlertQueue, type NotificationStore } from './supervision/ports';
import { SupervisorDesk } from './supervision/proposals';
import { SupervisionScheduler } from './supervision/scheduler';
import { UrgeFeed } from './supervision/urges';
import { HttpWebhooks, loadWebhookFile, type WebhookUrls } from './supervision/webhooks';
import type { Notifier, TicketStore } from './tickets/ports';
import { loadHolidays, mergeHolidays, missingYears } from './tickets/holidays';
import { SlaTable } from './tickets/sla';
import { DuplicateLinker } from './tickets/duplicateLinker';
import { TicketService } from './tickets/ticketService';
import { WorkCalendar } from './tickets/workCalendar';
import {
  cookieValue,
  mountStaffSession,
  STAFF_COOKIE,
  staffGuard,
  type StaffGuard,
} from './staff/session';

export interface App {
  server: Server;
  tickets: TicketService;
  /** Proactive messages to the conversation a ticket came from (ticket progress, SLA news). */
  notifier: Notifier;
  /**
   * Duty staff console: accounts, login sessions, and the guard every staff route calls
   * (`await staff.guard(req, res, { roles: ['duty', 'supervisor'] })`, see src/staff/session.ts).
   */
  staff: { accounts: StaffAccounts; sessions: StaffSessions; guard: StaffGuard };
  /**
   * Raises yellow warnings and red overdue flags (督办); ticks every SUPERVISION_TICK_SECONDS
   * when SUPERVISION_ENABLED. Tests call `tick(now)` themselves.
   */
  supervision: SupervisionScheduler;
  /** The web widget's Direct Line channel; null when DIRECTLINE_ENABLED=false. */
  directLine: DirectLineChannel | null;
  /**
   * Drains: /readyz answers 503 at once, no new connections, `Connection: close` on what is
   * still answered, Direct Line sockets closed with 1001; turns in flight (Teams turns
   * acknowledged early too) finish; then Redis closes.
   */
  close(): Promise<void>;
  /** During close(): what is still running, for the log if the grace period runs out. */
  pending(): { requests: string[]; teamsTurns: number; notifications: number };
}

export interface AppOptions {
  logger: Logger;
  clock?: Clock;
  /** How outgoing Bot Connector calls get a token; default: MSAL with MicrosoftAppPassword. */
  botCredentials?: ServiceClientCredentialsFactory;
}

/** Builds the whole bot from one parsed config: Redis -> stores -> classifier -> services -> HTTP. */
export async function createApp(
  config: Config,
  { logger, clock = systemClock, botCredentials }: AppOptions,
): Promise<App> {
  const root = projectRoot();
  const target = redisTarget(config);
  const redis =
    target === null ? null : await connectRedis(target, logger, config.REDIS_COMMAND_TIMEOUT_MS);
  const keys = new RedisKeys(config.REDIS_KEY_PREFIX);
  if (redis !== null) await refuseLegacyLayout(redis, keys);
  const durability = redis === null ? null : await checkDurability(redis, config, logger);

  let ticketStore: TicketStore & AlertQueue;
  let handoffStore: HandoffStore;
  let handoffEvents: HandoffEvents;
  let storage: Storage;
  if (redis === null) {
    logger.warn(
      '*** REDIS_URL is not set (nor REDIS_CLUSTER_NODES or REDIS_SENTINELS): tickets and ' +
        'conversations are kept IN MEMORY for a demo only. ' +
        'They are lost on restart and not shared between instances. Set REDIS_URL (or ' +
        'REDIS_CLUSTER_NODES, or REDIS_SENTINELS) for real use. ***',
    );
    ticketStore = new MemoryTicketStore();
    handoffStore = new MemoryHandoffStore({ clock });
    handoffEvents = new MemoryHandoffEvents();
    storage = new MemoryStorage();
  } else {
    ticketStore = new RedisTicketStore(redis, keys);
    handoffStore = new RedisHandoffStore(redis, keys, {
      retentionSeconds: config.HANDOFF_RETENTION_SECONDS,
      clock,
    });
    handoffEvents = new RedisHandoffEvents(redis, keys, {
      onError: (err) =>
        logger.error({ err: err.message }, 'handoff events: redis subscriber error'),
    });
    storage = new RedisBotStorage(redis, keys, { ttlSeconds: config.BOT_STATE_TTL_SECONDS });
  }

  const started = Date.now();
  const classifier = loadClassifier(config.NLU_MODEL_PATH);
  logger.info({ ms: Date.now() - started }, 'classifier loaded');

  const holidays = loadHolidays(config.HOLIDAYS_FILE ?? join(root, 'config', 'holidays.yaml'));
  for (const year of holidays.provisionalYears) {
    logger.warn(
      { year },
      `holidays: ${year} in the holiday file is a provisional projection, not the published ` +
        'list: replace it with the State Council notice and remove `provisional`',
    );
  }
  for (const year of missingYears(holidays, clock.now(), config.HOTLINE_TIMEZONE)) {
    logger.warn(
      { year },
      `holidays: ${year} is not in the holiday file: its public holidays count as working days ` +
        'in time limits; add it from the State Council notice',
    );
  }
  const calendar = new WorkCalendar({
    timeZone: config.HOTLINE_TIMEZONE,
    workStart: config.WORK_START,
    workEnd: config.WORK_END,
    ...mergeHolidays(holidays, { holidays: config.HOLIDAYS, workdays: config.MAKEUP_WORKDAYS }),
  });
  const departments = DepartmentCatalogue.load(join(root, 'intents', 'departments.yaml'));
  const sla = loadSla(config, join(root, 'config', 'sla.yaml'), departments, logger);
  const departmentCodes = new Set(departments.all().map((d) => d.code));
  const departmentNames = new DepartmentNames(departments);
  const districts = DistrictCatalogue.load(join(root, 'intents', 'districts.yaml'));
  // Supervision notifications and webhooks: time-limit alerts, hotspots, 顶格协调 proposals, 催办.
  const notificationLimits = {
    cap: config.SUPERVISION_NOTIFICATIONS_MAX,
    ttlSeconds: config.SUPERVISION_NOTIFICATIONS_TTL_DAYS * 24 * 3600,
  };
  const notifications: NotificationStore =
    redis === null
      ? new MemoryNotificationStore(notificationLimits, clock)
      : new RedisNotificationStore(redis, keys, notificationLimits);
  const webhooks = new HttpWebhooks({
    urls: webhookUrls(config, join(root, 'config', 'webhooks.yaml'), departmentCodes),
    onFailure: (err, info) =>
      logger.warn(
        { err: err instanceof Error ? err.message : String(err), ...info },
        'webhook failed',
      ),
  });
  const desk = new SupervisorDesk({ notifications, webhooks });
  const tickets = new TicketService({
    store: ticketStore,
    clock,
    calendar,
    sla,
    ticketPrefix: config.TICKET_PREFIX,
    // The notifier needs the adapter, built below: ticket news reaches it through this forwarder.
    notifier: {
      notify: (conversation, text, actions) => notifier.notify(conversation, text, actions),
    },
    departmentName: (code, lang) => departmentNames.name(code, lang),
    duplicates: config.DUPLICATES_ENABLED
      ? new DuplicateLinker({
          store: ticketStore,
          clock,
          hotspotThreshold: config.HOTSPOT_THRESHOLD,
          desk,
        })
      : undefined,
    desk,
    urgeDesk: new UrgeFeed({ notifications, webhooks }),
    onError: (err, what) => logger.warn({ err, what }, 'tickets: side effect failed'),
  });

  // --- duty staff handoff (src/handoff) --------------------------------------------------------
  // Staff words reach the chat through the adapters, built below: they arrive through this relay.
  let relay: BotRelay | null = null;
  const handoff = new HandoffService({
    store: handoffStore,
    events: handoffEvents,
    relay: {
      say: (conversation, text, as) => required(relay, 'relay').say(conversation, text, as),
      typing: (conversation, name) => required(relay, 'relay').typing(conversation, name),
    },
    tickets: {
      record: (id, staff, note, data) => tickets.recordHandoff(id, staff, note, data),
      awaitsDispatch: async (id) => (await tickets.status(id)) === 'received',
    },
    clock,
    settings: {
      staffIdleSeconds: config.HANDOFF_STAFF_IDLE_SECONDS,
      presenceTtlSeconds: config.HANDOFF_PRESENCE_TTL_SECONDS,
      minutesPerConversation: config.HANDOFF_MINUTES_PER_CONVERSATION,
      callbackMinutes: config.HANDOFF_CALLBACK_MINUTES,
      dutyHours: dutyHours(config.DUTY_HOURS, config.HOTLINE_TIMEZONE),
    },
    staffName: async (username) => (await staffAccounts.active(username))?.name ?? null,
    onError: (err, what) => logger.warn({ err, what }, 'handoff: side effect failed'),
  });
  // --- end duty staff handoff ------------------------------------------------------------------

  const conversationState = new MemberConversationState(storage);
  const userState = new PersonState(storage);
  const session = conversationState.createProperty<SessionData>('session');
  const profile = userState.createProperty<RequesterProfile>('profile');
  const tenants: TenantDirectory =
    redis === null ? new MemoryTenantDirectory() : new RedisTenantDirectory(redis, keys);
  const dialog = new MainDialog(
    {
      classifier,
      tickets,
      handoff,
      departments,
      districts,
      calendar,
      clock,
      logger,
      confidenceThreshold: config.NLU_CONFIDENCE_THRESHOLD,
      defaultAreaCode: config.DEFAULT_AREA_CODE,
      enterprisePriority: config.HANDOFF_ENTERPRISE_PRIORITY,
      session,
      profile,
      tenants,
    },
    config.TICKET_PREFIX,
  );
  const dedupe: ActivityDedupe =
    redis === null
      ? new MemoryActivityDedupe(config.ACTIVITY_DEDUPE_TTL_SECONDS, clock)
      : new RedisActivityDedupe(redis, keys, config.ACTIVITY_DEDUPE_TTL_SECONDS);
  const bot = new HotlineBot({
    conversationState,
    userState,
    session,
    dialog,
    dedupe,
    lock:
      redis === null ? new MemoryConversationLock(clock) : new RedisConversationLock(redis, keys),
    lockTiming: {
      ttlMs: config.CONVERSATION_LOCK_TTL_MS,
      waitMs: config.CONVERSATION_LOCK_WAIT_MS,
    },
    teamsEnterprise: new TeamsEnterpriseIdentity(tenants, profile, logger),
    logger,
    messageMaxChars: config.MESSAGE_MAX_CHARS,
    handoff: new HandoffGate(
      handoff,
      session,
      clock,
      logger,
      (date, lang) => calendar.formatDue(date, lang),
      config.DEFAULT_AREA_CODE,
    ),
  });
  const adapter = createAdapter(config, conversationState, logger, botCredentials);
  adapter.use(new SharedChatButtons());
  // A channel with an adapter of its own (Direct Line) registers it here for proactive messages.
  const proactiveAdapters = new Map<string, ProactiveAdapter>();
  const notifier = new BotNotifier({
    appId: config.MicrosoftAppId,
    connector: adapter,
    byChannel: proactiveAdapters,
    logger,
  });
  relay = new BotRelay({
    appId: config.MicrosoftAppId,
    connector: adapter,
    byChannel: proactiveAdapters,
  });

  let drain: HttpDrain | null = null;
  const readiness = async (): Promise<Readiness> => {
    const store = redis === null ? 'memory' : 'redis';
    // The load balancer must stop sending here before the connections are gone.
    if (drain?.active === true) return { ok: false, store, reason: 'shutting down' };
    if (redis === null) return { ok: true, store: 'memory' };
    try {
      await withTimeout(redis.ping(), 1000, 'Redis did not answer PING within 1 s');
      return { ok: true, store: 'redis', durability };
    } catch (err) {
      return {
        ok: false,
        store: 'redis',
        reason: err instanceof Error ? err.message : String(err),
        durability,
      };
    }
  };

  // Rate limits, counted in Redis so that all instances share them. They refill by the system
  // clock, not `clock`: a turn's business time (duty hours, deadlines) may be a fake one, frozen
  // in tests, and must not decide how fast a caller may go.
  const rateLimit = (name: string, policy: RatePolicy): RateLimit =>
    redis === null ? memoryRateLimit(policy) : redisRateLimit(redis, keys, name, policy);
  const perConversation = rateLimit('message', {
    perSecond: config.RATE_LIMIT_MESSAGE_PER_SECOND,
    burst: config.RATE_LIMIT_MESSAGE_BURST,
  });
  const perAddress = rateLimit('token', {
    perSecond: config.RATE_LIMIT_TOKEN_PER_SECOND,
    burst: config.RATE_LIMIT_TOKEN_BURST,
  });

  const mounts: ((server: Server) => void)[] = [];
  if (config.TRUST_PROXY === 0) mounts.push((server) => server.pre(warnOfUntrustedProxy(logger)));
  // --- staff sessions (src/staff) --------------------------------------------------------------
  // Console logins: routes for duty staff call `guardStaff` (also on the App as staff.guard).
  const staffAccounts = new StaffAccounts(
    redis === null ? new MemoryStaffStore() : new RedisStaffStore(redis, keys),
    clock,
  );
  const staffSessions = new StaffSessions({
    store:
      redis === null ? new MemoryStaffSessionStore(clock) : new RedisStaffSessionStore(redis, keys),
    accounts: staffAccounts,
    clock,
    ttlSeconds: config.STAFF_SESSION_TTL_SECONDS,
  });
  const staffCookie = { secure: staffCookieSecure(config) };
  const guardStaff = staffGuard({ sessions: staffSessions, cookie: staffCookie });
  const loginLimits = {
    perAddress: rateLimit('staff-login-address', {
      perSecond: 1 / config.STAFF_LOGIN_ADDRESS_EVERY_SECONDS,
      burst: config.STAFF_LOGIN_ADDRESS_BURST,
    }),
    perUsername: rateLimit('staff-login-username', {
      perSecond: 1 / config.STAFF_LOGIN_USERNAME_EVERY_SECONDS,
      burst: config.STAFF_LOGIN_USERNAME_BURST,
    }),
  };
  mounts.push((server) =>
    mountStaffSession(server, {
      sessions: staffSessions,
      cookie: staffCookie,
      verify: (username, password) => staffAccounts.verify(username, password),
      accountExists: (username) => staffAccounts.exists(username),
      limits: loginLimits,
      clientAddress: (req) => clientAddress(req, config.TRUST_PROXY),
      timeZone: config.HOTLINE_TIMEZONE,
      signedOff: (member) => handoff.signOff(member),
      logger,
    }),
  );
  // --- end staff sessions ----------------------------------------------------------------------
  // --- Departments', duty staff's and supervisors' ticket API (src/api) ------------------------
  const accessTokens = new AccessTokens(
    redis === null ? new MemoryTokenStore() : new RedisTokenStore(redis, keys),
    clock,
    departmentCodes,
  );
  mounts.push((server) =>
    mountTicketApi(server, {
      tickets,
      authenticate: (token) => accessTokens.authenticate(token),
      departments: departmentCodes,
      logger,
    }),
  );
  // --- end ticket API --------------------------------------------------------------------------
  // --- figures for assessment (src/stats, GET /api/stats) and Open311 read view (src/open311) --
  mounts.push((server) =>
    mountStatsApi(server, {
      store: ticketStore,
      authenticate: (token) => accessTokens.authenticate(token),
      departments: [...departmentCodes],
      clock,
      timeZone: calendar.timeZone,
      logger,
    }),
  );
  if (config.OPEN311_ENABLED) {
    const open311Limit = rateLimit('open311', {
      perSecond: config.RATE_LIMIT_OPEN311_PER_SECOND,
      burst: config.RATE_LIMIT_OPEN311_BURST,
    });
    mounts.push((server) =>
      mountOpen311(server, {
        store: ticketStore,
        names: {
          department: (code) =>
            code === null ? '12345热线 12345 Hotline' : departmentNames.name(code, 'zh'),
          district: (code) => (code === null ? null : (districts.get(code)?.zh ?? null)),
        },
        clock,
        guard: rateLimited(open311Limit, (req) => clientAddress(req, config.TRUST_PROXY), logger),
        logger,
      }),
    );
  }
  // --- end figures and Open311 -----------------------------------------------------------------
  // --- supervision: warnings, 督办, notifications (src/supervision) ----------------------------
  const supervision = new SupervisionScheduler({
    tickets: ticketStore,
    alerts: ticketStore,
    notifications,
    webhooks,
    notifier: {
      notify: (conversation, text, actions) => notifier.notify(conversation, text, actions),
    },
    clock,
    departmentName: (code, lang) => departmentNames.name(code, lang),
    leaseMs: config.SUPERVISION_LEASE_SECONDS * 1000,
    onError: (err, what) => logger.warn({ err, what }, 'supervision: alert not raised yet'),
  });
  if (config.SUPERVISION_ENABLED) supervision.start(config.SUPERVISION_TICK_SECONDS * 1000);
  mounts.push((server) =>
    mountNotificationApi(server, {
      notifications,
      authenticate: (token) => accessTokens.authenticate(token),
      departments: departmentCodes,
      logger,
    }),
  );
  // --- end supervision -------------------------------------------------------------------------
  // --- Direct Line 3.0 for the web widget (src/channels/directline) ----------------------------
  const directLine = config.DIRECTLINE_ENABLED
    ? createDirectLineChannel({
        store:
          redis === null
            ? new MemoryDirectLineStore({ ttlSeconds: config.DIRECTLINE_CONVERSATION_TTL_SECONDS })
            : new RedisDirectLineStore(redis, keys, {
                ttlSeconds: config.DIRECTLINE_CONVERSATION_TTL_SECONDS,
                onError: (err) => logger.error({ err: err.message }, 'redis subscriber error'),
              }),
        bot: (ctx) => bot.run(ctx),
        secret: config.DIRECTLINE_SECRET,
        clock,
        logger,
        onTurnError: apologiseForFailedTurn(logger),
        guards: {
          token: [rateLimited(perAddress, (req) => clientAddress(req, config.TRUST_PROXY), logger)],
          activities: [
            rateLimited(
              perConversation,
              (req) => `${DIRECT_LINE_CHANNEL_ID}:${String(req.params?.conversationId)}`,
              logger,
            ),
          ],
        },
      })
    : null;
  if (directLine !== null) {
    mounts.push(directLine.mount);
    proactiveAdapters.set(DIRECT_LINE_CHANNEL_ID, directLine.adapter);
  }
  // --- end Direct Line -------------------------------------------------------------------------
  // Web widget: the hotline page, /embed.js, Web Chat's bundle (src/channels/web). It talks
  // Direct Line, so it is served only with it.
  if (directLine !== null) mounts.push(webWidget({ webRoot: join(root, 'web') }));
  // --- staff console (src/staff/console.ts) ---------------------------------------------------
  // Always mounted: the page itself holds nothing; the staff API behind it asks for a login.
  mounts.push(staffConsole({ webRoot: join(root, 'web') }));
  // --- end staff console -----------------------------------------------------------------------
  // --- duty staff API (src/staff/handoff.ts, docs/handoff-api.md) ------------------------------
  let handoffStreams: { closeStreams(): void } | null = null;
  mounts.push((server) => {
    handoffStreams = mountHandoffApi(server, {
      handoff,
      guard: guardStaff,
      signedIn: async (req) => {
        const id = cookieValue(req, STAFF_COOKIE);
        return id !== undefined && (await staffSessions.get(id)) !== null;
      },
      tickets: new HandoffTicketDesk({
        tickets,
        departments: departmentCodes,
        transcript: (key) => handoff.transcript(key),
      }),
      departments: departments.all().map((d) => ({ code: d.code, zh: d.zh, en: d.en })),
      districts: districts.all().map((d) => ({ code: d.code, zh: d.zh, en: d.en })),
      now: () => clock.now(),
      logger,
    });
  });
  // Idle claims go back to the queue; every instance sweeps, each claim is requeued once.
  const sweeper = setInterval(() => {
    handoff.sweep().catch((err: unknown) => logger.warn({ err }, 'handoff sweep failed'));
  }, config.HANDOFF_SWEEP_SECONDS * 1000);
  sweeper.unref();
  // --- end duty staff API ----------------------------------------------------------------------
  const server = createServer({
    logger,
    onMessages: messageHandler(adapter, bot, config.TEAMS_ACK_AFTER_MS, perConversation),
    // Without a registration nobody signs what arrives: only the Emulator on this machine may
    // speak (a remote sender would file tickets past the widget's per-address limit).
    ...(config.MicrosoftAppId === ''
      ? { messagesFrom: (req) => isFromThisMachine(req, config.TRUST_PROXY) }
      : {}),
    readiness,
    mounts,
  });
  const httpDrain = new HttpDrain(server.server);
  drain = httpDrain;

  return {
    server,
    tickets,
    notifier,
    staff: { accounts: staffAccounts, sessions: staffSessions, guard: guardStaff },
    supervision,
    directLine,
    async close() {
      clearInterval(sweeper);
      // A tick in progress finishes (its claims would otherwise wait out their lease).
      await supervision.stop();
      const connectionsGone = httpDrain.start();
      // Staff consoles' event streams would hold the server open; they reconnect elsewhere.
      handoffStreams?.closeStreams();
      // Open WebSockets would keep the server waiting: 1001 sends Web Chat to another instance.
      if (directLine !== null) await directLine.close();
      await connectionsGone;
      // Teams turns acknowledged early may still be writing to Redis.
      await adapter.drain();
      // Ticket news on its way to a chat (Direct Line writes it to Redis), duplicate links of
      // tickets just filed.
      await tickets.settle();
      await handoff.settle();
      await webhooks.close();
      await handoffEvents.close();
      if (redis !== null) await redis.quit();
    },
    pending: () => ({
      requests: httpDrain.pending(),
      teamsTurns: adapter.running,
      notifications: tickets.delivering,
    }),
  };
}

/**
 * The time-limit table from SLA_FILE or config/sla.yaml; a bad file, or an urgency rule naming
 * an unknown department, stops start-up naming the file. The deprecated reply-day variables
 * still apply over it, with a warning.
 */
function loadSla(
  config: Config,
  shipped: string,
  departments: DepartmentCatalogue,
  logger: Logger,
): SlaTable {
  const path = config.SLA_FILE ?? shipped;
  const table = SlaTable.load(path);
  const unknown = table.departments.find((code) => departments.get(code) === undefined);
  if (unknown !== undefined) {
    throw new CatalogueError(path, `urgent: no department with code "${unknown}"`);
  }
  const { SLA_DEFAULT_WORKING_DAYS: days, SLA_CONSULT_WORKING_DAYS: consult } = config;
  if (days === undefined && consult === undefined) return table;
  logger.warn(
    { SLA_DEFAULT_WORKING_DAYS: days, SLA_CONSULT_WORKING_DAYS: consult },
    `SLA_DEFAULT_WORKING_DAYS / SLA_CONSULT_WORKING_DAYS are deprecated: set the reply rows in ${path}`,
  );
  return table.withReplyDays(days, consult);
}

/**
 * Each department's (and the supervisors') webhook: config/webhooks.yaml if present, then
 * SUPERVISION_WEBHOOKS over it. A name that is no department stops start-up.
 */
function webhookUrls(config: Config, file: string, departments: ReadonlySet<string>): WebhookUrls {
  const urls = {
    ...(existsSync(file) ? loadWebhookFile(file) : {}),
    ...config.SUPERVISION_WEBHOOKS,
  };
  for (const audience of Object.keys(urls)) {
    if (audience !== SUPERVISORS_AUDIENCE && !departments.has(audience)) {
      throw new Error(
        `webhooks: "${audience}" is neither a department in intents/departments.yaml nor "${SUPERVISORS_AUDIENCE}"`,
      );
    }
  }
  return urls;
}

function required<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`${what} used before the app was built`);
  return value;
}

async function connectRedis(
  target: RedisTarget,
  logger: Logger,
  commandTimeout: number,
): Promise<RedisClient> {
  // Auto-pipelining: commands issued together (a turn's claim and hold; its state reads) leave
  // in one write, one round trip, in the order they were issued.
  const redis = createRedisClient(target, {
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    enableAutoPipelining: true,
    commandTimeout,
  });
  // What Redis said while connecting: a refused password closes the connection, and connect()
  // says only "Connection is closed."; a database number it does not have is refused while the
  // connection goes on, on database 0.
  let refusal: string | null = null;
  const whileConnecting = (err: Error) => {
    if (/^(?:NOAUTH|WRONGPASS|ERR)\b/.test(err.message)) refusal ??= err.message;
  };
  redis.on('error', whileConnecting);
  redis.on('error', (err: Error) => logger.error({ err: err.message }, 'redis error'));
  const where = describeTarget(target);
  try {
    await withTimeout(redis.connect(), 5000, 'no answer within 5 s');
  } catch (err) {
    redis.disconnect();
    const why = refusal ?? (err instanceof Error ? err.message : String(err));
    throw new Error(`Cannot connect to Redis at ${where}: ${why}`);
  } finally {
    redis.off('error', whileConnecting);
  }
  if (refusal !== null) {
    redis.disconnect();
    throw new Error(`Cannot use Redis at ${where}: ${refusal}`);
  }
  logger.info({ redis: where }, 'connected to Redis: it is the system of record');
  return redis;
}

/**
 * Tickets stored before the cluster layout would be invisible to this version (their keys are
 * not where it looks): start-up stops and says how to move them, rather than run without them.
 */
async function refuseLegacyLayout(redis: RedisClient, keys: RedisKeys): Promise<void> {
  const legacy = await legacyTicketCount(redis, keys);
  if (legacy === 0) return;
  redis.disconnect();
  throw new Error(
    `Redis holds ${legacy} tickets in the key layout before Redis Cluster support (one ` +
      '{tickets} hash tag). This version keeps each ticket under its own tag and would not see ' +
      'them. With the bot stopped, run `npx hotline migrate-keys` (a dry run that counts), then ' +
      '`npx hotline migrate-keys --apply`, then start again (README, "Redis Cluster").',
  );
}

/**
 * Reads what Redis keeps on disk and whether it evicts, then refuses to start (production),
 * warns, or carries on. What was found is reported by /readyz.
 */
async function checkDurability(
  redis: RedisClient,
  config: Config,
  logger: Logger,
): Promise<RedisDurability> {
  const found = await inspectDurability(redis);
  const verdict = judgeDurability(found, {
    production: config.NODE_ENV === 'production',
    unchecked: config.REDIS_DURABILITY === 'unchecked',
  });
  if (verdict.action === 'refuse') {
    redis.disconnect();
    throw new RedisNotDurableError(verdict.message);
  }
  if (verdict.action === 'warn') logger.warn({ durability: found }, verdict.message);
  else logger.info({ durability: found }, 'Redis keeps its data: AOF on, noeviction');
  return found;
}

async function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
