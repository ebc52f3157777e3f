import { createHash } from 'node:crypto';
import type { Result } from 'ioredis';
import type { RedisClient } from './client';
import { ADD_API_TOKEN } from './scripts/addApiToken';
import { ANNOUNCE_DIRECT_LINE_SOCKET } from './scripts/announceDirectLineSocket';
import { APPEND_DIRECT_LINE_ACTIVITY } from './scripts/appendDirectLineActivity';
import { APPEND_TICKET_EVENT } from './scripts/appendTicketEvent';
import { CLAIM_DIRECT_LINE_USER } from './scripts/claimDirectLineUser';
import {
  ACQUIRE_CONVERSATION_LOCK,
  EXTEND_CONVERSATION_LOCK,
  RELEASE_CONVERSATION_LOCK,
} from './scripts/conversationLock';
import { ADD_NOTIFICATION } from './scripts/addNotification';
import { CLAIM_DUE_ALERTS } from './scripts/claimDueAlerts';
import { CREATE_TICKET } from './scripts/createTicket';
import { RELINK_TICKET } from './scripts/relinkTickets';
import { ADD_DUPLICATE, PROPOSE_COORDINATION, REMOVE_DUPLICATE } from './scripts/duplicateReports';
import { INDEX_ALERTS } from './scripts/indexAlerts';
import { IMPORT_TICKET } from './scripts/importTicket';
import { RAISE_TICKET_SEQUENCE, RELEASE_DEDUPE } from './scripts/raiseTicketSequence';
import { SETTLE_ALERT } from './scripts/settleAlert';
import { TRANSITION_TICKET } from './scripts/transitionTicket';
import { NEXT_TICKET_SEQUENCE } from './scripts/nextTicketSequence';
import { APPEND_HANDOFF_TRANSCRIPT } from './scripts/appendHandoffTranscript';
import { CLAIM_HANDOFF } from './scripts/claimHandoff';
import { END_HANDOFF } from './scripts/endHandoff';
import { FLAG_HANDOFF } from './scripts/flagHandoff';
import { RELEASE_HANDOFF } from './scripts/releaseHandoff';
import { REQUEUE_IDLE_HANDOFF } from './scripts/requeueIdleHandoff';
import { TOUCH_HANDOFF } from './scripts/touchHandoff';
import { TRANSFER_HANDOFF } from './scripts/transferHandoff';
import { MARK_DIRECT_LINE_CLIENT_HANDLED } from './scripts/markDirectLineClientHandled';
import { OPEN_DIRECT_LINE_CONVERSATION } from './scripts/openDirectLineConversation';
import { REMOVE_DIRECT_LINE_ACTIVITY } from './scripts/removeDirectLineActivity';
import { REPLACE_DIRECT_LINE_ACTIVITY } from './scripts/replaceDirectLineActivity';
import { CORRECT_TENANT } from './scripts/correctTenant';
import { REMEMBER_TENANT } from './scripts/rememberTenant';
import { REVOKE_API_TOKEN } from './scripts/revokeApiToken';
import { DISABLE_STAFF } from './scripts/disableStaff';
import { CREATE_STAFF_SESSION, RENEW_STAFF_SESSION } from './scripts/staffSession';
import { WRITE_BOT_STATE } from './scripts/writeBotState';
import { PUBLISH_IN_SLOT } from './scripts/publishInSlot';
import { TAKE_RATE_LIMIT } from './scripts/takeRateLimit';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    hotlineCreateTicket(
      ticket: string,
      history: string,
      firstEvent: string,
      ...fieldsAndValues: string[]
    ): Result<number, Context>;
    hotlineAppendTicketEvent(...args: string[]): Result<number, Context>;
    hotlineTransitionTicket(
      ticket: string,
      history: string,
      expectedVersion: number,
      event: string,
      ...fieldsAndValues: string[]
    ): Result<number, Context>;
    hotlineRelinkTicket(
      ticket: string,
      history: string,
      expectedVersion: number,
      links: string,
      event: string,
      updatedAt: string,
    ): Result<number, Context>;
    hotlineAddDuplicate(
      ticket: string,
      history: string,
      link: string,
      listed: number,
      eventUpToCount: string,
      updatedAt: string,
      ...place: [] | [department: string, district: string]
    ): Result<unknown, Context>;
    hotlineRemoveDuplicate(
      ticket: string,
      history: string,
      reportId: string,
      counted: '1' | '0',
      event: string,
      updatedAt: string,
    ): Result<number, Context>;
    hotlineProposeCoordination(
      ticket: string,
      history: string,
      proposal: string,
      event: string,
      updatedAt: string,
    ): Result<number, Context>;
    hotlineIndexAlerts(
      pending: string,
      claimed: string,
      raised: string,
      ...alerts: (string | number)[]
    ): Result<number, Context>;
    hotlineRaiseTicketSequence(
      key: string,
      used: number,
      ttlSeconds: number,
    ): Result<number, Context>;
    hotlineReleaseDedupe(key: string, ticketId: string): Result<number, Context>;
    hotlineImportTicket(
      ticket: string,
      history: string,
      fieldCount: number,
      ...fieldsThenEvents: string[]
    ): Result<number, Context>;
    hotlineNextTicketSequence(
      key: string,
      floor: number,
      ttlSeconds: number,
    ): Result<number, Context>;
    hotlineClaimDueAlerts(
      pending: string,
      claimed: string,
      raised: string,
      nowMs: number,
      limit: number,
      leaseEndMs: number,
      forgetBeforeMs: number,
    ): Result<unknown, Context>;
    hotlineSettleAlert(
      pending: string,
      claimed: string,
      raised: string,
      key: string,
      outcome: 'raised' | 'dropped',
      nowMs: number,
    ): Result<number, Context>;
    hotlineAddNotification(
      feed: string,
      bodies: string,
      id: string,
      atMs: number,
      json: string,
      cap: number,
      ttlSeconds: number,
    ): Result<number, Context>;
    hotlineFlagHandoff(...args: (string | number)[]): Result<unknown, Context>;
    hotlineClaimHandoff(...args: (string | number)[]): Result<unknown, Context>;
    hotlineReleaseHandoff(...args: (string | number)[]): Result<unknown, Context>;
    hotlineTransferHandoff(...args: (string | number)[]): Result<unknown, Context>;
    hotlineTouchHandoff(...args: (string | number)[]): Result<unknown, Context>;
    hotlineEndHandoff(...args: (string | number)[]): Result<unknown, Context>;
    hotlineRequeueIdleHandoff(...args: (string | number)[]): Result<unknown, Context>;
    hotlineAppendHandoffTranscript(...args: (string | number)[]): Result<unknown, Context>;
    hotlinePublishInSlot(channel: string, message: string): Result<number, Context>;
    hotlineRememberTenant(key: string, ...fieldsAndValues: string[]): Result<unknown, Context>;
    hotlineCorrectTenant(
      key: string,
      at: string,
      by: string,
      keep: number,
      ...fieldsAndValues: string[]
    ): Result<unknown, Context>;
    hotlineWriteBotState(
      key: string,
      expectedETag: string,
      newETag: string,
      doc: string,
      ttlSeconds: number,
      holdToken: string,
    ): Result<unknown, Context>;
    hotlineDlOpen(...args: (string | number)[]): Result<unknown, Context>;
    hotlineDlClaimUser(...args: string[]): Result<unknown, Context>;
    hotlineDlAppend(...args: (string | number)[]): Result<unknown, Context>;
    hotlineDlReplace(...args: (string | number)[]): Result<unknown, Context>;
    hotlineDlRemove(...args: (string | number)[]): Result<unknown, Context>;
    hotlineDlAnnounceSocket(...args: string[]): Result<unknown, Context>;
    hotlineAddApiToken(...args: (string | number)[]): Result<number, Context>;
    hotlineRevokeApiToken(key: string, at: string): Result<number, Context>;
    hotlineDisableStaff(key: string, at: string): Result<number, Context>;
    hotlineCreateStaffSession(
      key: string,
      memberSessionsKey: string,
      ttlSeconds: number,
      digest: string,
      ...fieldsAndValues: string[]
    ): Result<number, Context>;
    hotlineRenewStaffSession(
      key: string,
      memberSessionsKey: string,
      expiresAt: string,
      ttlSeconds: number,
    ): Result<number, Context>;
    hotlineDlMarkHandled(
      conversationKey: string,
      clientActivityId: string,
    ): Result<unknown, Context>;
    hotlineLockAcquire(item: string, ttlMs: number): Result<unknown, Context>;
    hotlineLockExtend(item: string, token: number, ttlMs: number): Result<unknown, Context>;
    hotlineLockRelease(item: string, token: number): Result<unknown, Context>;
    hotlineTakeRateLimit(
      key: string,
      nowMs: number,
      intervalMs: number,
      toleranceMs: number,
    ): Result<number, Context>;
  }
}

