import { type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { LeanComponentDialog } from './componentDialog';
import type { Command } from './choices';
import { interruptAnswer } from './interrupts';
import type { DialogServices } from './services';

/**
 * Base of every dialog that asks the person something: before a step sees the answer, an
 * explicit danger, "help", "cancel" and "human" are handled (dialogs/interrupts.ts), wherever
 * the conversation is. A description typed into the intake is classified in full by the
 * intake's own DescribeDialog.
 */
export abstract class CancelAndHelpDialog<
  O extends object = object,
> extends LeanComponentDialog<O> {
  protected constructor(
    id: string,
    protected readonly services: DialogServices,
  ) {
    super(id);
  }

  override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const interrupted = await interruptAnswer(this.services, innerDc, (command) =>
      this.takesAsAnswer(innerDc, command),
    );
    return interrupted ?? super.onContinueDialog(innerDc);
  }

  /** Whether the question being asked takes this command's words as its answer instead. */
  protected takesAsAnswer(_innerDc: DialogContext, _command: Command): boolean {
    return false;
  }
}
