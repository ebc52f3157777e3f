import { ConversationLockLostError } from '../../bot/conversationLock';
import { ActivityNotFoundError, ConversationNotFoundError } from '../../channels/directline/ports';
import {
  HotlineError,
  TicketExistsError,
  TicketNotFoundError,
  TicketVersionConflictError,
} from '../../core/errors';

/** An error raised by a Redis adapter. `code` is stable; callers branch on it, not on messages. */
export class StoreError extends HotlineError {
  constructor(code: string, message: string, status = 500) {
    super(code, message, status);
    this.name = new.target.name;
  }
}

/**
 * A write carried an eTag that no longer matches the stored item. The message mirrors
 * botbuilder's MemoryStorage so logs read the same whichever storage the bot runs on.
 */
export class StorageConflictError extends StoreError {
  constructor(readonly key: string) {
    super('STATE_CONFLICT', `Storage: error writing "${key}" due to eTag conflict.`, 409);
  }
}

/** A script or command replied with something its contract does not allow. */
export class UnexpectedReplyError extends StoreError {
  constructor(source: string, reply: string) {
    super('STORE_UNEXPECTED_REPLY', `${source} replied ${reply}`);
  }
}

/**
 * Whether a command failed because Redis could not be reached (down, restarting, failing over):
 * ioredis gives up after `maxRetriesPerRequest` reconnections, finds the connection closed, or
 * has no answer within REDIS_COMMAND_TIMEOUT_MS.
 * The request may be tried again shortly; nothing about it is wrong.
 */
export function isRedisUnreachable(err: unknown): err is Error {
  // Through what wraps it: botbuilder-dialogs' DialogContextError keeps it as `error`.
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; depth++) {
    if (
      e.name === 'MaxRetriesPerRequestError' ||
      e.message === 'Connection is closed.' ||
      e.message === 'Command timed out'
    ) {
      return true;
    }
    e = 'error' in e && e.error instanceof Error ? e.error : e.cause;
  }
  return false;
}

/** Lua scripts by the command name they are registered under. */
export type ScriptName =
  | 'hotlineWriteBotState'
  | 'hotlineCreateTicket'
  | 'hotlineAppendTicketEvent'
  | 'hotlineTransitionTicket'
  | 'hotlineRelinkTicket'
  | 'hotlineAddDuplicate'
  | 'hotlineRemoveDuplicate'
  | 'hotlineProposeCoordination'
  | 'hotlineFlagHandoff'
  | 'hotlineClaimHandoff'
  | 'hotlineReleaseHandoff'
  | 'hotlineTransferHandoff'
  | 'hotlineTouchHandoff'
  | 'hotlineEndHandoff'
  | 'hotlineRequeueIdleHandoff'
  | 'hotlineAppendHandoffTranscript'
  | 'hotlineDlOpen'
  | 'hotlineDlClaimUser'
  | 'hotlineDlAppend'
  | 'hotlineDlReplace'
  | 'hotlineDlRemove'
  | 'hotlineDlAnnounceSocket';

type ErrorFactory = (subject: string) => HotlineError;

/**
 * The one place where negative script return codes become errors. A code means something only
 * for its own script (see each script's header), so the table is per script.
 */
const scriptErrors: Record<ScriptName, Record<number, ErrorFactory>> = {
  hotlineWriteBotState: {
    [-1]: (key) => new StorageConflictError(key),
    [-2]: () => new ConversationLockLostError(),
  },
  hotlineCreateTicket: { [-1]: (id) => new TicketExistsError(id) },
  hotlineAppendTicketEvent: { [-1]: (id) => new TicketNotFoundError(id) },
  hotlineTransitionTicket: {
    [-1]: (id) => new TicketNotFoundError(id),
    [-2]: (id) => new TicketVersionConflictError(id),
  },
  hotlineRelinkTicket: {
    [-1]: (id) => new TicketNotFoundError(id),
    [-2]: (id) => new TicketVersionConflictError(id),
  },
  // -1 (missing) and -2 (closed) are answers to the caller, not errors.
  hotlineAddDuplicate: {},
  // -2 (neither listed nor counted) is an answer to the caller.
  hotlineRemoveDuplicate: { [-1]: (id) => new TicketNotFoundError(id) },
  hotlineProposeCoordination: { [-1]: (id) => new TicketNotFoundError(id) },
  // The handoff scripts answer with statuses and 0/1: none has an error code.
  hotlineFlagHandoff: {},
  hotlineClaimHandoff: {},
  hotlineReleaseHandoff: {},
  hotlineTransferHandoff: {},
  hotlineTouchHandoff: {},
  hotlineEndHandoff: {},
  hotlineRequeueIdleHandoff: {},
  hotlineAppendHandoffTranscript: {},
  hotlineDlOpen: {},
  hotlineDlClaimUser: { [-1]: (id) => new ConversationNotFoundError(id) },
  hotlineDlAppend: { [-1]: (id) => new ConversationNotFoundError(id) },
  hotlineDlReplace: {
    [-1]: (activityId) => new ConversationNotFoundError(activityId.split('|')[0] ?? activityId),
    [-2]: (id) => new ActivityNotFoundError(id),
  },
  hotlineDlRemove: { [-1]: (id) => new ConversationNotFoundError(id) },
  hotlineDlAnnounceSocket: { [-1]: (id) => new ConversationNotFoundError(id) },
};

/**
 * The error for a negative `code` returned by `script`; `subject` is what the call was about
 * (a storage key, a ticket id). Codes missing from the table are reported as unexpected replies.
 */
export function scriptError(script: ScriptName, code: number, subject: string): HotlineError {
  const make = scriptErrors[script][code];
  return make ? make(subject) : new UnexpectedReplyError(script, String(code));
}
