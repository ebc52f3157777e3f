import { ActivityTypes, InputHints, type Activity, type TurnContext } from 'botbuilder';
import {
  Dialog,
  type DialogContext,
  type DialogInstance,
  type DialogReason,
  type DialogTurnResult,
  type PromptOptions,
  type PromptRecognizerResult,
  type PromptValidator,
} from 'botbuilder-dialogs';
import type { Lang } from '../src/nlu/types';
import { getSession, type DialogServices } from './services';

/** How a question is asked again, in the turn's language (`validations`: what the ask carried). */
export type Retry = (
  ctx: TurnContext,
  lang: Lang,
  validations: unknown,
) => Partial<Activity> | string;

export interface AskSettings {
  /** Whether an answer is taken; without one, any text is. */
  validator?: PromptValidator<string>;
  /**
   * The question asked again after an answer the validator refused, in the language of that
   * answer's turn: a person who switches language mid-question ("The property management company
   * 物业 keeps overcharging me" at a Chinese question) gets it again in theirs. Without one, the
   * ask's `retryPrompt`, else its `prompt`, as botbuilder's TextPrompt.
   */
  retry?: Retry;
}

/** As botbuilder's Prompt keeps it, so a conversation waiting on a question carries on across versions. */
interface PromptState {
  options: PromptOptions;
  state: { attemptCount?: number };
}

/**
 * A text question: botbuilder's TextPrompt (and the retry in the turn's language the intake's
 * questions had on top of it), without what costs and serves nothing here. botbuilder's Prompt
 * reads `turn.stepCount` from dialog memory on every answer (only adaptive dialogs set it), which
 * builds the dialog context's state manager that lean contexts otherwise never make
 * (dialogs/leanContext.ts); and it runs as down-levelled generators. The behaviour is
 * TextPrompt's: any non-empty text is recognised; the validator sees the attempt count; an
 * answer it refuses is asked again unless the validator replied itself; an accepted one ends the
 * prompt with the text; a resume or `repromptDialog` asks the question again. The state is
 * Prompt's (`options`, `state.attemptCount`), so conversations waiting on either carry on on the
 * other.
 */
export class AskPrompt extends Dialog<PromptOptions> {
  constructor(
    dialogId: string,
    private readonly services: Pick<DialogServices, 'session'>,
    private readonly settings: AskSettings = {},
  ) {
    super(dialogId);
  }

  override async beginDialog(
    dc: DialogContext,
    options?: PromptOptions,
  ): Promise<DialogTurnResult> {
    const state = stateOf(dc.activeDialog);
    state.options = { ...options };
    expectingInput(state.options.prompt);
    expectingInput(state.options.retryPrompt);
    state.state = {};
    await this.ask(dc.context, state, false);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    if (context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const state = stateOf(dc.activeDialog);
    const text = context.activity.text;
    const recognized: PromptRecognizerResult<string> =
      typeof text === 'string' && text.length > 0
        ? { succeeded: true, value: text }
        : { succeeded: false };
    const { validator } = this.settings;
    let valid = recognized.succeeded;
    if (validator !== undefined) {
      const attemptCount = (state.state.attemptCount ?? 0) + 1;
      state.state.attemptCount = attemptCount;
      valid = await validator({
        context,
        recognized,
        state: state.state,
        options: state.options,
        attemptCount,
      });
    }
    if (valid) return dc.endDialog(recognized.value);
    if (!context.responded) await this.ask(context, state, true);
    return Dialog.EndOfTurn;
  }

  /** As Prompt: a dialog that ended on top of the question leaves it asked again. */
  override async resumeDialog(
    dc: DialogContext,
    _reason: DialogReason,
    _result?: unknown,
  ): Promise<DialogTurnResult> {
    await this.repromptDialog(dc.context, dc.activeDialog);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance?: DialogInstance): Promise<void> {
    await this.ask(context, stateOf(instance), false);
  }

  private async ask(context: TurnContext, state: PromptState, isRetry: boolean): Promise<void> {
    const { options } = state;
    let question = options.prompt;
    if (isRetry) {
      const { retry } = this.settings;
      if (retry !== undefined) {
        const { lang } = await getSession(this.services, context);
        question = retry(context, lang, options.validations);
      } else if (options.retryPrompt) {
        question = options.retryPrompt;
      }
    }
    if (!question) return;
    if (typeof question === 'string') {
      await context.sendActivity(question, undefined, InputHints.ExpectingInput);
      return;
    }
    expectingInput(question);
    await context.sendActivity(question);
  }
}

/** As Prompt marks the questions it is given (a text gets the hint when it is sent). */
function expectingInput(question: Partial<Activity> | string | undefined): void {
  if (typeof question === 'object' && typeof question.inputHint !== 'string') {
    question.inputHint = InputHints.ExpectingInput;
  }
}

function stateOf(instance: DialogInstance<PromptState> | undefined): PromptState {
  if (instance === undefined) throw new Error('a prompt ran with no dialog on the stack');
  return instance.state;
}