/** The project's scripts by SHA-1, named as they are defined (the bench names EVALSHAs by it). */
export const scriptNames = new Map<string, string>();

/**
 * Puts script `name` on the connection as a method: EVALSHA, and EVAL when the server does not
 * have it yet (NOSCRIPT: a new or restarted server, a failover), which also loads it.
 *
 * Not ioredis' defineCommand, which does the same but lists the script on the connection, and
 * every pipeline ioredis makes copies that list: each auto-pipelined round trip builds one, so
 * with 43 scripts making a pipeline cost about 30 µs instead of 3 µs. The methods therefore
 * exist on the connection only, not on `pipeline()` or `multi()`; no script is sent in one.
 */
function defineScript(
  redis: RedisClient,
  name: string,
  { numberOfKeys, lua }: { numberOfKeys: number; lua: string },
): void {
  const sha = createHash('sha1').update(lua).digest('hex');
  scriptNames.set(sha, name);
  const run = async (...args: (string | number | Buffer)[]): Promise<unknown> => {
    try {
      return await redis.evalsha(sha, numberOfKeys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return redis.eval(lua, numberOfKeys, ...args);
    }
  };
  Object.defineProperty(redis, name, { value: run, writable: true, configurable: true });
}

/** Registers the project's Lua scripts on a connection (EVALSHA with automatic fallback). */
export function defineTicketCommands(redis: RedisClient): void {
  defineScript(redis, 'hotlineCreateTicket', { numberOfKeys: 2, lua: CREATE_TICKET });
  defineScript(redis, 'hotlineTransitionTicket', { numberOfKeys: 2, lua: TRANSITION_TICKET });
  defineScript(redis, 'hotlineIndexAlerts', { numberOfKeys: 3, lua: INDEX_ALERTS });
  defineScript(redis, 'hotlineRaiseTicketSequence', {
    numberOfKeys: 1,
    lua: RAISE_TICKET_SEQUENCE,
  });
  defineScript(redis, 'hotlineReleaseDedupe', { numberOfKeys: 1, lua: RELEASE_DEDUPE });
  defineScript(redis, 'hotlineImportTicket', { numberOfKeys: 2, lua: IMPORT_TICKET });
  defineScript(redis, 'hotlineNextTicketSequence', {
    numberOfKeys: 1,
    lua: NEXT_TICKET_SEQUENCE,
  });
  defineScript(redis, 'hotlineAppendTicketEvent', { numberOfKeys: 2, lua: APPEND_TICKET_EVENT });
  defineScript(redis, 'hotlineRelinkTicket', { numberOfKeys: 2, lua: RELINK_TICKET });
  defineScript(redis, 'hotlineAddDuplicate', { numberOfKeys: 2, lua: ADD_DUPLICATE });
  defineScript(redis, 'hotlineRemoveDuplicate', { numberOfKeys: 2, lua: REMOVE_DUPLICATE });
  defineScript(redis, 'hotlineProposeCoordination', {
    numberOfKeys: 2,
    lua: PROPOSE_COORDINATION,
  });
  defineScript(redis, 'hotlineClaimDueAlerts', { numberOfKeys: 3, lua: CLAIM_DUE_ALERTS });
  defineScript(redis, 'hotlineSettleAlert', { numberOfKeys: 3, lua: SETTLE_ALERT });
}

export function defineNotificationCommands(redis: RedisClient): void {
  defineScript(redis, 'hotlineAddNotification', { numberOfKeys: 2, lua: ADD_NOTIFICATION });
}

export function defineHandoffCommands(redis: RedisClient): void {
  defineScript(redis, 'hotlineFlagHandoff', { numberOfKeys: 3, lua: FLAG_HANDOFF });
  defineScript(redis, 'hotlineClaimHandoff', { numberOfKeys: 5, lua: CLAIM_HANDOFF });
  defineScript(redis, 'hotlineReleaseHandoff', { numberOfKeys: 5, lua: RELEASE_HANDOFF });
  defineScript(redis, 'hotlineTransferHandoff', { numberOfKeys: 3, lua: TRANSFER_HANDOFF });
  defineScript(redis, 'hotlineTouchHandoff', { numberOfKeys: 3, lua: TOUCH_HANDOFF });
  defineScript(redis, 'hotlineEndHandoff', { numberOfKeys: 5, lua: END_HANDOFF });
  defineScript(redis, 'hotlineRequeueIdleHandoff', { numberOfKeys: 5, lua: REQUEUE_IDLE_HANDOFF });
  defineScript(redis, 'hotlineAppendHandoffTranscript', {
    numberOfKeys: 2,
    lua: APPEND_HANDOFF_TRANSCRIPT,
  });
}

export function definePublishCommands(redis: RedisClient): void {
  defineScript(redis, 'hotlinePublishInSlot', { numberOfKeys: 1, lua: PUBLISH_IN_SLOT });
}

export function defineTenantCommands(redis: RedisClient): void {
  defineScript(redis, 'hotlineRememberTenant', { numberOfKeys: 1, lua: REMEMBER_TENANT });
  defineScript(redis, 'hotlineCorrectTenant', { numberOfKeys: 1, lua: CORRECT_TENANT });
}

export function defineBotStateCommands(redis: RedisClient): void {
  defineScript(redis, 'hotlineWriteBotState', { numberOfKeys: 1, lua: WRITE_BOT_STATE });
}

export function defineDirectLineCommands(redis: RedisClient): void {
  defineScript(redis, 'hotlineDlOpen', { numberOfKeys: 2, lua: OPEN_DIRECT_LINE_CONVERSATION });
  defineScript(redis, 'hotlineDlClaimUser', { numberOfKeys: 1, lua: CLAIM_DIRECT_LINE_USER });
  defineScript(redis, 'hotlineDlAppend', { numberOfKeys: 2, lua: APPEND_DIRECT_LINE_ACTIVITY });
  defineScript(redis, 'hotlineDlReplace', { numberOfKeys: 2, lua: REPLACE_DIRECT_LINE_ACTIVITY });
  defineScript(redis, 'hotlineDlRemove', { numberOfKeys: 2, lua: REMOVE_DIRECT_LINE_ACTIVITY });
  defineScript(redis, 'hotlineDlMarkHandled', {
    numberOfKeys: 1,
    lua: MARK_DIRECT_LINE_CLIENT_HANDLED,
  });
  defineScript(redis, 'hotlineDlAnnounceSocket', {
    numberOfKeys: 1,
    lua: ANNOUNCE_DIRECT_LINE_SOCKET,
  });
}

export function defineAccessCommands(redis: RedisClient): void {
  defineScript(redis, 'hotlineAddApiToken', { numberOfKeys: 2, lua: ADD_API_TOKEN });
  defineScript(redis, 'hotlineRevokeApiToken', { numberOfKeys: 1, lua: REVOKE_API_TOKEN });
}

/** Duty staff accounts: adding reuses the API-token script (store unless it exists, index). */
export function defineStaffCommands(redis: RedisClient): void {
  defineScript(redis, 'hotlineAddApiToken', { numberOfKeys: 2, lua: ADD_API_TOKEN });
  defineScript(redis, 'hotlineDisableStaff', { numberOfKeys: 1, lua: DISABLE_STAFF });
}

export function defineStaffSessionCommands(redis: RedisClient): void {
  defineScript(redis, 'hotlineCreateStaffSession', { numberOfKeys: 2, lua: CREATE_STAFF_SESSION });
  defineScript(redis, 'hotlineRenewStaffSession', { numberOfKeys: 2, lua: RENEW_STAFF_SESSION });
}

export function defineConversationLockCommands(redis: RedisClient): void {
  defineScript(redis, 'hotlineLockAcquire', { numberOfKeys: 1, lua: ACQUIRE_CONVERSATION_LOCK });
  defineScript(redis, 'hotlineLockExtend', { numberOfKeys: 1, lua: EXTEND_CONVERSATION_LOCK });
  defineScript(redis, 'hotlineLockRelease', { numberOfKeys: 1, lua: RELEASE_CONVERSATION_LOCK });
}

export function defineRateLimitCommands(redis: RedisClient): void {
  defineScript(redis, 'hotlineTakeRateLimit', { numberOfKeys: 1, lua: TAKE_RATE_LIMIT });
}
