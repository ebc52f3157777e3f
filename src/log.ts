import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs. Message text and phone numbers never go out at info level: fields that may
 * hold them are redacted, and code logs ticket ids, departments and masked phones instead.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'hotline-bot' },
      redact: {
        paths: ['text', '*.text', 'phone', '*.phone', 'activity.text', 'req.headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
