import { ActivityTypes, type TurnContext } from 'botbuilder';
import {
  Dialog,
  DialogReason,
  type DialogContext,
  type DialogInstance,
  type DialogTurnResult,
} from 'botbuilder-dialogs';

/**
 * What a waterfall step is given: the turn, the waterfall's options and values, what the last
 * step or prompt returned, and the dialog context's moves (`prompt`, `beginDialog`,
 * `endDialog`, `replaceDialog`), plus `next` to run the following step at once.
 */
export interface Step<O extends object = object> {
  /** The dialog context the waterfall runs in, for what takes one (e.g. `answerCommand`). */
  readonly dc: DialogContext;
  readonly context: TurnContext;
  readonly index: number;
  readonly options: O;
  /** What the previous step passed to `next`, a prompt returned, or the message's text. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as botbuilder's WaterfallStepContext
  readonly result: any;
  /** Kept for the life of this waterfall, across its steps and turns. */
  readonly values: Record<string, unknown>;
  readonly prompt: DialogContext['prompt'];
  readonly beginDialog: DialogContext['beginDialog'];
  readonly endDialog: DialogContext['endDialog'];
  readonly replaceDialog: DialogContext['replaceDialog'];
  next(result?: unknown): Promise<DialogTurnResult>;
}

export type StepFunction<O extends object = object> = (step: Step<O>) => Promise<DialogTurnResult>;

/** As botbuilder's WaterfallDialog keeps it, so a conversation in flight carries on across versions. */
interface WaterfallState {
  options: object;
  values: Record<string, unknown>;
  stepIndex: number;
}

/**
 * botbuilder's WaterfallDialog, without what costs and serves nothing here. Its step context is
 * a whole `DialogContext` (a copy of the caller's, with a `DialogStateManager` and the service
 * collection that builds) made for every step, about half of the dialog contexts a turn made;
 * here a step is a small object whose moves are the caller's own dialog context's, which the
 * copy shared its stack, parent and dialogs with anyway. The telemetry events of each step are
 * left out (the bot sends none). The state is WaterfallDialog's (`options`, `values`,
 * `stepIndex`), so conversations started on either carry on on the other.
 */
export class Waterfall<O extends object = object> extends Dialog<O> {
  private readonly steps: StepFunction<O>[];

  constructor(dialogId: string, steps: StepFunction<O>[]) {
    super(dialogId);
    this.steps = steps.slice();
  }

  /** As WaterfallDialog: a waterfall that gained or lost steps is another version. */
  override getVersion(): string {
    return `${this.id}:${this.steps.length}`;
  }

  override async beginDialog(dc: DialogContext, options?: O): Promise<DialogTurnResult> {
    const state = stateOf(dc.activeDialog);
    state.options = options ?? {};
    state.values = {};
    return this.runStep(dc, 0);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    // As WaterfallDialog: only a message moves a waterfall on, its text as the result.
    if (dc.context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    return this.resumeDialog(dc, DialogReason.continueCalled, dc.context.activity.text);
  }

  override async resumeDialog(
    dc: DialogContext,
    _reason: DialogReason,
    result?: unknown,
  ): Promise<DialogTurnResult> {
    return this.runStep(dc, stateOf(dc.activeDialog).stepIndex + 1, result);
  }

  private async runStep(
    dc: DialogContext,
    index: number,
    result?: unknown,
  ): Promise<DialogTurnResult> {
    const run = this.steps[index];
    if (run === undefined) return dc.endDialog(result);
    const state = stateOf(dc.activeDialog);
    state.stepIndex = index;
    let nextCalled = false;
    const step: Step<O> = {
      dc,
      context: dc.context,
      index,
      options: state.options as O,
      result,
      values: state.values,
      prompt: dc.prompt.bind(dc),
      beginDialog: dc.beginDialog.bind(dc),
      endDialog: dc.endDialog.bind(dc),
      replaceDialog: dc.replaceDialog.bind(dc),
      next: async (stepResult?: unknown) => {
        if (nextCalled) {
          throw new Error(`step.next() called twice in waterfall '${this.id}', step ${index}`);
        }
        nextCalled = true;
        return this.resumeDialog(dc, DialogReason.nextCalled, stepResult);
      },
    };
    return run(step);
  }
}

function stateOf(instance: DialogInstance | undefined): WaterfallState {
  if (instance === undefined) throw new Error('a waterfall ran with no dialog on the stack');
  return instance.state as WaterfallState;
}
