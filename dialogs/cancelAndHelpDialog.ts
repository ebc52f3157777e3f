import {
  ComponentDialog,
  DialogTurnStatus,
  type DialogContext,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { matchCommand, type Command } from './choices';
import { dangerInAnswer } from './danger';
import { handleEmergency, handleHumanRequest } from './escalation';
import { messages } from './messages';
import { getSession, type DialogServices } from './services';

/**
 * Base of every dialog: before a step sees the message, emergencies, "help", "cancel" and
 * "human" are handled, wherever the conversation is. Mid-dialog a message answers one of the
 * bot's questions, so it gets the narrow danger check only; a description typed into the intake
 * is classified in full by the intake's own classify step.
 */
export abstract class CancelAndHelpDialog<O extends object = object> extends ComponentDialog<O> {
  protected constructor(
    id: string,
    protected readonly services: DialogServices,
  ) {
    super(id);
  }

  override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return (await this.interrupt(innerDc)) ?? super.onContinueDialog(innerDc);
  }

  /** Whether the question being asked takes this command's words as its answer instead. */
  protected takesAsAnswer(_innerDc: DialogContext, _command: Command): boolean {
    return false;
  }

  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const ctx = innerDc.context;
    const text = ctx.activity.text?.trim() ?? '';
    if (ctx.activity.type !== 'message' || text === '') return undefined;
    const session = await getSession(this.services, ctx);
    const m = messages(session.lang);

    const danger = dangerInAnswer(this.services, text);
    if (danger !== null) {
      await handleEmergency(this.services, ctx, danger.kind);
      return innerDc.cancelAllDialogs();
    }
    const command = matchCommand(text);
    if (command !== null && this.takesAsAnswer(innerDc, command)) return undefined;
    switch (command) {
      case 'help':
        await ctx.sendActivity(m.help);
        await ctx.sendActivity(m.helpResume);
        await innerDc.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      case 'cancel':
        session.intake = undefined;
        await ctx.sendActivity(m.cancelled);
        return innerDc.cancelAllDialogs();
      case 'human':
        await handleHumanRequest(this.services, ctx);
        return innerDc.cancelAllDialogs();
      default:
        return undefined;
    }
  }
}
