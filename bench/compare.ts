import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { join } from 'node:path';
import { z } from 'zod';
import { messages } from '../dialogs/messages';
import { RedisKeys } from '../src/store/redis/keys';
import { RedisTicketStore } from '../src/store/redis/ticketStore';
import { http, OPENING, percentile, runPhase, type Phase } from './load';
import { startRedis, type BenchRedis } from './redisServer';
import { startServer, type ServerProcess } from './servers';

const REQUEST = '我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路';
const PREFIX = 'bench:';
const FAILED_TURN = new Set([messages('zh').error, messages('zh').busy]);

export interface CompareOptions {
  conversations: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Conversations at once on the Direct Line leg. */
  directLineConversations: number;
  /** Echo and bot take turns this many times; the duration is split between the rounds. */
  rounds: number;
  /** Where to write CPU profiles of the bot's measured windows; null: not profiled. */
  profileDir: string | null;
}

const STEPS = ['request', 'citizen', 'phone', 'name', 'confirm'];

/** The five turns of one intake: what happened, who is asking, a phone, a name, confirm. */
function intake(n: number): string[] {
  return [REQUEST, '市民', `138${String(10_000_000 + n).slice(-8)}`, '王女士', '确认提交'];
}

/** The activity a channel would post, with expectReplies so the replies come in the answer. */
function activity(user: string, conversation: string, id: string, text: string) {
  return {
    type: 'message',
    id,
    text,
    locale: 'zh-CN',
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:1',
    deliveryMode: 'expectReplies',
    from: { id: user },
    recipient: { id: 'bot' },
    conversation: { id: conversation },
  };
}

function repliesOf(body: string): string[] {
  const parsed: unknown = JSON.parse(body);
  const list =
    typeof parsed === 'object' && parsed !== null && 'activities' in parsed
      ? parsed.activities
      : [];
  if (!Array.isArray(list)) return [];
  return list.flatMap((a: unknown) =>
    typeof a === 'object' && a !== null && 'text' in a && typeof a.text === 'string'
      ? [a.text]
      : [],
  );
}

/** A turn that answered, with replies, none of them the apology for a failed or busy turn. */
function checkReplies(status: number, body: string): void {
  if (status !== 200) throw new Error(`answered ${status}: ${body.slice(0, 120)}`);
  const replies = repliesOf(body);
  if (replies.length === 0) throw new Error('no reply');
  const failed = replies.find((r) => FAILED_TURN.has(r));
  if (failed !== undefined) throw new Error(`turn failed: ${failed}`);
}

/** Whole intakes through POST /api/messages, one conversation after another per worker. */
export function apiConversations(
  base: string,
  tag: string,
  users: string[],
): Phase['conversation'] {
  return async (n, recorder, stopped) => {
    const user = `${tag}-u${n}`;
    users.push(user);
    const texts = intake(n);
    for (const [i, text] of texts.entries()) {
      if (stopped()) return;
      const ok = await recorder.time(STEPS[i] ?? '', async () => {
        const res = await http(
          'POST',
          `${base}/api/messages`,
          activity(user, `${tag}-c${n}`, `a${i}`, text),
        );
        checkReplies(res.status, res.body);
      });
      if (!ok) return;
    }
  };
}

/**
 * Whole intakes as Web Chat runs them: a token, the conversation, then each message posted
 * (answered once the bot's turn has run) and the replies read from the transcript.
 */
function directLineConversations(base: string, users: string[]): Phase['conversation'] {
  const dl = `${base}/v3/directline`;
  return async (n, recorder, stopped) => {
    let auth: Record<string, string> = {};
    let conversationId = '';
    let userId = '';
    let watermark = '';
    const opened = await recorder.time(OPENING, async () => {
      const token = await http('POST', `${base}/api/webchat/token`, {});
      if (token.status !== 200) throw new Error(`token answered ${token.status}`);
      const issued = TokenReply.parse(JSON.parse(token.body));
      auth = { authorization: `Bearer ${issued.token}` };
      userId = issued.userId;
      const started = await http('POST', `${dl}/conversations`, undefined, auth);
      if (started.status !== 201 && started.status !== 200) {
        throw new Error(`conversation answered ${started.status}`);
      }
      conversationId = issued.conversationId;
    });
    if (!opened) return;
    users.push(userId);
    for (const [i, text] of intake(n).entries()) {
      if (stopped()) return;
      const ok = await recorder.time(STEPS[i] ?? '', async () => {
        const posted = await http(
          'POST',
          `${dl}/conversations/${conversationId}/activities`,
          {
            type: 'message',
            from: { id: userId },
            text,
            locale: 'zh-CN',
            channelData: { clientActivityID: `bench-${n}-${i}` },
          },
          auth,
        );
        if (posted.status !== 200) throw new Error(`post answered ${posted.status}`);
        const read = await http(
          'GET',
          `${dl}/conversations/${conversationId}/activities?watermark=${watermark}`,
          undefined,
          auth,
        );
        if (read.status !== 200) throw new Error(`read answered ${read.status}`);
        const page = PageReply.parse(JSON.parse(read.body));
        watermark = page.watermark;
        const replies = page.activities.filter((a) => a.from.id !== userId);
        if (replies.length === 0) throw new Error('no reply in the transcript');
        const failed = replies.find((a) => FAILED_TURN.has(a.text ?? ''));
        if (failed !== undefined) throw new Error(`turn failed: ${failed.text ?? ''}`);
      });
      if (!ok) return;
    }
  };
}

