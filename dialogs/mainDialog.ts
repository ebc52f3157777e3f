import {
  MessageFactory,
  type Activity,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import {
  DialogSet,
  DialogTurnStatus,
  type DialogContext,
  type DialogStateManagerConfiguration,
  type DialogState,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { LeanComponentDialog } from './componentDialog';
import {
  leanDialogContext,
  skipActivityReceived,
  STATE_MANAGER_CONFIGURATION,
} from './leanContext';
import { Waterfall, type Step } from './waterfall';
import { AskPrompt } from './askPrompt';
import { conversationKey } from './conversation';
import type { Lang } from '../src/nlu/types';
import { messageLength } from '../src/nlu/language';
import { requestOpening } from '../src/nlu/opening';
import { findTicketId } from '../src/tickets/ticketId';
import { maskIdCardNumbers } from '../src/validation/idCard';
import { findPhone } from '../src/validation/phone';
import {
  asksForPerson,
  asksIfBot,
  asksToSupplement,
  changesPhone,
  isSkip,
  supplementDetails,
  asksOnlyForPerson,
  matchCommand,
  matchOption,
  pressesForAnswer,
  saysGoodbye,
  yesNo,
} from './choices';
import { ENTERPRISE_DIALOG, EnterpriseDialog, isEnterpriseCorrection } from './enterpriseDialog';
import { handleEmergency, WAITING_FOR_STAFF } from './escalation';
import { isConfirmation } from './intake/confirmDialog';
import { readLocation } from './intake/form';
import { INTAKE_DIALOG, IntakeDialog, type IntakeOptions } from './intake/intakeDialog';
import { answerCommand, asksToUrge, onlyAttachments } from './interrupts';
import { answerHours, asksAboutHours, asksHowAnswered } from './hoursQuestion';
import { languageAskedAbout } from './languageQuestion';
import { separateMatters } from './matters';
import { typeOf } from './intake/requesterDialog';
import { messages } from './messages';
import { requesterKey } from './identity';
import { leadingRating, parseRateCommand } from './rating';
import { RATING_DIALOG, RatingDialog, ticketBeingRated } from './ratingDialog';
import type { IntakeState, SessionData } from './session';
import { getProfile, getSession, type DialogServices } from './services';
import { urgeOpenTicket } from './urge';
import { ticketToSupplement } from './openTicket';
import { SUPPLEMENT_DIALOG, SupplementDialog, type SupplementOptions } from './supplementDialog';
import { requestText } from './turnText';
import { SAFETY_CHECK_DIALOG, SafetyCheckDialog } from './safetyCheck';

export const MAIN_DIALOG = 'mainDialog';
const WATERFALL = 'mainWaterfall';
const MATTERS_LEFT_PROMPT = 'mainMattersLeft';
/** How long after filing a repeated confirmation is taken for the same summary. */
/** Longest message (src/nlu/language.ts messageLength) read for a meta-intent such as 人工 or 查询. */
const META_MAX_LENGTH = 30;
const REPEATED_CONFIRMATION_MS = 10 * 60 * 1000;
/**
 * Every new message starts here: emergencies first, then conversation intents (greeting,
 * status, help, human...), and everything else is a request for the intake.
 */
export class MainDialog extends LeanComponentDialog {
  constructor(
    private readonly services: DialogServices,
    ticketPrefix: string,
  ) {
    super(MAIN_DIALOG);
    this.addDialog(new IntakeDialog(services))
      .addDialog(new RatingDialog(services, ticketPrefix))
      .addDialog(new EnterpriseDialog(services))
      .addDialog(new SafetyCheckDialog(services))
      .addDialog(new SupplementDialog(services))
      .addDialog(
        new AskPrompt(MATTERS_LEFT_PROMPT, services, {
          question: (_ctx, lang, left) => mattersLeftQuestion(lang, left),
        }),
      )
      .addDialog(
        new Waterfall(WATERFALL, [
          this.routeStep.bind(this),
          this.nextMatterStep.bind(this),
          this.mattersLeftStep.bind(this),
        ]),
      );
    this.initialDialogId = WATERFALL;
    this.ticketPrefix = ticketPrefix;
  }

  private readonly ticketPrefix: string;

  /** Runs the dialog stack for one turn, as the bot does (most dialog tests use DialogTestClient). */
  async run(ctx: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    const dc = await this.turnContext(ctx, dialogState);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  /**
   * Says `intro` and asks the open question again, without reading this turn as its answer (an
   * old card pressed); false, with nothing sent, when no question is open.
   */
  async reprompt(
    ctx: TurnContext,
    dialogState: StatePropertyAccessor<DialogState>,
    intro: string,
  ): Promise<boolean> {
    const dc = await this.turnContext(ctx, dialogState);
    if (dc.activeDialog === undefined) return false;
    await ctx.sendActivity(intro);
    await dc.repromptDialog();
    return true;
  }

  private async turnContext(
    ctx: TurnContext,
    dialogState: StatePropertyAccessor<DialogState>,
  ): Promise<DialogContext> {
    let dialogSet = this.dialogSets.get(dialogState);
    if (dialogSet === undefined) {
      dialogSet = new DialogSet(dialogState).add(this);
      this.dialogSets.set(dialogState, dialogSet);
    }
    if (this.stateConfiguration !== undefined) {
      ctx.turnState.set(STATE_MANAGER_CONFIGURATION, this.stateConfiguration);
    }
    skipActivityReceived(ctx);
    const dc = leanDialogContext(dialogSet, ctx, await dialogState.get(ctx, { dialogStack: [] }));
    this.stateConfiguration ??= dc.state.configuration;
    return dc;
  }

  /** The dialog set of each state property the dialogs run on: the same every turn. */
  private readonly dialogSets = new WeakMap<StatePropertyAccessor<DialogState>, DialogSet>();

  /**
   * The memory scopes and path resolvers of the dialogs' state manager. botbuilder-dialogs makes
   * them anew for the first dialog context of every turn unless the turn already has them (under
   * this key, which it reads); they hold nothing of a turn, so the first turn's serve them all.
   */
  private stateConfiguration: DialogStateManagerConfiguration | undefined;

  /**
   * A rating button tapped while another question is open (the notice arrived in the middle of a
   * new request) is a rating: it is taken on top, and the open question is asked again after.
   * While a rating is open, a button of the same ticket answers it; a button of another ticket
   * (each reply notice brings its own) drops that question and rates the ticket it names.
   */
  override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const { activity } = innerDc.context;
    const rate =
      activity.type === 'message' ? parseRateCommand(activity.text ?? '', this.ticketPrefix) : null;
    if (rate !== null) {
      const open = innerDc.activeDialog;
      if (open?.id !== RATING_DIALOG) return innerDc.beginDialog(RATING_DIALOG, rate);
      if (ticketBeingRated(open) !== rate.ticketId) {
        return innerDc.replaceDialog(RATING_DIALOG, rate);
      }
    }
    return super.onContinueDialog(innerDc);
  }

  private async routeStep(step: Step): Promise<DialogTurnResult> {
    const ctx = step.context;
    const text = (ctx.activity.text ?? '').trim();
    const session = await getSession(this.services, ctx);
    const m = messages(session.lang);
    const matter = NextMatterSchema.safeParse(step.options);
    if (matter.success) {
      // The next matter of a message that raised several: its own intake, its own ticket.
      const { matter: next, where } = matter.data;
      return step.beginDialog(INTAKE_DIALOG, {
        text: next,
        classification: this.services.classifier.classify(next),
        ...(where !== undefined ? { where } : {}),
      } satisfies IntakeOptions);
    }
    // A new message: matters left from an earlier one are not filed behind the person's back.
    session.matters = undefined;
    if (text === '') {
      // A photo, a voice message or a file alone (Teams lets people paste them): said, not ignored.
      if (onlyAttachments(ctx.activity)) await ctx.sendActivity(m.attachmentUnread);
      return step.endDialog();
    }

    const c = this.services.classifier.classify(text);
    if (c.emergency) {
      await handleEmergency(this.services, ctx, c.emergencyKind);
      return step.endDialog();
    }
    const rate = parseRateCommand(text, this.ticketPrefix);
    if (rate !== null) return step.beginDialog(RATING_DIALOG, rate);
    if (asksToUrge(text, this.ticketPrefix)) {
      return answerCommand(this.services, step.dc, 'urge', 'start');
    }
    const supplement = await this.supplement(ctx, text);
    if (supplement !== null) return step.beginDialog(SUPPLEMENT_DIALOG, supplement);
    if (findTicketId(text, this.ticketPrefix) !== null) {
      return answerCommand(this.services, step.dc, 'status', 'start');
    }
    const filed = this.recentlyFiled(session);
    if (filed !== null && isConfirmation(text)) {
      // A second press of 确认提交 (a double click, a retry) arriving after the summary was filed.
      await ctx.sendActivity(m.alreadyFiled(filed));
      return step.endDialog();
    }

    if (isEnterpriseCorrection(text)) return step.beginDialog(ENTERPRISE_DIALOG);
    const asked = languageAskedAbout(text);
    if (asked !== null) {
      // "Can I write in English?": yes, answered in that language, which replies keep from here.
      session.lang = asked;
      await ctx.sendActivity(messages(asked).languagesRead);
      return step.endDialog();
    }
    if (asksIfBot(text)) {
      // "你是机器人吗" asks who answers; the person decides whether they want a person.
      await ctx.sendActivity(m.botAnswers);
      return step.endDialog();
    }
    if (asksHowAnswered(text)) {
      await ctx.sendActivity(m.howAnswered);
      return step.endDialog();
    }
    if (asksAboutHours(text)) {
      // "你们几点上班", "多久能答复": answered from the configured hours, not filed as a request.
      await answerHours(this.services, ctx, false);
      return step.endDialog();
    }
    const command = matchCommand(text);
    if (command === null && this.isStrayAnswer(text)) {
      // "市民", "跳过", "市南区" with no question open (a late answer, a button pressed twice):
      // no request to file; a junk ticket "市民" would reach a department.
      await ctx.sendActivity(m.strayAnswer);
      return step.endDialog();
    }
    const opening = command === null ? requestOpening(text) : null;
    if (opening !== null && ctx.turnState.get(WAITING_FOR_STAFF) === true) {
      await ctx.sendActivity(m.passedToWaitingStaff);
      return step.endDialog();
    }
    if (opening !== null) {
      // "投诉", "我有个问题": a request whose content comes next; never cancel or status.
      session.lastFiled = undefined;
      return step.beginDialog(INTAKE_DIALOG, { opening: opening.hint } satisfies IntakeOptions);
    }
    // Short messages only: a long one that mentions a person or a ticket is a request.
    const meta = messageLength(text) <= META_MAX_LENGTH ? c.meta : null;
    // "怎么还没人来修啊 快点吧" reads to the model as asking after a ticket; it presses for it.
    const intent = command ?? (meta === 'status' && pressesForAnswer(text) ? 'urge' : meta);
    // "满意" typed instead of pressing the button under the answer, or "我要评价" when the buttons
    // never reached the chat: it rates the answer waiting for a rating.
    const rated = leadingRating(text);
    const rating = rated?.rating ?? null;
    if (intent === 'rate' || rating !== null) {
      const answered = await this.answeredUnrated(ctx);
      const [only] = answered;
      if (answered.length === 1 && only !== undefined) {
        // "不满意，根本没修好": the rating, and what is not solved, in one message.
        const comment = rated?.rest ?? null;
        return step.beginDialog(RATING_DIALOG, { ticketId: only, rating, comment });
      }
      if (answered.length > 1) {
        // Two answers waiting: which one "满意" is for is the person's to say, not a guess that
        // would count in the wrong department's assessment.
        await ctx.sendActivity(m.whichToRate(answered));
        return step.endDialog();
      }
    }
    if (command === null && saysGoodbye(text)) {
      await ctx.sendActivity(m.goodbye);
      return step.endDialog();
    }
    switch (intent) {
      case 'greeting':
        await ctx.sendActivity(m.welcome);
        return step.endDialog();
      case 'thanks':
        await ctx.sendActivity(m.thanks);
        return step.endDialog();
      case 'rate': {
        // No answer waits for a rating (one that does was taken above). One answered and then
        // closed unrated (by a supervisor, or the rating period ran out) is not "to come".
        const closed = await this.closedUnrated(ctx);
        await ctx.sendActivity(closed === null ? m.rateLater : m.closedUnrated(closed));
        return step.endDialog();
      }
      case 'help':
      case 'cancel':
      case 'human':
      case 'status':
      case 'urge':
        return answerCommand(this.services, step.dc, intent, 'start');
      default: {
        // Classified on the message as read; filed with what the person wrote (requestText),
        // kept from here on (state, card, ticket) with ID numbers masked.
        session.lastFiled = undefined;
        const request = maskIdCardNumbers(requestText(ctx).trim());
        if (asksOnlyForPerson(text)) {
          // "麻烦给我回个电话": a person takes it; the ask alone is no matter to file.
          return answerCommand(this.services, step.dc, 'human', 'start');
        }
        if (asksForPerson(text)) {
          // A request that asks for a person: what it says is filed, and a person takes it.
          const form: IntakeState = { text: request, classification: c };
          readLocation(this.services, form);
          session.intake = form;
          return answerCommand(this.services, step.dc, 'human', 'start');
        }
        const unplaced = c.department === null || c.confidence < this.services.confidenceThreshold;
        // Short only, as for the meta-intents: a long account that ends "请尽快处理" is a request.
        const presses = messageLength(text) <= META_MAX_LENGTH && pressesForAnswer(text);
        if (unplaced && presses && (await urgeOpenTicket(this.services, ctx))) {
          return step.endDialog();
        }
        if (c.department === null && c.meta === 'status') {
          // A long account of an earlier matter not handled ("上次反映的事情…一个月了没人管"): no
          // new request the model can place. Their open ticket here is urged; one filed elsewhere
          // (by phone, another device) goes to duty staff, who can look any ticket up.
          if (await urgeOpenTicket(this.services, ctx)) return step.endDialog();
          await ctx.sendActivity(m.earlierMatterToStaff);
          session.intake = { text: request, classification: c };
          return answerCommand(this.services, step.dc, 'human', 'start');
        }
        if (ctx.turnState.get(WAITING_FOR_STAFF) === true) {
          // Waiting for duty staff: the request is in their transcript; they take it up, and no
          // form asks questions the person's next words ("好的") would answer by mistake.
          await ctx.sendActivity(m.passedToWaitingStaff);
          return step.endDialog();
        }
        const options = { text: request, classification: c } satisfies IntakeOptions;
        // Likely danger, short of an alarm: asked first, with the numbers to call in the question.
        if (c.emergencyDoubt !== null) return step.beginDialog(SAFETY_CHECK_DIALOG, options);
        const matters = separateMatters(this.services, request);
        if (matters !== null) {
          // "路灯坏了，另外饭店油烟太大": one ticket each, said before the first is asked about.
          const [first, ...rest] = matters;
          if (first !== undefined) {
            session.matters = { rest: rest.map((r) => r.text), next: 2, where: request };
            await ctx.sendActivity(m.severalMatters(matters.map((r) => r.text)));
            return step.beginDialog(INTAKE_DIALOG, {
              ...first,
              where: request,
            } satisfies IntakeOptions);
          }
        }
        return step.beginDialog(INTAKE_DIALOG, options);
      }
    }
  }

  /**
   * "我想补充一下刚才的问题" (or "补充 QD…"): details for a ticket already filed. "补充一下，漏水
   * 越来越严重了" and "我的电话换了，新号码…" add their words to the person's open ticket; without
   * one they are a new request.
   */
  private async supplement(ctx: TurnContext, text: string): Promise<SupplementOptions | null> {
    const ticketId = findTicketId(text, this.ticketPrefix);
    if (asksToSupplement(text, this.ticketPrefix)) return { ticketId, details: null, phone: null };
    const phone = changesPhone(text) ? findPhone(text, this.services.defaultAreaCode) : null;
    const details = phone !== null ? text : supplementDetails(text);
    if (details === null) return null;
    const open = await ticketToSupplement(this.services, ctx, null);
    if (open.ticket === null) return null;
    if (phone !== null) {
      // A new number for the open ticket (its requester phone) and for requests to come.
      const profile = await getProfile(this.services, ctx);
      profile.phone = phone.value;
      profile.phoneDeclined = undefined;
    }
    return { ticketId: open.ticket.id, details, phone: phone?.value ?? null };
  }

  /** An answer to one of the intake's questions, alone: who, a district, or "skip". */
  private isStrayAnswer(text: string): boolean {
    const bare = text
      .normalize('NFKC')
      .trim()
      .replace(/[.。!！,，]+$/u, '')
      .toLowerCase();
    if (isSkip(bare) || typeOf(bare) !== null) return true;
    // "接着登记" pressed twice: the second press finds the offer of the matters left answered.
    const goOn = [messages('zh').mattersGoOn, messages('en').mattersGoOn];
    if (goOn.some((label) => label.toLowerCase() === bare)) return true;
    return this.services.districts
      .all()
      .some((d) => [d.zh, d.en, ...d.aliases].some((name) => name.toLowerCase() === bare));
  }

  /** The person's tickets answered and not rated yet, most recently answered first. */
  private async answeredUnrated(ctx: TurnContext): Promise<string[]> {
    const tickets = await this.services.tickets.listForRequester(requesterKey(ctx), 20);
    return tickets
      .filter((t) => t.status === 'replied')
      .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))
      .map((t) => t.id);
  }

  /** The person's latest ticket when it was closed without a rating; null otherwise. */
  private async closedUnrated(ctx: TurnContext): Promise<string | null> {
    const tickets = await this.services.tickets.listForRequester(requesterKey(ctx), 20);
    const [latest] = [...tickets].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
    return latest?.status === 'closed' && latest.rating === null ? latest.id : null;
  }

  /** The ticket a confirmation filed in this conversation within the last few minutes. */
  private recentlyFiled(session: SessionData): string | null {
    const filed = session.lastFiled;
    if (filed === undefined) return null;
    const age = this.services.clock.now().getTime() - Date.parse(filed.at);
    return age >= 0 && age <= REPEATED_CONFIRMATION_MS ? filed.ticketId : null;
  }

  /**
   * After a matter is filed, the next one the same message raised, if any; else done. A matter
   * cancelled leaves the rest offered, never dropped without a word; one handed to duty staff
   * (or to the emergency advice) leaves them said to be not filed.
   */
  private async nextMatterStep(step: Step): Promise<DialogTurnResult> {
    const session = await getSession(this.services, step.context);
    const matters = session.matters;
    if (matters === undefined || matters.rest.length === 0) {
      session.matters = undefined;
      return step.endDialog(step.result);
    }
    if (FiledSchema.safeParse(step.result).success) return this.fileNextMatter(step, matters);
    const left = { left: matters.rest, next: matters.next } satisfies MattersLeft;
    const queued = await this.services.handoff.position(conversationKey(step.context.activity));
    if (queued !== null) {
      session.matters = undefined;
      await step.context.sendActivity(messages(session.lang).mattersLeftToStaff(left));
      return step.endDialog(step.result);
    }
    return step.prompt(MATTERS_LEFT_PROMPT, { validations: left });
  }

  /**
   * "接着登记" files the next matter; "不用了" drops the rest, saying so; anything else drops them
   * too, with a word, and is read as a new message (a new request, "人工", a ticket number).
   */
  private async mattersLeftStep(step: Step): Promise<DialogTurnResult> {
    const session = await getSession(this.services, step.context);
    const matters = session.matters;
    const answer = typeof step.result === 'string' ? continuesWithMatters(step.result) : null;
    if (matters !== undefined && answer === 'yes') return this.fileNextMatter(step, matters);
    session.matters = undefined;
    const dropped = messages(session.lang).mattersLeftDropped(matters?.rest.length ?? 0);
    if (answer === 'no' || typeof step.result !== 'string') {
      await step.context.sendActivity(dropped);
      return step.endDialog();
    }
    if (this.services.classifier.classify(step.result).emergency) {
      // What to do in an emergency comes before anything else; what was not filed, after it.
      const routed = await step.replaceDialog(WATERFALL);
      await step.context.sendActivity(dropped);
      return routed;
    }
    await step.context.sendActivity(dropped);
    return step.replaceDialog(WATERFALL);
  }

  private async fileNextMatter(
    step: Step,
    matters: NonNullable<SessionData['matters']>,
  ): Promise<DialogTurnResult> {
    const session = await getSession(this.services, step.context);
    const [next, ...rest] = matters.rest;
    if (next === undefined) return step.endDialog();
    session.matters =
      rest.length === 0 ? undefined : { rest, next: matters.next + 1, where: matters.where };
    await step.context.sendActivity(messages(session.lang).nextMatter(matters.next, next));
    return step.replaceDialog(WATERFALL, { matter: next, where: matters.where });
  }
}

