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
      ttlSeconds: number,
      ...fieldsAndValues: string[]
    ): Result<number, Context>;
    hotlineRenewStaffSession(
      key: string,
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

/** Registers the project's Lua scripts on a connection (EVALSHA with automatic fallback). */
export function defineTicketCommands(redis: RedisClient): void {
  redis.defineCommand('hotlineCreateTicket', { numberOfKeys: 2, lua: CREATE_TICKET });
  redis.defineCommand('hotlineTransitionTicket', { numberOfKeys: 2, lua: TRANSITION_TICKET });
  redis.defineCommand('hotlineIndexAlerts', { numberOfKeys: 3, lua: INDEX_ALERTS });
  redis.defineCommand('hotlineRaiseTicketSequence', {
    numberOfKeys: 1,
    lua: RAISE_TICKET_SEQUENCE,
  });
  redis.defineCommand('hotlineReleaseDedupe', { numberOfKeys: 1, lua: RELEASE_DEDUPE });
  redis.defineCommand('hotlineImportTicket', { numberOfKeys: 2, lua: IMPORT_TICKET });
  redis.defineCommand('hotlineNextTicketSequence', {
    numberOfKeys: 1,
    lua: NEXT_TICKET_SEQUENCE,
  });
  redis.defineCommand('hotlineAppendTicketEvent', { numberOfKeys: 2, lua: APPEND_TICKET_EVENT });
  redis.defineCommand('hotlineRelinkTicket', { numberOfKeys: 2, lua: RELINK_TICKET });
  redis.defineCommand('hotlineAddDuplicate', { numberOfKeys: 2, lua: ADD_DUPLICATE });
  redis.defineCommand('hotlineRemoveDuplicate', { numberOfKeys: 2, lua: REMOVE_DUPLICATE });
  redis.defineCommand('hotlineProposeCoordination', {
    numberOfKeys: 2,
    lua: PROPOSE_COORDINATION,
  });
  redis.defineCommand('hotlineClaimDueAlerts', { numberOfKeys: 3, lua: CLAIM_DUE_ALERTS });
  redis.defineCommand('hotlineSettleAlert', { numberOfKeys: 3, lua: SETTLE_ALERT });
}

export function defineNotificationCommands(redis: RedisClient): void {
  redis.defineCommand('hotlineAddNotification', { numberOfKeys: 2, lua: ADD_NOTIFICATION });
}

export function defineHandoffCommands(redis: RedisClient): void {
  redis.defineCommand('hotlineFlagHandoff', { numberOfKeys: 3, lua: FLAG_HANDOFF });
  redis.defineCommand('hotlineClaimHandoff', { numberOfKeys: 5, lua: CLAIM_HANDOFF });
  redis.defineCommand('hotlineReleaseHandoff', { numberOfKeys: 5, lua: RELEASE_HANDOFF });
  redis.defineCommand('hotlineTransferHandoff', { numberOfKeys: 3, lua: TRANSFER_HANDOFF });
  redis.defineCommand('hotlineTouchHandoff', { numberOfKeys: 3, lua: TOUCH_HANDOFF });
  redis.defineCommand('hotlineEndHandoff', { numberOfKeys: 5, lua: END_HANDOFF });
  redis.defineCommand('hotlineRequeueIdleHandoff', { numberOfKeys: 5, lua: REQUEUE_IDLE_HANDOFF });
  redis.defineCommand('hotlineAppendHandoffTranscript', {
    numberOfKeys: 2,
    lua: APPEND_HANDOFF_TRANSCRIPT,
  });
}

export function definePublishCommands(redis: RedisClient): void {
  redis.defineCommand('hotlinePublishInSlot', { numberOfKeys: 1, lua: PUBLISH_IN_SLOT });
}

export function defineTenantCommands(redis: RedisClient): void {
  redis.defineCommand('hotlineRememberTenant', { numberOfKeys: 1, lua: REMEMBER_TENANT });
  redis.defineCommand('hotlineCorrectTenant', { numberOfKeys: 1, lua: CORRECT_TENANT });
}

export function defineBotStateCommands(redis: RedisClient): void {
  redis.defineCommand('hotlineWriteBotState', { numberOfKeys: 1, lua: WRITE_BOT_STATE });
}

export function defineDirectLineCommands(redis: RedisClient): void {
  redis.defineCommand('hotlineDlOpen', { numberOfKeys: 2, lua: OPEN_DIRECT_LINE_CONVERSATION });
  redis.defineCommand('hotlineDlClaimUser', { numberOfKeys: 1, lua: CLAIM_DIRECT_LINE_USER });
  redis.defineCommand('hotlineDlAppend', { numberOfKeys: 2, lua: APPEND_DIRECT_LINE_ACTIVITY });
  redis.defineCommand('hotlineDlReplace', { numberOfKeys: 2, lua: REPLACE_DIRECT_LINE_ACTIVITY });
  redis.defineCommand('hotlineDlRemove', { numberOfKeys: 2, lua: REMOVE_DIRECT_LINE_ACTIVITY });
  redis.defineCommand('hotlineDlMarkHandled', {
    numberOfKeys: 1,
    lua: MARK_DIRECT_LINE_CLIENT_HANDLED,
  });
  redis.defineCommand('hotlineDlAnnounceSocket', {
    numberOfKeys: 1,
    lua: ANNOUNCE_DIRECT_LINE_SOCKET,
  });
}

export function defineAccessCommands(redis: RedisClient): void {
  redis.defineCommand('hotlineAddApiToken', { numberOfKeys: 2, lua: ADD_API_TOKEN });
  redis.defineCommand('hotlineRevokeApiToken', { numberOfKeys: 1, lua: REVOKE_API_TOKEN });
}

/** Duty staff accounts: adding reuses the API-token script (store unless it exists, index). */
export function defineStaffCommands(redis: RedisClient): void {
  redis.defineCommand('hotlineAddApiToken', { numberOfKeys: 2, lua: ADD_API_TOKEN });
  redis.defineCommand('hotlineDisableStaff', { numberOfKeys: 1, lua: DISABLE_STAFF });
}

export function defineStaffSessionCommands(redis: RedisClient): void {
  redis.defineCommand('hotlineCreateStaffSession', { numberOfKeys: 1, lua: CREATE_STAFF_SESSION });
  redis.defineCommand('hotlineRenewStaffSession', { numberOfKeys: 1, lua: RENEW_STAFF_SESSION });
}

export function defineConversationLockCommands(redis: RedisClient): void {
  redis.defineCommand('hotlineLockAcquire', { numberOfKeys: 1, lua: ACQUIRE_CONVERSATION_LOCK });
  redis.defineCommand('hotlineLockExtend', { numberOfKeys: 1, lua: EXTEND_CONVERSATION_LOCK });
  redis.defineCommand('hotlineLockRelease', { numberOfKeys: 1, lua: RELEASE_CONVERSATION_LOCK });
}

export function defineRateLimitCommands(redis: RedisClient): void {
  redis.defineCommand('hotlineTakeRateLimit', { numberOfKeys: 1, lua: TAKE_RATE_LIMIT });
}
