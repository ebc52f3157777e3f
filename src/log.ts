import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Fields that hold what people said or who they are. Code logs ticket ids, departments and
 * conversation ids instead; these paths are the net for whatever slips through.
 */
const REDACT_PATHS = [
  'text',
  '*.text',
  'value',
  '*.value',
  'phone',
  '*.phone',
  'idNumber',
  '*.idNumber',
  'creditCode',
  '*.creditCode',
  'enterpriseName',
  '*.enterpriseName',
  'location',
  '*.location',
  'place',
  '*.place',
  'requester',
  '*.requester',
  'activity',
  '*.activity',
  'activities',
  'body',
  '*.body',
  'dialogContext',
  '*.dialogContext',
  'req.headers.authorization',
];

/**
 * Structured logs. Message text, phone, ID-card numbers and credit codes never go out at info
 * level or above: fields that may hold them are redacted, and every Error, under any key, is
 * reduced to what debugging needs (see `serializeError`).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'hotline-bot' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Some call sites log `err: err.message`: a string is scrubbed like a message.
      serializers: {
        err: (err: unknown) => (typeof err === 'string' ? scrubMessage(err) : serializeError(err)),
      },
      hooks: {
        // Without a message pino would use a logged error's own message, unscrubbed.
        logMethod(args, method) {
          const [first] = args;
          const err: unknown =
            typeof first === 'object' && first !== null && 'err' in first ? first.err : first;
          if (args.length === 1 && err instanceof Error) {
            return method.call(this, first, scrubMessage(err.message));
          }
          return method.apply(this, args);
        },
      },
      formatters: {
        log: (fields) =>
          Object.fromEntries(
            Object.entries(fields).map(([key, value]) => [
              key,
              // `err` has its serializer, which runs after this.
              key !== 'err' && value instanceof Error ? serializeError(value) : value,
            ]),
          ),
      },
    },
    destination,
  );
}

export interface LoggedError {
  type: string;
  code?: string;
  message: string;
  /** Only the `at ...` frames: the first line of a stack repeats the message. */
  stack?: string;
  cause?: LoggedError;
}

/**
 * An error as the log may show it. An error's own properties are where libraries put what
 * they were working on: botbuilder-dialogs attaches the whole dialog stack (`dialogContext`,
 * with the request text in its options and prompts), ioredis the command and its arguments (a
 * ticket's JSON), HTTP clients the request and response bodies. None of that is copied: only
 * the type, a string `code`, the message with anything that looks like personal data taken
 * out, the stack frames and, one level down, the cause.
 */
export function serializeError(err: unknown, depth = 0): LoggedError {
  if (!(err instanceof Error)) return { type: typeof err, message: '[not an Error]' };
  const code: unknown = 'code' in err ? err.code : undefined;
  // botbuilder-dialogs' DialogContextError keeps the original as `error`.
  const inner: unknown = err.cause ?? ('error' in err ? err.error : undefined);
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
  return {
    type: err.constructor?.name || err.name,
    ...(typeof code === 'string' ? { code } : {}),
    message: scrubMessage(err.message),
    ...(frames === '' ? {} : { stack: frames }),
    ...(inner instanceof Error && inner !== err && depth < 3
      ? { cause: serializeError(inner, depth + 1) }
      : {}),
  };
}

const MAX_MESSAGE = 300;
const SCRUB_WINDOW = 2_000;

/**
 * Error messages are written for developers, in English, about code, yet some quote their
 * input (`"…" is not valid JSON`, zod's `received '…'`). Quoted text, anything in Chinese,
 * and numbers of five digits or more (phones, ID-card numbers, the digits of credit codes)
 * are replaced; ports, line numbers and status codes are shorter than that.
 */
export function scrubMessage(message: string): string {
  // A bounded window keeps the work linear; a quote it cuts off counts as quoted to its end.
  const cut = message.length > SCRUB_WINDOW;
  const scrubbed = message
    .slice(0, SCRUB_WINDOW)
    .replace(cut ? QUOTED_TO_END : QUOTED, '[quoted]')
    .replace(/[\p{Script=Han}\u3000-\u303f\uff00-\uffef]+/gu, '[text]')
    .replace(/\d(?:[\s-]?\d){4,}[Xx]?/g, '[number]');
  return scrubbed.length > MAX_MESSAGE ? `${scrubbed.slice(0, MAX_MESSAGE)}…` : scrubbed;
}

/** Quoted input: ASCII quotes around 13 or more characters, typographic quotes around any. */
const QUOTE_PAIRS: [string, string, number][] = [
  ['"', '"', 13],
  ["'", "'", 13],
  ['`', '`', 13],
  ['“', '”', 0],
  ['‘', '’', 0],
];
function quotes(toEnd: boolean): RegExp {
  const spans = QUOTE_PAIRS.map(
    ([open, close, min]) => `${open}[^${close}\\n]{${min},}${toEnd ? `(?:${close}|$)` : close}`,
  );
  return new RegExp(spans.join('|'), 'gu');
}
const QUOTED = quotes(false);
const QUOTED_TO_END = quotes(true);