/** The matters of a message not filed yet, and the number the first of them was given. */
const MattersLeftSchema = z.object({ left: z.array(z.string()).min(1), next: z.number().int() });
export type MattersLeft = z.infer<typeof MattersLeftSchema>;

function mattersLeftQuestion(lang: Lang, left: unknown): Partial<Activity> {
  const m = messages(lang);
  const parsed = MattersLeftSchema.safeParse(left);
  const text = parsed.success ? m.mattersLeft(parsed.data) : m.mattersLeftAgain;
  return MessageFactory.suggestedActions([m.mattersGoOn, m.mattersStop], text);
}

/** "接着登记" / "不用了" and the natural ways of saying them; null for anything else. */
function continuesWithMatters(text: string): 'yes' | 'no' | null {
  const picked = matchOption(text, [
    {
      value: 'yes',
      label: messages('zh').mattersGoOn,
      synonyms: [
        messages('en').mattersGoOn,
        '继续',
        '接着',
        '继续登记',
        '登记',
        'continue',
        'go on',
      ],
    },
    {
      value: 'no',
      label: messages('zh').mattersStop,
      synonyms: [messages('en').mattersStop, '不用', '算了', '取消', '不登记了', 'cancel'],
    },
  ]);
  return picked ?? yesNo(text);
}

/** How the waterfall restarts for the next matter of a message that raised several. */
const NextMatterSchema = z.object({ matter: z.string().min(1), where: z.string().optional() });
/** What an intake that filed a ticket ends with. */
const FiledSchema = z.object({ ticketId: z.string() });
