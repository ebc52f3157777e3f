import type { Response } from 'restify';
import { ZodError } from 'zod';
import { HotlineError, INTERNAL_ERROR_MESSAGE, StoreUnavailableError } from '../core/errors';
import { isRedisUnreachable } from '../store/redis/errors';
import type { Logger } from '../log';

/**
 * An API error as `{code, message}` with its status: HotlineErrors as they are, zod's as 400
 * INVALID_INPUT naming the field, anything else 500 with only the error (never the request) in
 * the log under `what`.
 */
export function sendApiError(res: Response, err: unknown, logger: Logger, what: string): void {
  if (res.headersSent) return;
  if (err instanceof HotlineError) {
    res.send(err.status, { code: err.code, message: err.message });
  } else if (err instanceof ZodError) {
    const issue = err.issues[0];
    const where = issue?.path.join('.') || 'body';
    const said = issue?.message ?? 'invalid';
    // zod's own words are English: a Chinese reader is told which field first.
    const zh = /[\u4e00-\u9fff]/.test(said) ? '' : `${where}：输入有误 / `;
    res.send(400, { code: 'INVALID_INPUT', message: `${zh}${where}: ${said}` });
  } else if (isRedisUnreachable(err)) {
    logger.warn({ err: err.message }, `${what}: Redis unreachable`);
    sendUnavailable(res);
  } else {
    logger.error({ err }, `${what}: request failed`);
    res.send(500, { code: 'INTERNAL', message: INTERNAL_ERROR_MESSAGE });
  }
}

/** 503 with Retry-After: a load balancer or client tries again, here or on another instance. */
export function sendUnavailable(res: Response): void {
  const err = new StoreUnavailableError();
  res.header('Retry-After', String(StoreUnavailableError.RETRY_AFTER_SECONDS));
  res.send(err.status, { code: err.code, message: err.message });
}
