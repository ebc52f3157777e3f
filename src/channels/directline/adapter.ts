import {
  ActivityTypes,
  BotAdapter,
  INVOKE_RESPONSE_KEY,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../../core/clock';
import { HotlineError } from '../../core/errors';
import type { Logger } from '../../log';
import { turnNotRun } from '../../bot/turnOutcome';
import type { ActivityJson, DirectLineStore } from './ports';

/**
 * Channel id of Direct Line conversations. Azure reports Web Chat traffic as 'webchat', so the
 * bot, its logs and requester keys (`webchat:dl_...`) read the same as they would there.
 */
export const DIRECT_LINE_CHANNEL_ID = 'webchat';
/** Marks conversation references of this in-process channel: no Bot Connector service behind. */
export const DIRECT_LINE_SERVICE_URL = 'urn:hotline:directline';

export type BotLogic = (ctx: TurnContext) => Promise<void>;

/** Whether a stored conversation reference belongs to this channel (for proactive messages). */
export function isDirectLineReference(reference: Partial<ConversationReference>): boolean {
  return reference.serviceUrl === DIRECT_LINE_SERVICE_URL;
}

export interface DirectLineAdapterDeps {
  store: DirectLineStore;
  clock: Clock;
  logger: Logger;
  /** Told of a failed client turn before it is reported: logs it, apologises to the person. */
  onTurnError?: (ctx: TurnContext, error: Error) => Promise<void>;
}

/** A client's turn did not run to its end: the POST answers 503 so the client sends it again. */
export class TurnFailedError extends HotlineError {
  constructor() {
    super('TURN_FAILED', 'the message could not be handled; please send it again', 503);
  }
}

/**
 * The bot's adapter for Direct Line, in-process: turns run here, and what the bot sends is
 * logged in the store, from where pollers and WebSockets on any instance pick it up. No HTTP
 * hop to /api/messages, so that endpoint's authentication does not concern the web widget.
 */
export class DirectLineAdapter extends BotAdapter {
  constructor(private readonly deps: DirectLineAdapterDeps) {
    super();
  }

  /**
   * Runs one turn for an activity that came from a client (or from the channel itself). A
   * failure is not swallowed as botbuilder's onTurnError would: `onTurnError` apologises, and
   * the caller gets TurnFailedError, so a client is never told that a failed turn ran.
   */
  async processActivity(activity: Partial<Activity>, logic: BotLogic): Promise<void> {
    const ctx = new TurnContext(this, activity);
    try {
      await this.runMiddleware(ctx, logic);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      if (this.deps.onTurnError === undefined) {
        this.deps.logger.error({ err: error }, 'directline: turn failed');
      } else {
        await this.deps.onTurnError(ctx, error);
      }
      throw new TurnFailedError();
    }
    const notRun = turnNotRun(ctx);
    if (notRun !== undefined) throw notRun;
  }

  override async sendActivities(
    ctx: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        await sleep(typeof activity.value === 'number' ? activity.value : 1000);
        responses.push({ id: '' });
      } else if (activity.type === ActivityTypes.InvokeResponse) {
        ctx.turnState.set(INVOKE_RESPONSE_KEY, activity);
        responses.push({ id: '' });
      } else if (activity.type === ActivityTypes.Trace) {
        // Direct Line does not show trace activities to users (only the Emulator does).
        responses.push({ id: '' });
      } else {
        const conversationId = this.conversationOf(ctx, activity);
        const logged = await this.deps.store.append(conversationId, this.outgoing(activity));
        this.deps.logger.info(
          { conversationId, activityId: logged.activity.id, type: activity.type },
          'directline: bot activity logged',
        );
        responses.push({ id: logged.activity.id });
      }
    }
    return responses;
  }

  override async updateActivity(
    ctx: TurnContext,
    activity: Partial<Activity>,
  ): Promise<ResourceResponse | void> {
    if (activity.id === undefined) throw new TypeError('updateActivity: activity.id is required');
    const conversationId = this.conversationOf(ctx, activity);
    const logged = await this.deps.store.replace(
      conversationId,
      activity.id,
      this.outgoing(activity),
    );
    this.deps.logger.info(
      { conversationId, activityId: activity.id, watermark: logged.seq },
      'directline: activity updated',
    );
    return { id: activity.id };
  }

  override async deleteActivity(
    ctx: TurnContext,
    reference: Partial<ConversationReference>,
  ): Promise<void> {
    const conversationId = reference.conversation?.id ?? ctx.activity.conversation.id;
    if (reference.activityId === undefined) return;
    const removed = await this.deps.store.remove(conversationId, reference.activityId);
    this.deps.logger.info(
      { conversationId, activityId: reference.activityId, removed },
      'directline: activity deleted',
    );
  }

  override async continueConversation(
    reference: Partial<ConversationReference>,
    logic: BotLogic,
  ): Promise<void> {
    await this.continueConversationAsync('', reference, logic);
  }

  /** Proactive messages (duty staff, ticket updates): a turn whose replies go to the log. */
  override async continueConversationAsync(
    _botAppIdOrIdentity: unknown,
    reference: Partial<ConversationReference>,
    logicOrAudience: string | BotLogic,
    maybeLogic?: BotLogic,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
    if (logic === undefined) throw new TypeError('continueConversationAsync: logic is required');
    const event = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'ContinueConversation' },
      { ...reference, channelId: DIRECT_LINE_CHANNEL_ID, serviceUrl: DIRECT_LINE_SERVICE_URL },
      true,
    );
    // No apology here: a proactive message that fails is the notifier's to report.
    await this.runMiddleware(new TurnContext(this, event), logic);
  }

  private conversationOf(ctx: TurnContext, activity: Partial<Activity>): string {
    return activity.conversation?.id ?? ctx.activity.conversation.id;
  }

  /** The activity as clients receive it: stamped, marked as the bot's, without service fields. */
  private outgoing(activity: Partial<Activity>): ActivityJson {
    const { serviceUrl: _serviceUrl, id: _id, ...rest } = activity;
    return toJson({
      ...rest,
      channelId: DIRECT_LINE_CHANNEL_ID,
      timestamp: this.deps.clock.now().toISOString(),
      from: { ...activity.from, role: 'bot' },
    });
  }
}

function toJson(value: object): ActivityJson {
  const copy: ActivityJson = JSON.parse(JSON.stringify(value));
  return copy;
}
