import restify, { type Next, type Request, type Response, type Server } from 'restify';
import { HotlineError, UnsupportedMediaTypeError } from './core/errors';
import { exceedsJsonDepth, isJsonContentType, MAX_JSON_DEPTH } from './core/json';
import type { Logger } from './log';
import type { RedisDurability } from './store/redis/durability';

export interface Readiness {
  ok: boolean;
  store: 'redis' | 'memory';
  reason?: string;
  /** What Redis said at start about persistence and eviction (src/store/redis/durability). */
  durability?: RedisDurability | null;
}

export interface ServerDeps {
  logger: Logger;
  /** POST /api/messages: the Bot Framework endpoint (Emulator, Teams, tests). */
  onMessages: (req: Request, res: Response) => Promise<void>;
  /** Whether /api/messages may hear this sender at all (unset: anyone; the bot checks tokens). */
  messagesFrom?: (req: Request) => boolean;
  readiness: () => Promise<Readiness>;
  /** Channels and pages add their own routes here (Direct Line, the web widget...). */
  mounts?: ((server: Server) => void)[];
}

/** The HTTP surface. Routes only: what they do lives in the bot and the services. */
export function createServer(deps: ServerDeps): Server {
  const server = restify.createServer({
    name: 'hotline-12345-bot',
    handleUncaughtExceptions: false,
  });
  server.use(acceptJsonOnly);
  server.use(restify.plugins.bodyReader({ maxBodySize: MAX_BODY_BYTES }));
  server.use(restify.plugins.jsonBodyParser({ bodyReader: true, mapParams: false }));
  server.use(limitJsonDepth);
  server.use(restify.plugins.queryParser({ mapParams: false }));

  server.on('after', (req: Request, res: Response) => {
    deps.logger.info(
      // The path without its query: a stream URL carries its token there (`?t=`).
      { reqId: req.id(), method: req.method, path: req.getPath(), status: res.statusCode },
      'request',
    );
  });
  server.on(
    'restifyError',
    (req: Request, res: Response, err: Error & { statusCode?: number }, cb: () => void) => {
      if ((err.statusCode ?? 500) >= 500)
        deps.logger.error({ reqId: req.id(), err }, 'request failed');
      stableCode(err);
      cb();
    },
  );

  server.post('/api/messages', async (req: Request, res: Response) => {
    if (deps.messagesFrom?.(req) === false) {
      res.send(403, {
        code: 'CLIENT_NOT_LOCAL',
        message: 'without MicrosoftAppId, /api/messages answers the Emulator on this machine only',
      });
      return;
    }
    try {
      await deps.onMessages(req, res);
    } catch (err) {
      deps.logger.error({ reqId: req.id(), err }, 'message handling failed');
      if (!res.headersSent) res.send(500, { code: 'INTERNAL', message: 'message handling failed' });
    }
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    const r = await deps.readiness();
    const durability = r.durability ? { durability: r.durability } : {};
    res.send(
      r.ok ? 200 : 503,
      r.ok
        ? { status: 'ready', store: r.store, ...durability }
        : { status: 'not ready', store: r.store, reason: r.reason, ...durability },
    );
  });

  for (const mount of deps.mounts ?? []) mount(server);

  return server;
}

const MAX_BODY_BYTES = 256 * 1024;

/**
 * Every route takes JSON or nothing, and this is the one place that says so: a body of another
 * type is 415 before it is read (restify's general bodyParser wrote any multipart file to the
 * temp directory, signed in or not), and so is a compressed one (gzip was unpacked past the size
 * limit, which counts the bytes sent).
 */
function acceptJsonOnly(req: Request, res: Response, next: Next): void {
  const hasBody = req.isChunked() || req.getContentLength() > 0;
  // Even `identity`: restify's reader takes no Content-Encoding but gzip, and refuses it unexplained.
  const encoded = req.headers['content-encoding'] !== undefined;
  const refused = !hasBody
    ? null
    : !isJsonContentType(req.headers['content-type'])
      ? new UnsupportedMediaTypeError()
      : encoded
        ? new CompressedBodyError()
        : null;
  if (refused !== null) {
    res.send(refused.status, { code: refused.code, message: refused.message });
    next(false);
    return;
  }
  next();
}

class CompressedBodyError extends HotlineError {
  constructor() {
    super('UNSUPPORTED_MEDIA_TYPE', '请求体不能压缩 / send the body without Content-Encoding', 415);
  }
}

/** A parsed body no deeper than MAX_JSON_DEPTH, on every route (deeper overflowed the stack). */
function limitJsonDepth(req: Request, res: Response, next: Next): void {
  if (exceedsJsonDepth(req.body, MAX_JSON_DEPTH)) {
    res.send(400, {
      code: 'BAD_ARGUMENT',
      message: `body: nested deeper than ${MAX_JSON_DEPTH} levels`,
    });
    next(false);
    return;
  }
  next();
}

/**
 * restify's own errors (bad JSON, unknown route...) in the codes the rest of the API uses, with
 * messages of our own: restify's echo what was sent (the path of an unknown route, the first
 * characters of a body that is not JSON), a value reflected back to whoever crafted the link.
 */
const TOO_LARGE = {
  code: 'PAYLOAD_TOO_LARGE',
  message: `请求体不能超过 ${MAX_BODY_BYTES / 1024} KB / the body may be at most ${MAX_BODY_BYTES / 1024} KB`,
};
const STABLE_ERRORS: Readonly<Record<string, { code: string; message: string }>> = {
  InvalidContent: {
    code: 'BAD_JSON',
    message: '请求体不是有效的 JSON / the body is not valid JSON',
  },
  BadRequest: { code: 'BAD_ARGUMENT', message: '请求无效 / the request is not valid' },
  ResourceNotFound: { code: 'NOT_FOUND', message: '没有这个地址 / no such address' },
  MethodNotAllowed: {
    code: 'METHOD_NOT_ALLOWED',
    message: '此地址不接受这种请求方法 / this address does not take that method',
  },
  UnsupportedMediaType: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: '请求体须为 JSON / send the body as application/json',
  },
  PayloadTooLarge: TOO_LARGE,
  RequestEntityTooLarge: TOO_LARGE,
  NotAcceptable: {
    code: 'NOT_ACCEPTABLE',
    message: '无法以请求的格式回答 / cannot answer in the format asked for',
  },
  TooManyRequests: {
    code: 'RATE_LIMITED',
    message: '请求过于频繁，请稍后再试 / too many requests, try again later',
  },
  Internal: { code: 'INTERNAL', message: '服务器内部错误 / internal error' },
};

function stableCode(err: Error): void {
  if (!('body' in err) || typeof err.body !== 'object' || err.body === null) return;
  if (!('code' in err.body) || typeof err.body.code !== 'string') return;
  const stable = STABLE_ERRORS[err.body.code];
  if (stable !== undefined) err.body = { ...stable };
}
