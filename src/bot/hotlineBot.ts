import {
  ActivityTypes,
  TeamsActivityHandler,
  type Activity,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
  type UserState,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { MainDialog } from '../../dialogs/mainDialog';
import { carriesFiles } from '../../dialogs/interrupts';
import { messages } from '../../dialogs/messages';
import { followTurnLang, type SessionData } from '../../dialogs/session';
import { limitTurnText } from '../../dialogs/turnText';
import { cardOfAnswer, readCardAnswer } from '../channels/cardAnswer';
import { cardIdsIn } from '../../dialogs/choiceStyle';
import { isAddressedToBot, isTeams, stripBotMention } from '../channels/teams/activity';
import { DIRECT_LINE_SERVICE_URL } from '../channels/directline/adapter';
import type { TeamsEnterpriseIdentity } from '../channels/teams/enterpriseIdentity';
import type { Logger } from '../log';
import { conversationLang, langOfLocale } from '../nlu/language';
import type { ActivityDedupe } from './activityDedupe';
import type { HandoffGate } from './handoffGate';
import { markTurnNotRun } from './turnOutcome';
import { refusalOf, type Refusal } from './turnAdmission';
import {
  ConversationBusyError,
  releaseFirstTry,
  tryAcquireNow,
  withConversationLock,
  HOLD_TOKEN_FIELD,
  type ConfirmHold,
  type ConversationLock,
  type Hold,
  type FirstTry,
  type LockTiming,
} from './conversationLock';

export interface HotlineBotDeps {
  conversationState: ConversationState;
  userState: UserState;
  session: StatePropertyAccessor<SessionData>;
  dialog: Pick<MainDialog, 'run'>;
  dedupe: ActivityDedupe;
  /** Serialises the turns of one conversation across instances. */
  lock: ConversationLock;
  lockTiming: LockTiming;
  teamsEnterprise: TeamsEnterpriseIdentity;
  logger: Logger;
  /** MESSAGE_MAX_CHARS: longer messages are cut before the dialogs read them. */
  messageMaxChars: number;
  /** Conversations duty staff own or wait for are routed here before the dialogs. */
  handoff: HandoffGate;
}

/**
 * The bot on every channel: greets, runs the dialogs on messages, saves state each turn.
 *
 * Turns are short (the classifier runs in process, the rest is a few Redis round trips), so the
 * reply goes out within the request, well before Teams re-sends a slow activity; a re-send that
 * still arrives is caught by the activity dedupe. Anything slow or later (ticket progress, SLA
 * news) reaches the person proactively through the Notifier, not by holding a turn open.
 */
export class HotlineBot extends TeamsActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(private readonly deps: HotlineBotDeps) {
    super();
    this.dialogState = deps.conversationState.createProperty<DialogState>('dialogState');

    this.onMembersAdded(async (ctx, next) => {
      if (shouldGreet(ctx.activity)) {
        const session = await deps.session.get(ctx, { lang: langOfLocale(ctx.activity.locale) });
        await ctx.sendActivity(messages(session.lang).welcome);
      }
      await next();
    });

    this.onMembersRemoved(async (ctx, next) => {
      const botId = ctx.activity.recipient?.id;
      // In a group chat others come and go; the person's own one-to-one chat ends with them.
      const personal = ctx.activity.conversation?.isGroup !== true;
      if (personal && (ctx.activity.membersRemoved ?? []).some((m) => m.id !== botId)) {
        await this.personLeft(ctx);
      }
      await next();
    });
    this.onEndOfConversation(async (ctx, next) => {
      await this.personLeft(ctx);
      await next();
    });

    this.onTeamsMessageEditEvent(async (ctx, next) => {
      await this.tellMessageChanged(ctx, 'edited');
      await next();
    });
    this.onTeamsMessageSoftDeleteEvent(async (ctx, next) => {
      await this.tellMessageChanged(ctx, 'deleted');
      await next();
    });
  }

  /**
   * A message: the dialogs' turn. Messages come to it straight from `dispatch`, not through
   * ActivityHandler's chain of handler lists, where nothing else is registered for them.
   */
  private async onMessageTurn(ctx: TurnContext): Promise<void> {
    const { deps } = this;
    // A card's submit is an answer to the bot (it carries no @mention); in a Teams group chat
    // or channel, other messages are for the bot only when they @mention it.
    const answered = readCardAnswer(ctx.activity);
    if (!answered && !isAddressedToBot(ctx.activity)) return;
    if (isTeams(ctx.activity)) stripBotMention(ctx.activity);
    const cut = limitTurnText(ctx, deps.messageMaxChars);
    // The one place a turn's language is decided; the dialogs read it from the session.
    const lang = await followTurnLang(deps.session, ctx);
    if (cut) await ctx.sendActivity(messages(lang).textCut(deps.messageMaxChars));
    if (await deps.handoff.intercept(ctx, lang)) return;
    const session = await deps.session.get(ctx, { lang });
    const card = answered ? cardOfAnswer(ctx.activity) : null;
    if (card !== null && card !== session.openCard) {
      await ctx.sendActivity(messages(lang).staleCard);
      return;
    }
    keepOpenCard(ctx, session);
    // The words are read; a photo sent with them would otherwise be taken as part of the request.
    if (carriesFiles(ctx.activity)) await ctx.sendActivity(messages(lang).attachmentNotKept);
    const enterprise = await deps.teamsEnterprise.begin(ctx);
    await deps.dialog.run(ctx, this.dialogState);
    await enterprise.finish();
  }

  /**
   * Runs the turn's activity. Messages, nearly every turn, go straight to `onMessageTurn`:
   * ActivityHandler's way there (the Turn, Message and Dialog handler lists, about fifteen
   * generator-based async steps, none with a handler but ours) cost about 35 µs a turn, 4% of
   * the bot's CPU under the bench. Every other activity takes botbuilder's way, to the handlers
   * registered in the constructor.
   */
  private async dispatch(ctx: TurnContext): Promise<void> {
    if (ctx.activity.type === ActivityTypes.Message) return this.onMessageTurn(ctx);
    return super.run(ctx);
  }

  /**
   * Teams shows an edited or deleted message as changed, but the dialogs read it once, as sent:
   * without a word the person would take a filed ticket to carry the edit.
   */
  private async tellMessageChanged(ctx: TurnContext, change: 'edited' | 'deleted'): Promise<void> {
    if (!isAddressedToBot(ctx.activity)) return;
    const session = await this.deps.session.get(ctx, { lang: langOfLocale(ctx.activity.locale) });
    const m = messages(session.lang);
    await ctx.sendActivity(change === 'edited' ? m.messageEdited : m.messageDeleted);
  }

  /** The person left (removed from the chat, or the channel ended the conversation). */
  private async personLeft(ctx: TurnContext): Promise<void> {
    await this.deps.handoff.left(ctx);
  }

  override async run(ctx: TurnContext): Promise<void> {
    const key = dedupeKey(ctx.activity);
    const lockKey = this.deps.conversationState.getStorageKey(ctx);
    // The claim and the first try for the hold go out together, in one round trip to Redis.
    const firstTry =
      lockKey === undefined
        ? undefined
        : tryAcquireNow(this.deps.lock, lockKey, this.deps.lockTiming.ttlMs);
    const letGo = async () => {
      if (lockKey !== undefined && firstTry !== undefined) {
        await releaseFirstTry(this.deps.lock, lockKey, firstTry);
      }
    };
    const claim = key === null ? true : this.deps.dedupe.claim(key);
    // The turn's reads go out with the first try for the hold, in the same round trip; they
    // are made again if that try does not get the hold.
    const early = firstTry === undefined ? undefined : this.readTurnState(ctx);
    // So does the channel's count against the conversation's limit (turnAdmission.ts).
    const admission = refusalOf(ctx);
    let claimed: boolean;
    let refusal: Refusal;
    try {
      [claimed, refusal] = await Promise.all([claim, admission]);
    } catch (err) {
      await letGo();
      throw err;
    }
    if (refusal !== null) {
      // Over the limit: nothing ran, so nothing is kept; the channel answers 429.
      await Promise.all([
        letGo(),
        key !== null && claimed ? this.deps.dedupe.release(key).catch(() => undefined) : undefined,
      ]);
      return;
    }
    if (!claimed) {
      await letGo();
      this.deps.logger.info(
        { activityId: ctx.activity.id, channelId: ctx.activity.channelId },
        'activity already taken in: re-send acknowledged and ignored',
      );
      return;
    }
    try {
      await this.runHoldingConversation(ctx, lockKey, firstTry, early);
    } catch (err) {
      if (key !== null) await this.deps.dedupe.release(key).catch(() => undefined);
      if (!(err instanceof ConversationBusyError)) throw err;
      // Not a failure of the bot: the person is told to send it again, and nothing was changed.
      this.deps.logger.warn(
        { code: err.code, activityId: ctx.activity.id, channelId: ctx.activity.channelId },
        'conversation busy: turn not run',
      );
      // Not holding the conversation, its state is not read: the message and the locale decide.
      const lang = conversationLang(
        ctx.activity.text ?? '',
        null,
        langOfLocale(ctx.activity.locale),
      );
      await ctx.sendActivity(messages(lang).busy);
      markTurnNotRun(ctx, err);
    }
  }

  /**
   * The turn and its state saves, holding the conversation: a second message of the same
   * conversation, on this instance or another, waits until this one has saved.
   *
   * Redis round trips are few: what the turn reads (both states, the handoff case) goes out with
   * the first try for the hold, and the conversation's state write both checks the hold and lets
   * go of it, beside the user's state write (RedisConversationLock). The user's state is the
   * person's, not the conversation's, so it is written whether or not the hold still holds.
   */
  private async runHoldingConversation(
    ctx: TurnContext,
    key: string | undefined,
    firstTry: FirstTry | undefined,
    early: Promise<ReadOutcome> | undefined,
  ): Promise<void> {
    const { conversationState, userState, lock } = this.deps;
    const saveBoth = () =>
      Promise.all([conversationState.saveChanges(ctx, false), userState.saveChanges(ctx, false)]);
    if (key === undefined) {
      await this.readTurnState(ctx).then(throwIfFailed);
      await this.dispatch(ctx);
      await saveBoth();
      return;
    }
    const turn = async (confirm: ConfirmHold, hold: Hold) => {
      if (hold.fromFirstTry && early !== undefined) {
        throwIfFailed(await early);
      } else {
        // Reads made before the hold was ours are settled first, then made again.
        await early;
        throwIfFailed(await this.readTurnState(ctx));
      }
      await this.dispatch(ctx);
      if (!lock.releasedByStateWrite) {
        await confirm();
        await saveBoth();
        return;
      }
      const state = conversationState.get(ctx) ?? (await conversationState.load(ctx));
      state[HOLD_TOKEN_FIELD] = hold.token;
      try {
        await Promise.all([
          // Written even when unchanged: the write is what lets go of the hold.
          conversationState.saveChanges(ctx, true),
          userState.saveChanges(ctx, false),
        ]);
        hold.letGo();
      } finally {
        delete state[HOLD_TOKEN_FIELD];
      }
    };
    return withConversationLock(this.deps, key, this.deps.lockTiming, turn, firstTry);
  }

  /** Both states and the handoff case, read at once; the outcome kept, not thrown, meanwhile. */
  private readTurnState(ctx: TurnContext): Promise<ReadOutcome> {
    return Promise.all([
      this.deps.conversationState.load(ctx, true),
      this.deps.userState.load(ctx, true),
      ctx.activity.type === ActivityTypes.Message ? this.deps.handoff.prefetch(ctx) : undefined,
    ]).then(
      () => ({ ok: true }),
      (error: unknown) => ({ error }),
    );
  }
}

