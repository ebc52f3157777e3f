import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { messages } from '../dialogs/messages';
import { RedisKeys } from '../src/store/redis/keys';
import { RedisTicketStore } from '../src/store/redis/ticketStore';
import { http, percentile, runPhase, sleep, type Phase, type Recorder } from './load';
import { startRedis, type BenchRedis } from './redisServer';
import { startServer, type ServerProcess, type ServerStats } from './servers';

const REQUEST = '我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路';
const PREFIX = 'bench:';
const FAILED_TURN = new Set([messages('zh').error, messages('zh').busy]);

export interface CompareOptions {
  conversations: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Conversations at once on the Direct Line leg. */
  directLineConversations: number;
  /** Extra node flags for the bot's process (--cpu-prof...). */
  botNodeArgs: string[];
}

/** The four turns of one intake: what happened, who is asking, a phone number, confirm. */
function intake(n: number): string[] {
  return [REQUEST, '市民', `138${String(10_000_000 + n).slice(-8)}`, '确认提交'];
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
function apiConversations(base: string, tag: string, users: string[]): Phase['conversation'] {
  return async (n, recorder, stopped) => {
    const user = `${tag}-u${n}`;
    users.push(user);
    const texts = intake(n);
    for (const [i, text] of texts.entries()) {
      if (stopped()) return;
      const ok = await recorder.time(async () => {
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
    const opened = await recorder.time(async () => {
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
      const ok = await recorder.time(async () => {
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
  /** Commands Redis ran per turn (commandstats, including those inside scripts). */
  serverCommandsPerTurn: number | null;
}

/** One measured phase against a running server, with Redis counted over the window. */
async function measure(
  server: ServerProcess,
  redis: BenchRedis | null,
  workers: number,
  options: CompareOptions,
  conversation: Phase['conversation'],
): Promise<LoadFigures> {
  let before: [ServerStats, number] | null = null;
  let after: [ServerStats, number] | null = null;
  const snapshot = async (): Promise<[ServerStats, number]> => [
    await server.stats(),
    redis === null ? 0 : await redis.commandsProcessed(),
  ];
  const { recorder, seconds } = await runPhase({
    workers,
    warmupMs: options.warmupSeconds * 1000,
    durationMs: options.durationSeconds * 1000,
    conversation,
    onOpen: async () => {
      before = await snapshot();
    },
    onClose: async () => {
      after = await snapshot();
    },
  });
  return figures(recorder, seconds, before, after, redis !== null);
}

function figures(
  recorder: Recorder,
  seconds: number,
  before: [ServerStats, number] | null,
  after: [ServerStats, number] | null,
  counted: boolean,
): LoadFigures {
  const sorted = [...recorder.latencies].sort((a, b) => a - b);
  const turns = sorted.length;
  const per = (d: number) => (turns === 0 ? null : round(d / turns, 2));
  return {
    turns,
    rps: round(turns / seconds, 1),
    p50: round(percentile(sorted, 0.5), 1),
    p99: round(percentile(sorted, 0.99), 1),
    errors: recorder.errors,
    errorSamples: recorder.errorSamples,
    roundTripsPerTurn:
      counted && before && after ? per(after[0].roundTrips - before[0].roundTrips) : null,
    serverCommandsPerTurn: counted && before && after ? per(after[1] - before[1]) : null,
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
}

function botEnv(redisUrl: string): Record<string, string> {
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

/** Echo bot, then the bot over /api/messages, then the bot's Direct Line leg; one Redis. */
export async function compare(options: CompareOptions): Promise<CompareResult> {
  const tag = randomBytes(3).toString('hex');
  const redis = await startRedis();
  try {
    const echoServer = await startServer('echo', {});
    let echo: LoadFigures;
    try {
      echo = await measure(
        echoServer,
        null,
        options.conversations,
        options,
        apiConversations(echoServer.base, `echo-${tag}`, []),
      );
    } finally {
      await echoServer.stop();
    }
    const bot = await startServer('bot', botEnv(redis.url), options.botNodeArgs);
    const apiUsers: string[] = [];
    const dlUsers: string[] = [];
    let api: LoadFigures;
    let directLine: LoadFigures;
    let rssMb: number;
    try {
      api = await measure(
        bot,
        redis,
        options.conversations,
        options,
        apiConversations(bot.base, `bot-${tag}`, apiUsers),
      );
      rssMb = round((await bot.stats()).rssBytes / 2 ** 20, 1);
      directLine = await measure(
        bot,
        redis,
        options.directLineConversations,
        options,
        directLineConversations(bot.base, dlUsers),
      );
    } finally {
      await bot.stop();
    }
    const ticketsCreated = await countTickets(redis.url, [
      ...apiUsers.map((u) => `emulator:${u}`),
      ...dlUsers.map((u) => `webchat:${u}`),
    ]);
    return {
      echo,
      bot: api,
      directLine,
      rssMb,
      ticketsCreated,
      intakesStarted: apiUsers.length + dlUsers.length,
      directLineConversations: options.directLineConversations,
    };
  } finally {
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

export { sleep };
