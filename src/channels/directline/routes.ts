import type { Next, Request, RequestHandler, Response, Server } from 'restify';
import { ZodError } from 'zod';
import { HotlineError, INTERNAL_ERROR_MESSAGE, StoreUnavailableError } from '../../core/errors';
import { isRedisUnreachable } from '../../store/redis/errors';
import { parseInbound } from '../inboundActivity';
import type { Logger } from '../../log';
import type { DirectLineConversations } from './conversations';
import { ConversationNotFoundError } from './ports';
import {
  ConversationIdSchema,
  GenerateTokenSchema,
  InboundActivitySchema,
  MAX_ACTIVITY_BYTES,
  parseWatermark,
  StartConversationSchema,
  WebChatTokenSchema,
} from './schemas';
import type { StreamHub } from './stream';
import {
  assertConversation,
  DirectLineAuthError,
  type Caller,
  type DirectLineTokens,
} from './tokens';
import { newWebChatUserId } from './conversations';

export interface DirectLineRoutesDeps {
  conversations: DirectLineConversations;
  tokens: DirectLineTokens;
  hub: StreamHub;
  logger: Logger;
  guards: DirectLineGuards;
}

/**
 * Middleware before the public token endpoint and before posted activities (rate limits); the
 * activities guards run once the caller is known to hold that conversation.
 */
export interface DirectLineGuards {
  token: RequestHandler[];
  activities: RequestHandler[];
}

const BASE = '/v3/directline';
const PAGE_SIZE = 100;
const CORS_PATHS = /^(\/v3\/directline\/|\/api\/webchat\/token$)/;

type Reply = [status: number, body: unknown];

/**
 * Direct Line 3.0 as botframework-directlinejs uses it, plus `POST /api/webchat/token`, the
 * public endpoint a widget page gets a conversation-scoped token from (the secret stays here).
 */
export function mountDirectLine(server: Server, deps: DirectLineRoutesDeps): void {
  const { conversations, tokens, hub, logger, guards } = deps;
  const route = (fn: (req: Request) => Promise<Reply>) => async (req: Request, res: Response) => {
    try {
      const [status, body] = await fn(req);
      res.send(status, body);
    } catch (err) {
      sendError(res, err, logger);
    }
  };

  server.pre(cors);

  // Public and unauthenticated: each call opens a conversation in Redis, so one address may
  // not open them by the thousand (the guards: a limit per address, shared by all instances).
  server.post(
    '/api/webchat/token',
    ...guards.token,
    route(async (req) => {
      const body = WebChatTokenSchema.parse(req.body ?? undefined);
      // A returning browser keeps its id only with the key it was given; otherwise it starts
      // afresh rather than becoming whoever it claims to be.
      const claimed = body?.userId;
      const key = body?.userKey;
      const proven = claimed !== undefined && key !== undefined && tokens.isUserKey(claimed, key);
      const userId = proven ? claimed : newWebChatUserId();
      const issued = conversations.tokenForNewConversation(userId);
      logger.info(
        { conversationId: issued.conversationId, returning: proven },
        'directline: web chat token issued',
      );
      return [200, { ...issued, userId, userKey: tokens.userKey(userId) }];
    }),
  );

  server.post(
    `${BASE}/tokens/generate`,
    route(async (req) => {
      const caller = tokens.authenticate(req.headers.authorization);
      if (caller.kind !== 'secret') {
        throw new DirectLineAuthError('FORBIDDEN', 'tokens are generated with the secret');
      }
      const body = GenerateTokenSchema.parse(req.body ?? undefined);
      return [200, conversations.tokenForNewConversation(body?.user?.id ?? null)];
    }),
  );

  server.post(
    `${BASE}/tokens/refresh`,
    route(async (req) => {
      const caller = tokens.authenticate(req.headers.authorization);
      if (caller.kind !== 'token') {
        throw new DirectLineAuthError('FORBIDDEN', 'only a token can be refreshed');
      }
      const conversation = { id: caller.conversationId, userId: caller.userId };
      return [
        200,
        { conversationId: conversation.id, ...conversations.renewToken(caller, conversation) },
      ];
    }),
  );

  server.post(
    `${BASE}/conversations`,
    route(async (req) => {
      const caller = tokens.authenticate(req.headers.authorization);
      const body = StartConversationSchema.parse(req.body ?? undefined);
      const started = await conversations.start(caller, body?.user, body?.locale);
      const issued = conversations.renewToken(caller, {
        id: started.conversationId,
        userId: started.userId,
      });
      return [
        started.created ? 201 : 200,
        {
          conversationId: started.conversationId,
          ...issued,
          streamUrl: streamUrl(req, started.conversationId, issued.token, undefined),
        },
      ];
    }),
  );

  server.get(
    `${BASE}/conversations/:conversationId`,
    route(async (req) => {
      const caller = tokens.authenticate(req.headers.authorization);
      const conversation = await conversations.conversation(caller, conversationIdOf(req));
      const issued = conversations.renewToken(caller, conversation);
      const watermark = queryWatermark(req);
      return [
        200,
        {
          conversationId: conversation.id,
          ...issued,
          streamUrl: streamUrl(req, conversation.id, issued.token, watermark),
        },
      ];
    }),
  );

  // Who may use the conversation is settled before its rate limit is spent: otherwise anyone
  // could post without a token and use up the person's budget. The route asks again (a JWT
  // check, no I/O) rather than pass the caller through the request.
  const callerOf = (req: Request) => {
    const who = tokens.authenticate(req.headers.authorization);
    const conversationId = conversationIdOf(req);
    assertConversation(who, conversationId);
    return { who, conversationId };
  };
  const authenticated = (req: Request, res: Response, next: Next): void => {
    try {
      callerOf(req);
      next();
    } catch (err) {
      sendError(res, err, logger);
      next(false);
    }
  };

  server.post(
    `${BASE}/conversations/:conversationId/activities`,
    authenticated,
    ...guards.activities,
    route(async (req) => {
      const { who, conversationId } = callerOf(req);
      const activity = parseInbound(InboundActivitySchema, req.headers['content-type'], req.body);
      if (Buffer.byteLength(JSON.stringify(activity)) > MAX_ACTIVITY_BYTES) {
        throw new HotlineError(
          'PAYLOAD_TOO_LARGE',
          `an activity may be at most ${MAX_ACTIVITY_BYTES} bytes`,
          413,
        );
      }
      return [200, { id: await conversations.post(who, conversationId, activity) }];
    }),
  );

  server.get(
    `${BASE}/conversations/:conversationId/activities`,
    async (req: Request, res: Response) => {
      let caller: Caller;
      let conversationId: string;
      try {
        caller = tokens.authenticate(req.headers.authorization);
        conversationId = conversationIdOf(req);
        assertConversation(caller, conversationId);
      } catch (err) {
        sendError(res, err, logger);
        return;
      }
      const after = queryWatermark(req) ?? 0;
      try {
        const page = await conversations.read(conversationId, after, PAGE_SIZE);
        res.send(200, {
          activities: page.activities.map((a) => a.activity),
          watermark: String(page.watermark),
        });
      } catch (err) {
        if (err instanceof ConversationNotFoundError) {
          sendError(res, err, logger);
          return;
        }
        // directlinejs stops polling for good after an error: a failed read is an empty page.
        logger.error({ conversationId, err }, 'directline: could not read activities');
        res.send(200, { activities: [], watermark: String(after) });
      }
    },
  );

  server.post(
    `${BASE}/conversations/:conversationId/upload`,
    route(async () => {
      throw new HotlineError('UPLOAD_NOT_SUPPORTED', 'file uploads are not accepted here', 400);
    }),
  );

  server.server.on('upgrade', (req, socket, head: Buffer) => {
    if (!hub.handles(req)) {
      hub.refuseOther(socket);
      return;
    }
    hub.upgrade(req, socket, head).catch((err: unknown) => {
      logger.error({ err }, 'directline: stream upgrade failed');
      socket.destroy();
    });
  });
}

