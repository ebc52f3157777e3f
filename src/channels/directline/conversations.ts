import { z } from 'zod';
import {
  RoleTypes,
  type Activity,
  type ChannelAccount,
  type ConversationAccount,
} from 'botbuilder';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock';
import { HotlineError } from '../../core/errors';
import type { Logger } from '../../log';
import { maskIdCardNumbers } from '../../validation/idCard';
import {
  DIRECT_LINE_CHANNEL_ID,
  DIRECT_LINE_SERVICE_URL,
  type BotLogic,
  type DirectLineAdapter,
} from './adapter';
import type { ActivityJson, ActivityPage, DirectLineConversation, DirectLineStore } from './ports';
import { ConversationNotFoundError } from './ports';
import type { InboundActivity } from './schemas';
import { assertConversation, type Caller, type DirectLineTokens, type IssuedToken } from './tokens';

export interface DirectLineConversationsDeps {
  store: DirectLineStore;
  adapter: DirectLineAdapter;
  tokens: DirectLineTokens;
  bot: BotLogic;
  clock: Clock;
  logger: Logger;
  /** The bot's account in these conversations. */
  botAccount: { id: string; name: string };
}

export interface StartedConversation {
  conversationId: string;
  userId: string | null;
  created: boolean;
}

export class BadArgumentError extends HotlineError {
  constructor(message: string) {
    super('BAD_ARGUMENT', message, 400);
  }
}

/** A fresh, unguessable conversation id (22 base64url characters). */
export function newConversationId(): string {
  return randomBytes(16).toString('base64url');
}

/** A fresh web user id: the `dl_` prefix tells directlinejs it is bound into the token. */
export function newWebChatUserId(): string {
  return `dl_${randomBytes(12).toString('base64url')}`;
}

/**
 * What Direct Line does, without HTTP: starting conversations (and greeting), taking a
 * client's activity (log it, run the bot's turn), reading the log, handing out tokens.
 */
export class DirectLineConversations {
  constructor(private readonly deps: DirectLineConversationsDeps) {}

  /** A token for a new conversation, for a browser that is about to start one. */
  tokenForNewConversation(userId: string | null): IssuedToken & { conversationId: string } {
    const conversationId = newConversationId();
    return { conversationId, ...this.deps.tokens.issue(conversationId, userId) };
  }

  /** A new token for the same conversation and user (refresh, reconnect). */
  renewToken(caller: Caller, conversation: { id: string; userId: string | null }): IssuedToken {
    const userId =
      caller.kind === 'token' ? (caller.userId ?? conversation.userId) : conversation.userId;
    return this.deps.tokens.issue(conversation.id, userId);
  }

  /**
   * POST /conversations. With a token, its conversation (created on first use); with the
   * secret, a new one. A conversation created here greets its user with a conversationUpdate.
   */
  async start(
    caller: Caller,
    user: { id?: string; name?: string } | undefined,
    locale: string | undefined,
  ): Promise<StartedConversation> {
    const conversationId = caller.kind === 'token' ? caller.conversationId : newConversationId();
    const tokenUser = caller.kind === 'token' ? caller.userId : null;
    const { conversation, created } = await this.deps.store.open(
      conversationId,
      tokenUser ?? user?.id ?? null,
      this.deps.clock.now().toISOString(),
    );
    if (created) {
      this.deps.logger.info({ conversationId }, 'directline: conversation started');
      const person = conversation.userId === null ? [] : [this.account(conversation.userId)];
      const members: ChannelAccount[] = [...person, this.botAccount()];
      await this.runTurn(this.conversationUpdate(conversationId, members, locale));
    }
    return { conversationId, userId: conversation.userId, created };
  }

  async conversation(caller: Caller, conversationId: string): Promise<DirectLineConversation> {
    assertConversation(caller, conversationId);
    const conversation = await this.deps.store.get(conversationId);
    if (conversation === null) throw new ConversationNotFoundError(conversationId);
    return conversation;
  }