type ReadOutcome = { ok: true } | { error: unknown };

function throwIfFailed(outcome: ReadOutcome): void {
  if ('error' in outcome) throw outcome.error;
}

/**
 * Activity ids are unique within a conversation; a re-send carries the same one. Direct Line
 * mints its ids and runs a turn again only when its client retries a failed one (its store
 * keeps that exactly once), so its activities are not claimed here.
 */
function dedupeKey(activity: Partial<Activity>): string | null {
  if (activity.serviceUrl === DIRECT_LINE_SERVICE_URL) return null;
  const id = activity.id;
  const conversation = activity.conversation?.id;
  if (!id || !conversation) return null;
  const key = `${activity.channelId ?? ''}\n${conversation}\n${id}`;
  // Teams sends an edit or a deletion with the id of the message it changes: not a re-send.
  return activity.type === 'message' ? key : `${key}\n${activity.type ?? ''}`;
}

/**
 * Remembers which card's question this turn leaves open: the last card it sent, or none when it
 * sent messages but no card (a card already answered must not answer the next question).
 */
function keepOpenCard(ctx: TurnContext, session: SessionData): void {
  let cardSent = false;
  ctx.onSendActivities(async (_ctx, activities, nextSend) => {
    const cards = cardIdsIn(activities);
    if (cards.length > 0) {
      session.openCard = cards.at(-1);
      cardSent = true;
    } else if (!cardSent && activities.some((a) => a.type === ActivityTypes.Message)) {
      session.openCard = undefined;
    }
    return nextSend();
  });
}

/**
 * Teams: once, when the bot itself is added (installed in a chat or team), not for every person
 * who later joins a team. Elsewhere: when someone other than the bot joins.
 */
function shouldGreet(activity: Partial<Activity>): boolean {
  const members = activity.membersAdded ?? [];
  const botId = activity.recipient?.id;
  return isTeams(activity)
    ? members.some((m) => m.id === botId)
    : members.some((m) => m.id !== botId);
}
