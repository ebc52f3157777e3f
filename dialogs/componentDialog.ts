import type { TurnContext } from 'botbuilder';
import {
  Dialog,
  DialogContainer,
  DialogEvents,
  DialogReason,
  DialogTurnStatus,
  type DialogContext,
  type DialogInstance,
  type DialogSet,
  type DialogState,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { leanDialogContext } from './leanContext';

/** Where a component dialog keeps its inner stack in its instance state (as ComponentDialog). */
const PERSISTED_DIALOG_STATE = 'dialogs';

/**
 * botbuilder's ComponentDialog, without what costs and serves nothing here: it runs as
 * down-levelled generators, checks the version through another, and makes every turn a full
 * inner dialog context; here the inner context is lean and the calls are plain async functions.
 * Component dialogs are on the stack of every turn (MainDialog, IntakeDialog and the question's
 * own small dialog). The telemetry events ComponentDialog sends on begin are left out (the bot
 * sends none). Its behaviour and its state are ComponentDialog's: the inner stack under
 * `dialogs`, the inner dialogs' version under `version` (a change raises `versionChanged`), so
 * conversations carry on across versions; test/dialogs/leanContext.test.ts runs a conversation
 * on both, turn by turn.
 */
export abstract class LeanComponentDialog<O extends object = object> extends DialogContainer<O> {
  /** The dialog begun when this one begins: the first added unless set. */
  protected initialDialogId: string | undefined;

  addDialog(dialog: Dialog): this {
    this.dialogs.add(dialog);
    this.initialDialogId ??= dialog.id;
    return this;
  }

  override async beginDialog(outerDc: DialogContext, options?: O): Promise<DialogTurnResult> {
    await this.versionChecked(outerDc);
    const result = await this.onBeginDialog(this.createChildContext(outerDc), options);
    if (result.status === DialogTurnStatus.waiting) return Dialog.EndOfTurn;
    if (result.status === DialogTurnStatus.cancelled) {
      await this.endComponent(outerDc, result.result);
      return { status: DialogTurnStatus.cancelled, result: result.result };
    }
    return this.endComponent(outerDc, result.result);
  }

  override async continueDialog(outerDc: DialogContext): Promise<DialogTurnResult> {
    await this.versionChecked(outerDc);
    const result = await this.onContinueDialog(this.createChildContext(outerDc));
    if (result.status === DialogTurnStatus.waiting) return Dialog.EndOfTurn;
    return this.endComponent(outerDc, result.result);
  }

  /** As ComponentDialog: a dialog that ended on top of this one leaves its question asked again. */
  override async resumeDialog(
    outerDc: DialogContext,
    _reason: DialogReason,
    _result?: unknown,
  ): Promise<DialogTurnResult> {
    await this.versionChecked(outerDc);
    await this.repromptDialog(outerDc.context, outerDc.activeDialog);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance?: DialogInstance): Promise<void> {
    await innerContext(this.dialogs, context, instance).repromptDialog();
    await this.onRepromptDialog(context, instance);
  }

  override async endDialog(
    context: TurnContext,
    instance: DialogInstance,
    reason: DialogReason,
  ): Promise<void> {
    if (reason === DialogReason.cancelCalled) {
      await innerContext(this.dialogs, context, instance).cancelAllDialogs();
    }
    await this.onEndDialog(context, instance, reason);
  }

  override createChildContext(outerDc: DialogContext): DialogContext {
    return innerContext(this.dialogs, outerDc, outerDc.activeDialog);
  }

  protected async onBeginDialog(innerDc: DialogContext, options?: O): Promise<DialogTurnResult> {
    if (this.initialDialogId === undefined) throw new Error(`'${this.id}' has no dialogs`);
    return innerDc.beginDialog(this.initialDialogId, options);
  }

  protected async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return innerDc.continueDialog();
  }

  protected async onEndDialog(
    _context: TurnContext,
    _instance: DialogInstance,
    _reason: DialogReason,
  ): Promise<void> {}

  protected async onRepromptDialog(
    _context: TurnContext,
    _instance: DialogInstance | undefined,
  ): Promise<void> {}

  protected async endComponent(outerDc: DialogContext, result: unknown): Promise<DialogTurnResult> {
    return outerDc.endDialog(result);
  }

  /** As DialogContainer: the inner dialogs' version kept, and a change raised as an event. */
  private async versionChecked(dc: DialogContext): Promise<void> {
    const instance = dc.activeDialog;
    if (instance === undefined) return;
    const before = instance.version;
    instance.version = this.getInternalVersion();
    if (before && before !== instance.version) {
      await dc.emitEvent(DialogEvents.versionChanged, this.id, true, false);
    }
  }
}

/** As ComponentDialog makes it: the inner stack kept in the instance's state, made if missing. */
function innerContext(
  dialogs: DialogSet,
  outer: DialogContext | TurnContext,
  instance: DialogInstance | undefined,
): DialogContext {
  const stored: Record<string, DialogState | undefined> = (instance ?? { state: {} }).state;
  const inner = stored[PERSISTED_DIALOG_STATE] ?? { dialogStack: [] };
  stored[PERSISTED_DIALOG_STATE] = inner;
  return leanDialogContext(dialogs, outer, inner);
}
