import { MessageFactory, ActionTypes, type Activity, type TurnContext } from 'botbuilder';
import {
  type DialogContext,
  type DialogInstance,
  type DialogTurnResult,
  type PromptValidatorContext,
} from 'botbuilder-dialogs';
import { AskPrompt } from './askPrompt';
import { Waterfall, type Step } from './waterfall';
import { z } from 'zod';
import { TicketNotFoundError } from '../src/core/errors';
import type { Lang } from '../src/nlu/types';
import { DepartmentNames } from '../src/routing/departmentNames';
import { RATINGS, TransitionNotAllowedError, type Rating } from '../src/tickets/lifecycle';
import { RATING_LABELS, ratingActions } from '../src/tickets/ratingWords';
import type { Ticket } from '../src/tickets/ticket';
import { maskIdCardNumbers } from '../src/validation/idCard';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import { isSkip, matchCommand, type Command } from './choices';
import { messages } from './messages';
import { flagDissatisfiedTwice } from './escalation';
import {
  leadingRating,
  parseRateCommand,
  ratingIn,
  whyNotRatable,
  type RateRequest,
} from './rating';
import { enterpriseMessages } from './enterpriseMessages';
import { requesterKey } from './identity';
import { memberOf } from './status';
import { getSession, type DialogServices } from './services';

export const RATING_DIALOG = 'ratingDialog';
const WATERFALL = 'ratingWaterfall';
const RATING_PROMPT = 'ratingChoice';
const COMMENT_PROMPT = 'ratingComment';
const MAX_ATTEMPTS = 3;
/** Where the dialog's instance keeps the ticket it rates, for ticketBeingRated. */
const RATED_TICKET = 'ratedTicket';
/** A comment is a sentence or two, not a second request. */
const COMMENT_MAX_CHARS = 500;

/**
 * 满意度评价: the person who filed a ticket rates its answer (satisfied, basically satisfied,
 * dissatisfied), from the buttons under the reply or later by ticket number. After
 * "dissatisfied" one short, skippable question asks what is still not solved. Someone else's
 * ticket gets the same answer as an unknown one.
 */
export class RatingDialog extends CancelAndHelpDialog {
  constructor(
    services: DialogServices,
    private readonly ticketPrefix: string,
  ) {
    super(RATING_DIALOG, services);
    this.addDialog(
      new AskPrompt(RATING_PROMPT, services, {
        // Whether it reads as a rating at all; a button of another ticket does not get here
        // (MainDialog rates that ticket instead), and ratingStep checks the ticket again.
        validator: async (pc: PromptValidatorContext<string>) =>
          ratingIn(pc.recognized.value ?? '', this.ticketPrefix) !== null ||
          pc.attemptCount >= MAX_ATTEMPTS,
      }),
    )
      .addDialog(
        new AskPrompt(COMMENT_PROMPT, services, {
          // The rating button tapped again (a double tap) is not what is unsolved: ask again.
          validator: async (pc: PromptValidatorContext<string>) =>
            !this.isRateCommand(pc.recognized.value ?? '') || pc.attemptCount >= MAX_ATTEMPTS,
        }),
      )
      .addDialog(
        new Waterfall(WATERFALL, [
          this.ticketStep.bind(this),
          this.ratingStep.bind(this),
          this.commentStep.bind(this),
        ]),
      );
    this.initialDialogId = WATERFALL;
  }

  override async beginDialog(outerDc: DialogContext, options?: object): Promise<DialogTurnResult> {
    const instance = outerDc.activeDialog;
    if (instance !== undefined) instance.state[RATED_TICKET] = readRequest(options).ticketId;
    return super.beginDialog(outerDc, options);
  }

  /**
   * "取消" or "不用了" to "what is not solved?" means no comment, not dropping the rating; "还没
   * 处理" there is what is not solved (the 不满意 already sent the ticket back), not an urge.
   */
  protected override takesAsAnswer(innerDc: DialogContext, command: Command): boolean {
    return (
      (command === 'cancel' || command === 'urge') && innerDc.activeDialog?.id === COMMENT_PROMPT
    );
  }

  private async ticketStep(step: Step): Promise<DialogTurnResult> {
    const request = readRequest(step.options);
    const lang = await this.lang(step.context);
    const m = messages(lang);
    const view = await this.services.tickets.findForRequester(
      request.ticketId,
      requesterKey(step.context),
    );
    if (view === null) {
      // A colleague's ticket, which 我的工单 lists: whose it is, not "not found".
      const shared = await this.services.tickets.findForMember(
        request.ticketId,
        await memberOf(this.services, step.context),
      );
      await step.context.sendActivity(
        shared === null
          ? m.statusNotFound(request.ticketId)
          : enterpriseMessages(lang).colleagueRating(request.ticketId),
      );
      return step.endDialog();
    }
    const why = whyNotRatable(view.ticket, lang);
    if (why !== null) {
      await step.context.sendActivity(why);
      return step.endDialog();
    }
    if (request.rating !== null) return step.next(request.rating);
    const ask = this.withRatings(m.askRating(request.ticketId), request.ticketId, lang);
    const retry = this.withRatings(m.retryRating, request.ticketId, lang);
    return step.prompt(RATING_PROMPT, { prompt: ask, retryPrompt: retry });
  }

