/**
 * Errors with stable codes. Messages name what went wrong, never personal data; the HTTP layer
 * maps `status` to the response and shows `{code, message}`.
 */
export class HotlineError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 500,
  ) {
    super(message);
    this.name = 'HotlineError';
  }
}

export class TicketNotFoundError extends HotlineError {
  constructor(id: string) {
    super(
      'TICKET_NOT_FOUND',
      `没有工单 ${id}（或不由本单位办理） / ticket ${id} does not exist`,
      404,
    );
  }
}

/** A ticket number was handed out twice: a sequence counter was reset under live tickets. */
export class TicketExistsError extends HotlineError {
  constructor(id: string) {
    super('TICKET_EXISTS', `ticket ${id} already exists`, 409);
  }
}

/** A body that is not JSON, on any JSON endpoint (messages, Direct Line, staff, API). */
export class UnsupportedMediaTypeError extends HotlineError {
  constructor() {
    super('UNSUPPORTED_MEDIA_TYPE', '请求体须为 JSON / send the body as application/json', 415);
  }
}

/** The system of record did not answer: nothing was wrong with the request, try it again shortly. */
export class StoreUnavailableError extends HotlineError {
  /** Seconds a client is asked to wait (Retry-After). */
  static readonly RETRY_AFTER_SECONDS = 5;

  constructor() {
    super(
      'STORE_UNAVAILABLE',
      '系统暂时无法读写数据，请稍后再试 / the data store is unreachable: try again shortly',
      503,
    );
  }
}

/** What a client is told of a failure of ours, without anything of the error itself. */
export const INTERNAL_ERROR_MESSAGE = '系统出错，请稍后再试 / request failed';

export class InvalidInputError extends HotlineError {
  constructor(message: string) {
    super('INVALID_INPUT', message, 400);
  }
}

/** Someone changed the ticket between reading and writing it: re-read and decide again. */
export class TicketVersionConflictError extends HotlineError {
  constructor(id: string) {
    super(
      'TICKET_VERSION_CONFLICT',
      `工单 ${id} 正被同时修改，请重试 / ticket ${id} was changed concurrently`,
      409,
    );
  }
}
