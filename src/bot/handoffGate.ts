import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { conversationKey } from '../../dialogs/conversation';
import { ESCALATED_THIS_TURN, WAITING_FOR_STAFF } from '../../dialogs/escalation';
import type { SessionData } from '../../dialogs/session';
import { handoffNotices } from '../handoff/notices';
import type { HandoffService } from '../handoff/service';
import type { HandoffRequest, TranscriptEntry } from '../handoff/types';
import type { Clock } from '../core/clock';
import type { Logger } from '../log';
import { maskIdCardNumbers } from '../validation/idCard';
import { DEFAULT_AREA_CODE, maskPhone, parsePhoneAnswer } from '../validation/phone';

/** Where `prefetch` leaves the handoff case it started reading. */
const PREFETCHED = Symbol('handoffCasePrefetched');
type CaseRead = ReturnType<HandoffService['get']>;

function isCaseRead(value: unknown): value is CaseRead {
  return value instanceof Promise;
}

/** Lines of the conversation kept in its state until it is escalated. */
const RECENT_LINES = 12;
/** A waiting person asking after the queue: answered with their place, not with a new request. */
const ASKS_AFTER_QUEUE =
  /有人吗|有没有人|人呢|还要等|等了|多久|怎么还没|人工|客服|转人工|anyone there|how long|still waiting|agent|human/i;

/**
 * Before the dialogs: a conversation that duty staff own goes to them and the bot says nothing;
 * one that waits for them keeps its transcript, and a question after the queue is answered with
 * the person's place. Every other conversation keeps its last lines in state, so staff see what
 * was said before the escalation.
 */
export class HandoffGate {
  constructor(
    private readonly handoff: HandoffService,
    private readonly session: StatePropertyAccessor<SessionData>,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** A time as the person reads it (the hotline's zone and calendar). */
    private readonly formatTime: (date: Date, lang: 'zh' | 'en') => string,
    private readonly defaultAreaCode: string = DEFAULT_AREA_CODE,
  ) {}

  /**
   * Starts reading the conversation's handoff case now, so the read shares a round trip with the
   * turn's state reads; `intercept` later in the turn takes it from there.
   */
  async prefetch(ctx: TurnContext): Promise<void> {
    const read = this.handoff.get(conversationKey(ctx.activity));
    ctx.turnState.set(PREFETCHED, read);
    // Its failure is the turn's when intercept awaits it; until then it is not unhandled.
    await read.catch(() => undefined);
  }

  /** True when the turn is done (the message went to staff, or the person was told their place). */
  async intercept(ctx: TurnContext, lang: 'zh' | 'en'): Promise<boolean> {
    const key = conversationKey(ctx.activity);
    const text = maskIdCardNumbers((ctx.activity.text ?? '').trim());
    const prefetched: unknown = ctx.turnState.get(PREFETCHED);
    ctx.turnState.delete(PREFETCHED);
    const found = await (isCaseRead(prefetched) ? prefetched : this.handoff.get(key));
    if (found?.status === 'claimed') {
      await this.handoff.personSaid(key, text);
      return true;
    }
    if (found?.status === 'waiting') {
      await this.handoff.personSaid(key, text);
      this.recordBotReplies(ctx, (line) => this.handoff.botSaid(key, line));
      if (await this.tookCallbackPhone(ctx, found.request, text, lang)) return true;
      if (!ASKS_AFTER_QUEUE.test(text)) {
        // Queued for staff to pick up in the chat: what the person writes is for them. (Promised
        // a call-back instead, the person may file a new request meanwhile.)
        if (found.request.callback === null) ctx.turnState.set(WAITING_FOR_STAFF, true);
        return false;
      }
      const position = await this.handoff.position(key);
      if (position === null) return false;
      const { online, flags } = await this.handoff.availability();
      const { callback } = found.request;
      // Nobody to answer live: the call-back time the person was given, not a queue estimate;
      // once it has passed, an apology, not the same time again as if it were still to come.
      const notices = handoffNotices[lang];
      const by = callback === null ? null : new Date(callback.by);
      const late = by !== null && by.getTime() <= this.clock.now().getTime();
      await ctx.sendActivity(
        flags.staffAvailable
          ? notices.stillWaiting(position, this.handoff.waitMinutes(position, online))
          : by !== null && callback !== null
            ? (late ? notices.callbackLate : notices.callbackPending)(
                this.formatTime(by, lang),
                callback.phone !== null,
              )
            : notices.waitingNobodyOnline(position),
      );
      return true;
    }
    const session = await this.session.get(ctx, { lang });
    const at = this.clock.now().toISOString();
    remember(session, { at, from: 'person', text });
    this.recordBotReplies(ctx, async (line) => {
      if (ctx.turnState.get(ESCALATED_THIS_TURN) === true) await this.handoff.botSaid(key, line);
      else remember(session, { at: this.clock.now().toISOString(), from: 'bot', text: line });
    });
    return false;
  }

  /**
   * Promised a call-back in the chat and told "如需电话回电，请直接回复您的手机号码", the person
   * replies with a number: it is the number staff call, not a new request. A number sent while a
   * call-back on another waits replaces it (a mobile after the office landline). Not while the
   * person fills in a new request: the number answers the form.
   */
  private async tookCallbackPhone(
    ctx: TurnContext,
    request: HandoffRequest,
    text: string,
    lang: 'zh' | 'en',
  ): Promise<boolean> {
    if (request.callback === null) return false;
    const phone = parsePhoneAnswer(text, this.defaultAreaCode);
    if (!phone.ok || phone.value === request.callback.phone) return false;
    // A number typed while a new request is being filled in answers its phone question: the
    // filing then names the number to call back on, as the form asked.
    if ((await this.session.get(ctx, { lang })).intake !== undefined) return false;
    await this.handoff.leaveCallbackPhone(request, phone.value);
    const when = this.formatTime(new Date(request.callback.by), lang);
    await ctx.sendActivity(handoffNotices[lang].callbackPhoneNoted(when, maskPhone(phone.value)));
    return true;
  }

  /** The person left the chat (Teams member removed, Direct Line end of conversation). */
  async left(ctx: TurnContext): Promise<void> {
    await this.handoff.personLeft(conversationKey(ctx.activity));
  }

  private recordBotReplies(ctx: TurnContext, record: (line: string) => Promise<void>): void {
    ctx.onSendActivities(async (_ctx, activities, next) => {
      for (const a of activities) {
        if (a.type === 'message' && typeof a.text === 'string' && a.text !== '') {
          await record(a.text).catch((err: unknown) =>
            this.logger.warn({ err }, 'transcript line not kept'),
          );
        }
      }
      return next();
    });
  }
}

function remember(session: SessionData, entry: TranscriptEntry): void {
  session.recent = [...(session.recent ?? []), entry].slice(-RECENT_LINES);
}