  private async ratingStep(step: Step): Promise<DialogTurnResult> {
    const { ticketId } = readRequest(step.options);
    // The rating given with the command, or the answer to the question: both are text.
    const rating =
      typeof step.result === 'string' ? ratingIn(step.result, this.ticketPrefix, ticketId) : null;
    const lang = await this.lang(step.context);
    const m = messages(lang);
    if (rating === null) {
      await step.context.sendActivity(m.ratingNotUnderstood(ticketId));
      return step.endDialog();
    }
    // Recorded before anything else is asked, so nothing that interrupts the question below
    // (人工, an emergency, a new request) can lose it.
    const { said, recorded } = await this.record(step.context, lang, ticketId, rating);
    await step.context.sendActivity(said);
    if (!recorded || rating !== 'dissatisfied') return step.endDialog();
    // "不满意，根本没修好": what is not solved, said with the rating, is not asked for again.
    const given =
      readRequest(step.options).comment ??
      (typeof step.result === 'string' ? (leadingRating(step.result)?.rest ?? null) : null);
    if (given !== null) return this.saveComment(step, ticketId, given);
    const ask = MessageFactory.suggestedActions([m.skip], m.askComment);
    return step.prompt(COMMENT_PROMPT, { prompt: ask });
  }

  private async commentStep(step: Step): Promise<DialogTurnResult> {
    const { ticketId } = readRequest(step.options);
    const said = typeof step.result === 'string' ? step.result : '';
    return this.saveComment(step, ticketId, this.isRateCommand(said) ? '' : said);
  }

  /** What is still not solved, on the ticket for the department; nothing when skipped. */
  private async saveComment(step: Step, ticketId: string, said: string): Promise<DialogTurnResult> {
    const comment = commentOf(said);
    const ctx = step.context;
    const m = messages(await this.lang(ctx));
    if (comment === undefined) {
      await ctx.sendActivity(m.commentSkipped);
      return step.endDialog();
    }
    const ticket = await this.services.tickets.addRequesterComment(
      ticketId,
      requesterKey(ctx),
      comment,
    );
    // After a second "dissatisfied" a supervisor decides who handles it, not the department.
    await ctx.sendActivity(
      ticket.status === 'coordination'
        ? m.commentForCoordination(ticketId)
        : m.commentRecorded(ticketId),
    );
    return step.endDialog();
  }

  /** Records the rating and says what follows from it; a change in between is explained. */
  private async record(
    ctx: TurnContext,
    lang: Lang,
    ticketId: string,
    rating: Rating,
  ): Promise<{ said: string; recorded: boolean }> {
    const m = messages(lang);
    const actor = { role: 'requester' as const, id: requesterKey(ctx) };
    try {
      const { ticket } = await this.services.tickets.act(ticketId, { type: 'rate', rating }, actor);
      if (ticket.status === 'coordination' && rating === 'dissatisfied') {
        await flagDissatisfiedTwice(this.services, ctx, ticket.id);
      }
      return { said: this.outcome(lang, ticket, rating), recorded: true };
    } catch (err) {
      if (err instanceof TicketNotFoundError) {
        return { said: m.statusNotFound(ticketId), recorded: false };
      }
      if (!(err instanceof TransitionNotAllowedError)) throw err;
      const view = await this.services.tickets.findForRequester(ticketId, actor.id);
      const why = (view && whyNotRatable(view.ticket, lang)) ?? m.statusNotFound(ticketId);
      return { said: why, recorded: false };
    }
  }

  /** What the rating did, as the lifecycle decided it: rated, reopened, or to a supervisor. */
  private outcome(lang: Lang, ticket: Ticket, rating: Rating): string {
    const m = messages(lang);
    if (ticket.status === 'coordination') return m.escalated(ticket.id);
    if (ticket.status === 'in_progress') {
      const lead = ticket.leadDepartment ?? '';
      return m.reopened(ticket.id, new DepartmentNames(this.services.departments).name(lead, lang));
    }
    return m.rated(ticket.id, RATING_LABELS[lang][rating]);
  }

  private withRatings(text: string, ticketId: string, lang: Lang): Partial<Activity> {
    return MessageFactory.suggestedActions(
      ratingActions(ticketId, lang).map((a) => ({
        type: ActionTypes.ImBack,
        title: a.title,
        value: a.value,
      })),
      text,
    );
  }

  private isRateCommand(text: string): boolean {
    return parseRateCommand(text, this.ticketPrefix) !== null;
  }

  private async lang(ctx: TurnContext): Promise<Lang> {
    return (await getSession(this.services, ctx)).lang;
  }
}

/** The person's words on what is not solved; none when they skip it. */
function commentOf(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || isSkip(trimmed) || matchCommand(trimmed) === 'cancel') return undefined;
  return maskIdCardNumbers(trimmed.slice(0, COMMENT_MAX_CHARS));
}

const RateRequestSchema = z.object({
  ticketId: z.string().min(1),
  rating: z.enum(RATINGS).nullable(),
  comment: z.string().nullable().optional(),
});

function readRequest(options: unknown): RateRequest {
  return RateRequestSchema.parse(options);
}

/** The ticket an open RatingDialog asks about; null when `instance` is not a RatingDialog. */
export function ticketBeingRated(instance: DialogInstance | undefined): string | null {
  if (instance?.id !== RATING_DIALOG) return null;
  const ticketId: unknown = instance.state?.[RATED_TICKET];
  return typeof ticketId === 'string' ? ticketId : null;
}