const TokenReply = z.object({ token: z.string(), conversationId: z.string(), userId: z.string() });
const PageReply = z.object({
  watermark: z.string(),
  activities: z.array(
    z.object({ from: z.object({ id: z.string() }), text: z.string().optional() }),
  ),
});

export interface LoadFigures {
  turns: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  errorSamples: string[];
  /** Round trips from the server's process to Redis per turn, over the window. */
  roundTripsPerTurn: number | null;
  /** Round trips per turn by what was sent, largest first. */
  roundTripsByName: [string, number][];
  /** p50 and p99 by step of the intake. */
  steps: { step: string; p50: number; p99: number; turns: number }[];
  /** Commands Redis ran per turn (commandstats, including those inside scripts). */
  serverCommandsPerTurn: number | null;
  /** Writes to Redis per turn, whoever's commands they carried (auto-pipelining merges turns). */
  writesPerTurn: number | null;
  /** Of those, round trips outside any request (supervision ticks, sweeps) per turn. */
  backgroundPerTurn: number | null;
  /** CPU the server process used per turn (user + system), in milliseconds. */
  cpuMsPerTurn: number;
  /** Turns per second of the window in which Redis was counted (the counting costs CPU). */
  countedRps: number | null;
}

/** What one measured window gave, before it is merged with the other rounds'. */
interface Window {
  latencies: number[];
  errors: number;
  errorSamples: string[];
  seconds: number;
  roundTrips: number;
  writes: number;
  background: number;
  serverCommands: number;
  byName: Map<string, number>;
  /** Latencies by step of the intake (request, citizen, phone, confirm). */
  bySteps: Map<string, number[]>;
  /** CPU the server process used over the window, in microseconds. */
  cpuMicros: number;
}

/** One measured window against a running server, with Redis counted over it. */
async function measure(
  server: ServerProcess,
  redis: BenchRedis | null,
  workers: number,
  timing: { warmupSeconds: number; durationSeconds: number },
  conversation: Phase['conversation'],
  profileTo: string | null,
): Promise<Window> {
  const snapshot = async () => ({
    server: await server.stats(),
    redis: redis === null ? 0 : await redis.commandsProcessed(),
  });
  let before = await snapshot();
  let after = before;
  const { recorder, seconds } = await runPhase({
    workers,
    warmupMs: timing.warmupSeconds * 1000,
    durationMs: timing.durationSeconds * 1000,
    conversation,
    onOpen: async () => {
      before = await snapshot();
      if (profileTo !== null) await server.profile('start');
    },
    onClose: async () => {
      after = await snapshot();
      if (profileTo !== null) await server.profile('stop', profileTo);
    },
  });
  return {
    latencies: recorder.latencies,
    errors: recorder.errors,
    errorSamples: recorder.errorSamples,
    seconds,
    roundTrips: after.server.roundTrips - before.server.roundTrips,
    writes: after.server.writes - before.server.writes,
    background: after.server.background - before.server.background,
    serverCommands: after.redis - before.redis,
    byName: new Map(
      Object.entries(after.server.byName).map(([k, v]) => [k, v - (before.server.byName[k] ?? 0)]),
    ),
    bySteps: recorder.byStep,
    cpuMicros: after.server.cpuMicros - before.server.cpuMicros,
  };
}

/**
 * Latency, throughput and CPU from the timed windows; Redis figures from the counted one (null:
 * not counted), which is timed apart because counting slows the server down.
 */
function figures(windows: Window[], counted: Window | null): LoadFigures {
  const sorted = windows.flatMap((w) => w.latencies).sort((a, b) => a - b);
  const seconds = windows.reduce((sum, w) => sum + w.seconds, 0);
  const turns = sorted.length;
  const sum = (f: (w: Window) => number) => windows.reduce((total, w) => total + f(w), 0);
  const countedTurns = counted?.latencies.length ?? 0;
  const per = (f: (w: Window) => number) =>
    counted !== null && countedTurns > 0 ? round(f(counted) / countedTurns, 2) : null;
  return {
    turns,
    rps: round(turns / seconds, 1),
    p50: round(percentile(sorted, 0.5), 1),
    p99: round(percentile(sorted, 0.99), 1),
    errors: sum((w) => w.errors),
    errorSamples: windows.flatMap((w) => w.errorSamples).slice(0, 5),
    roundTripsPerTurn: per((w) => w.roundTrips),
    roundTripsByName: [...(counted?.byName ?? new Map<string, number>())]
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([name, n]) => [name, round(n / Math.max(1, countedTurns), 3)]),
    steps: STEPS.map((step) => {
      const ms = windows.flatMap((w) => w.bySteps.get(step) ?? []).sort((a, b) => a - b);
      return {
        step,
        p50: round(percentile(ms, 0.5), 1),
        p99: round(percentile(ms, 0.99), 1),
        turns: ms.length,
      };
    }),
    serverCommandsPerTurn: per((w) => w.serverCommands),
    writesPerTurn: per((w) => w.writes),
    backgroundPerTurn: per((w) => w.background),
    cpuMsPerTurn: turns > 0 ? round(sum((w) => w.cpuMicros) / 1000 / turns, 2) : 0,
    countedRps: counted === null ? null : round(countedTurns / counted.seconds, 1),
  };
}