function cors(req: Request, res: Response, next: Next): void {
  if (!CORS_PATHS.test(req.getPath())) {
    next();
    return;
  }
  res.header('Access-Control-Allow-Origin', '*');
  res.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  // rxjs's ajax (inside directlinejs) adds X-Requested-With to every call it makes.
  res.header(
    'Access-Control-Allow-Headers',
    'Authorization, Content-Type, x-ms-bot-agent, X-Requested-With',
  );
  res.header('Access-Control-Max-Age', '600');
  if (req.method === 'OPTIONS') {
    res.send(204);
    next(false);
    return;
  }
  next();
}

function conversationIdOf(req: Request): string {
  const parsed = ConversationIdSchema.safeParse(req.params?.conversationId);
  if (!parsed.success) throw new ConversationNotFoundError('(malformed)');
  return parsed.data;
}

function queryWatermark(req: Request): number | undefined {
  const raw: unknown = req.query?.watermark;
  return typeof raw === 'string' && raw !== '' ? parseWatermark(raw) : undefined;
}

/** `ws(s)://<host the client used>/v3/directline/conversations/:id/stream?...`, as Azure gives. */
function streamUrl(
  req: Request,
  conversationId: string,
  token: string,
  watermark: number | undefined,
): string {
  const proto = firstValue(req.headers['x-forwarded-proto']) ?? (req.isSecure() ? 'https' : 'http');
  const forwardedHost = firstValue(req.headers['x-forwarded-host']);
  const host = [forwardedHost, req.headers.host].find(
    (h): h is string => h !== undefined && /^[A-Za-z0-9.[\]:-]+$/.test(h),
  );
  const query = new URLSearchParams();
  if (watermark !== undefined) query.set('watermark', String(watermark));
  query.set('t', token);
  return `${proto === 'https' ? 'wss' : 'ws'}://${host ?? 'localhost'}${BASE}/conversations/${conversationId}/stream?${query}`;
}

function firstValue(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(',')[0]?.trim() || undefined;
}

function sendError(res: Response, err: unknown, logger: Logger): void {
  if (res.headersSent) return;
  if (err instanceof HotlineError) {
    res.send(err.status, { code: err.code, message: err.message });
  } else if (err instanceof ZodError) {
    const issue = err.issues[0];
    const where = issue?.path.join('.') || 'body';
    res.send(400, { code: 'BAD_ARGUMENT', message: `${where}: ${issue?.message ?? 'invalid'}` });
  } else if (isRedisUnreachable(err)) {
    logger.warn({ err: err.message }, 'directline: Redis unreachable');
    const unavailable = new StoreUnavailableError();
    res.header('Retry-After', String(StoreUnavailableError.RETRY_AFTER_SECONDS));
    res.send(unavailable.status, { code: unavailable.code, message: unavailable.message });
  } else {
    logger.error({ err }, 'directline: request failed');
    res.send(500, { code: 'INTERNAL', message: INTERNAL_ERROR_MESSAGE });
  }
}
