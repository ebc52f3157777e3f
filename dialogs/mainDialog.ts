import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  WaterfallDialog,
  type DialogState,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { findTicketId } from '../src/tickets/ticketId';
import { maskIdCardNumbers } from '../src/validation/idCard';
import { matchCommand } from './choices';
import { handleEmergency, handleHumanRequest } from './escalation';
import { INTAKE_DIALOG, IntakeDialog } from './intakeDialog';
import { messages } from './messages';
import { detectLang } from './session';
import { getSession, type DialogServices } from './services';
import { STATUS_DIALOG, StatusDialog } from './statusDialog';

export const MAIN_DIALOG = 'mainDialog';
const WATERFALL = 'mainWaterfall';

/**
 * Every new message starts here: emergencies first, then conversation intents (greeting,
 * status, help, human...), and everything else is a request for the intake.
 */
export class MainDialog extends ComponentDialog {
  constructor(
    private readonly services: DialogServices,
    ticketPrefix: string,
  ) {
    super(MAIN_DIALOG);
    this.addDialog(new IntakeDialog(services))
      .addDialog(new StatusDialog(services, ticketPrefix))
      .addDialog(
        new WaterfallDialog(WATERFALL, [this.routeStep.bind(this), this.doneStep.bind(this)]),
      );
    this.initialDialogId = WATERFALL;
    this.ticketPrefix = ticketPrefix;
  }

  private readonly ticketPrefix: string;

  /** Runs the dialog stack for one turn (used by the bot; tests use DialogTestClient). */
  async run(ctx: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogSet = new DialogSet(dialogState);
    dialogSet.add(this);
    const dc = await dialogSet.createContext(ctx);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const ctx = step.context;
    const text = (ctx.activity.text ?? '').trim();
    const session = await getSession(this.services, ctx);
    if (text === '') return step.endDialog();
    session.lang = detectLang(text, session.lang);
    const m = messages(session.lang);

    const c = this.services.classifier.classify(text);
    if (c.emergency) {
      await handleEmergency(this.services, ctx, c.emergencyKind);
      return step.endDialog();
    }
    if (findTicketId(text, this.ticketPrefix) !== null) return step.beginDialog(STATUS_DIALOG);

    const intent = matchCommand(text) ?? (text.length <= 30 ? c.meta : null);
    switch (intent) {
      case 'greeting':
        await ctx.sendActivity(m.welcome);
        return step.endDialog();
      case 'help':
        await ctx.sendActivity(m.help);
        return step.endDialog();
      case 'thanks':
        await ctx.sendActivity(m.thanks);
        return step.endDialog();
      case 'rate':
        await ctx.sendActivity(m.rateLater);
        return step.endDialog();
      case 'cancel':
        await ctx.sendActivity(m.nothingToCancel);
        return step.endDialog();
      case 'human':
        await handleHumanRequest(this.services, ctx);
        return step.endDialog();
      case 'status':
        return step.beginDialog(STATUS_DIALOG);
      default: {
        // From here on the request is kept (state, card, ticket): ID numbers only masked.
        const request = maskIdCardNumbers(text);
        session.intake = { text: request, classification: c };
        return step.beginDialog(INTAKE_DIALOG, { text: request });
      }
    }
  }

  private async doneStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog(step.result);
  }
}