export interface CompareResult {
  echo: LoadFigures;
  bot: LoadFigures;
  directLine: LoadFigures;
  rssMb: number;
  ticketsCreated: number;
  intakesStarted: number;
  directLineConversations: number;
  rounds: number;
}

export function botEnv(redisUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: PREFIX,
    DIRECTLINE_SECRET: randomBytes(32).toString('hex'),
    // Every web chat of the bench comes from one address: the per-address token limit would
    // otherwise measure itself. The per-conversation message limit stays as shipped.
    RATE_LIMIT_TOKEN_PER_SECOND: '1000',
    RATE_LIMIT_TOKEN_BURST: '10000',
  };
}

/**
 * The echo bot and the bot over /api/messages, in alternating rounds so that whatever else the
 * machine does falls on both alike, neither counting its Redis round trips; then one more bot
 * window with them counted, and the bot's Direct Line leg (counted). Both servers run
 * throughout, each in its own process; the one not under load is idle.
 */
export async function compare(options: CompareOptions): Promise<CompareResult> {
  const tag = randomBytes(3).toString('hex');
  const redis = await startRedis();
  const echoServer = await startServer('echo', {});
  const bot = await startServer('bot', botEnv(redis.url));
  const profile = (name: string) =>
    options.profileDir === null ? null : join(options.profileDir, `${name}.cpuprofile`);
  const timing = {
    warmupSeconds: options.warmupSeconds,
    durationSeconds: options.durationSeconds / options.rounds,
  };
  try {
    const apiUsers: string[] = [];
    const dlUsers: string[] = [];
    const echo: Window[] = [];
    const api: Window[] = [];
    await Promise.all([echoServer.count(false), bot.count(false)]);
    for (let round = 1; round <= options.rounds; round++) {
      process.stderr.write(`round ${round} of ${options.rounds}: echo bot, then bot\n`);
      echo.push(
        await measure(
          echoServer,
          null,
          options.conversations,
          timing,
          apiConversations(echoServer.base, `echo-${tag}-${round}`, []),
          null,
        ),
      );
      api.push(
        await measure(
          bot,
          redis,
          options.conversations,
          timing,
          apiConversations(bot.base, `bot-${tag}-${round}`, apiUsers),
          round === options.rounds ? profile('bot-api') : null,
        ),
      );
    }
    const rssMb = round((await bot.stats()).rssBytes / 2 ** 20, 1);
    process.stderr.write('bot again, Redis round trips counted\n');
    await bot.count(true);
    const apiCounted = await measure(
      bot,
      redis,
      options.conversations,
      timing,
      apiConversations(bot.base, `bot-${tag}-counted`, apiUsers),
      null,
    );
    process.stderr.write('Direct Line leg, counted\n');
    const directLine = await measure(
      bot,
      redis,
      options.directLineConversations,
      timing,
      directLineConversations(bot.base, dlUsers),
      profile('bot-directline'),
    );
    const ticketsCreated = await countTickets(redis.url, [
      ...apiUsers.map((u) => `emulator:${u}`),
      ...dlUsers.map((u) => `webchat:${u}`),
    ]);
    return {
      echo: figures(echo, null),
      bot: figures(api, apiCounted),
      directLine: figures([directLine], directLine),
      rssMb,
      ticketsCreated,
      intakesStarted: apiUsers.length + dlUsers.length,
      directLineConversations: options.directLineConversations,
      rounds: options.rounds,
    };
  } finally {
    await Promise.allSettled([echoServer.stop(), bot.stop()]);
    await redis.stop();
  }
}

/** Tickets filed for the bench's requesters, read back through the ticket store. */
async function countTickets(url: string, requesters: string[]): Promise<number> {
  const client = new Redis(url);
  try {
    const store = new RedisTicketStore(client, new RedisKeys(PREFIX));
    let count = 0;
    for (let i = 0; i < requesters.length; i += 100) {
      const lists = await Promise.all(
        requesters.slice(i, i + 100).map((r) => store.listByRequester(r, 10)),
      );
      count += lists.reduce((sum, l) => sum + l.length, 0);
    }
    return count;
  } finally {
    client.disconnect();
  }
}

export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
