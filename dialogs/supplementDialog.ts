import type { DialogTurnResult } from 'botbuilder-dialogs';
import { z } from 'zod';
import { maskIdCardNumbers } from '../src/validation/idCard';
import { maskPhone } from '../src/validation/phone';
import { AskPrompt } from './askPrompt';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import { isSkip } from './choices';
import { requesterKey } from './identity';
import { messages } from './messages';
import { ticketToSupplement } from './openTicket';
import { getSession, type DialogServices } from './services';
import { Waterfall, type Step } from './waterfall';

export const SUPPLEMENT_DIALOG = 'supplementDialog';
const WATERFALL = 'supplementWaterfall';
const DETAILS_PROMPT = 'supplementDetails';
/** A supplement is details for the department, not a new request of its own. */
const DETAILS_MAX_CHARS = 2000;

const SupplementOptionsSchema = z.object({
  /** The ticket named ("补充 QD…"); null: the person's newest ticket still being handled. */
  ticketId: z.string().nullable(),
  /** What to add, when the message brought it ("补充一下，…"); null: it is asked. */
  details: z.string().nullable(),
  /** A new phone number the message gave ("我的电话换了，新号码…"): it becomes the ticket's. */
  phone: z.string().nullable().default(null),
});
export type SupplementOptions = z.input<typeof SupplementOptionsSchema>;
/** The ticket the first step found, kept in the waterfall's values for the second. */
const TicketIdSchema = z.string().min(1);

/**
 * 补充: "我想补充一下刚才的问题" adds the person's words to a ticket already filed (its history,
 * which the department reads), instead of being taken for a new request and a department guess.
 */
export class SupplementDialog extends CancelAndHelpDialog<SupplementOptions> {
  constructor(services: DialogServices) {
    super(SUPPLEMENT_DIALOG, services);
    this.addDialog(new AskPrompt(DETAILS_PROMPT, services)).addDialog(
      new Waterfall(WATERFALL, [this.detailsStep.bind(this), this.recordStep.bind(this)]),
    );
    this.initialDialogId = WATERFALL;
  }

  private async detailsStep(step: Step): Promise<DialogTurnResult> {
    const options = SupplementOptionsSchema.parse(step.options);
    const m = messages((await getSession(this.services, step.context)).lang);
    const found = await ticketToSupplement(this.services, step.context, options.ticketId);
    if (found.ticket === null) {
      await step.context.sendActivity(
        found.closed !== null
          ? m.supplementClosed(found.closed)
          : options.ticketId !== null
            ? m.statusNotFound(options.ticketId)
            : m.supplementNone,
      );
      return step.endDialog();
    }
    step.values.ticketId = found.ticket.id;
    if (options.phone !== null) return this.changePhone(step, found.ticket.id, options.phone);
    if (options.details !== null) return step.next(options.details);
    return step.prompt(DETAILS_PROMPT, { prompt: m.askSupplement(found.ticket.id) });
  }

  /**
   * The ticket's requester phone is what departments call back on: the new number replaces it
   * there (its history says so, masked), not only in a note beside the old one.
   */
  private async changePhone(
    step: Step,
    ticketId: string,
    phone: string,
  ): Promise<DialogTurnResult> {
    const m = messages((await getSession(this.services, step.context)).lang);
    await this.services.tickets.changeRequesterPhone(ticketId, requesterKey(step.context), phone);
    await step.context.sendActivity(m.phoneChanged(ticketId, maskPhone(phone)));
    return step.endDialog();
  }

  private async recordStep(step: Step): Promise<DialogTurnResult> {
    const ticketId = TicketIdSchema.parse(step.values.ticketId);
    const said = typeof step.result === 'string' ? step.result.trim() : '';
    const m = messages((await getSession(this.services, step.context)).lang);
    if (said === '' || isSkip(said)) {
      await step.context.sendActivity(m.supplementSkipped(ticketId));
      return step.endDialog();
    }
    const details = maskIdCardNumbers(said.slice(0, DETAILS_MAX_CHARS));
    await this.services.tickets.addRequesterComment(
      ticketId,
      requesterKey(step.context),
      details,
      'supplement',
    );
    await step.context.sendActivity(m.supplementRecorded(ticketId));
    return step.endDialog();
  }
}