  /**
   * POST /conversations/:id/activities: logs the activity (the echo clients wait for, with
   * channelData untouched), runs the bot's turn, and only then returns the activity's id. A
   * turn that fails throws TurnFailedError (503) and is not marked as handled, so a retry with
   * the same clientActivityID runs it again, under the same id and without a second echo.
   */
  async post(caller: Caller, conversationId: string, inbound: InboundActivity): Promise<string> {
    const userId = await this.userOf(caller, conversationId, inbound);
    const { from: _from, localTimestamp, ...fields } = inbound;
    const activity: Partial<Activity> = {
      ...fields,
      // The transcript is kept for days: an ID-card number in it is masked like everywhere else.
      ...(fields.text === undefined ? {} : { text: maskIdCardNumbers(fields.text) }),
      ...(localTimestamp === undefined ? {} : { localTimestamp: new Date(localTimestamp) }),
      channelId: DIRECT_LINE_CHANNEL_ID,
      timestamp: this.deps.clock.now(),
      conversation: this.conversationAccount(conversationId),
      from: { ...this.account(userId), role: RoleTypes.User },
      recipient: this.botAccount(),
    };
    // The echo keeps the client's own localTimestamp (with its offset); the bot gets a Date.
    const echo = {
      ...toJson(activity),
      ...(localTimestamp === undefined ? {} : { localTimestamp }),
    };
    const clientActivityId = clientActivityIdOf(inbound.channelData);
    const logged =
      clientActivityId === null
        ? { ...(await this.deps.store.append(conversationId, echo)), duplicate: false }
        : await this.deps.store.appendFromClient(conversationId, clientActivityId, echo);
    const id = logged.activity.id;
    if (logged.duplicate) {
      // The browser retried a POST whose answer it lost: same id, and the bot hears it once.
      this.deps.logger.info({ conversationId, activityId: id }, 'directline: retried post ignored');
      return id;
    }
    this.deps.logger.info(
      { conversationId, activityId: id, type: inbound.type },
      'directline: client activity received',
    );
    await this.deps.adapter.processActivity(
      { ...activity, id, serviceUrl: DIRECT_LINE_SERVICE_URL },
      this.deps.bot,
    );
    if (clientActivityId !== null)
      await this.deps.store.markHandled(conversationId, clientActivityId);
    return id;
  }

  read(conversationId: string, after: number, limit: number): Promise<ActivityPage> {
    return this.deps.store.read(conversationId, after, limit);
  }

  /**
   * The user an activity is from. A token's user wins over what the body says (so a browser
   * cannot post as someone else); a conversation without one binds the first `from.id` it
   * sees, and greets that person as Azure does. The secret's holder may speak as anyone.
   */
  private async userOf(
    caller: Caller,
    conversationId: string,
    inbound: InboundActivity,
  ): Promise<string> {
    // A web chat's token names its user (the widget's case): the conversation is not read, as
    // logging the activity next refuses a conversation that does not exist (404) anyway.
    if (caller.kind === 'token' && caller.userId !== null) {
      assertConversation(caller, conversationId);
      return caller.userId;
    }
    const conversation = await this.conversation(caller, conversationId);
    let bound = conversation.userId;
    if (bound === null) {
      if (inbound.from === undefined) throw new BadArgumentError('from.id: required');
      const claim = await this.deps.store.claimUser(conversation.id, inbound.from.id);
      bound = claim.userId;
      if (claim.claimed) {
        const members = [this.account(bound)];
        await this.runTurn(this.conversationUpdate(conversation.id, members, inbound.locale));
      }
    }
    return caller.kind === 'secret' ? (inbound.from?.id ?? bound) : bound;
  }

  private conversationUpdate(
    conversationId: string,
    membersAdded: ChannelAccount[],
    locale: string | undefined,
  ): Partial<Activity> {
    return {
      type: 'conversationUpdate',
      id: randomUUID(),
      channelId: DIRECT_LINE_CHANNEL_ID,
      serviceUrl: DIRECT_LINE_SERVICE_URL,
      timestamp: this.deps.clock.now(),
      conversation: this.conversationAccount(conversationId),
      from: membersAdded[0] ?? this.botAccount(),
      recipient: this.botAccount(),
      membersAdded,
      locale: locale ?? 'zh-CN',
    };
  }

  /** A greeting: its failure is logged (and apologised for), not the request's business. */
  private async runTurn(activity: Partial<Activity>): Promise<void> {
    try {
      await this.deps.adapter.processActivity(activity, this.deps.bot);
    } catch (err) {
      this.deps.logger.error(
        { err, conversationId: activity.conversation?.id, activityId: activity.id },
        'directline: turn failed',
      );
    }
  }

  /**
   * The person by id only: the name a client sends (Web Chat's `username`, or anything typed
   * into a request) vouches for nothing, and kept it would reach tickets and staff as if checked.
   */
  private account(id: string): ChannelAccount {
    return { id, name: '' };
  }

  private botAccount(): ChannelAccount {
    return { id: this.deps.botAccount.id, name: this.deps.botAccount.name, role: RoleTypes.Bot };
  }

  private conversationAccount(id: string): ConversationAccount {
    return { id, isGroup: false, conversationType: 'personal', name: '' };
  }
}

function toJson(activity: Partial<Activity>): ActivityJson {
  const copy: ActivityJson = JSON.parse(JSON.stringify(activity));
  return copy;
}

/** Web Chat stamps every activity it sends with its own id, kept across retries. */
function clientActivityIdOf(channelData: unknown): string | null {
  const parsed = ClientActivitySchema.safeParse(channelData);
  return parsed.success ? parsed.data.clientActivityID : null;
}

const ClientActivitySchema = z.object({ clientActivityID: z.string().min(1).max(200) });
