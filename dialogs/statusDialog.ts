import {
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import type { DialogServices } from './services';
import { showStatus } from './status';

export const STATUS_DIALOG = 'statusDialog';
const WATERFALL = 'statusWaterfall';

/**
 * "查询 QD20261128-000123" / "我的工单": a person sees their own tickets and, as a member of a Teams
 * tenant whose enterprise is known, those colleagues filed for it (without who filed them, and
 * without the handling record). Anyone else's ticket number gets the same answer as an unknown one.
 */
export class StatusDialog extends CancelAndHelpDialog {
  constructor(
    services: DialogServices,
    private readonly ticketPrefix: string,
  ) {
    super(STATUS_DIALOG, services);
    this.addDialog(new WaterfallDialog(WATERFALL, [this.showStep.bind(this)]));
    this.initialDialogId = WATERFALL;
  }

  private async showStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await showStatus(this.services, step.context, this.ticketPrefix);
    return step.endDialog();
  }
}
