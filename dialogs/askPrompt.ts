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
import { z } from 'zod';
import type { Lang } from '../src/nlu/types';
import { getSession, type DialogServices } from './services';

/** A question put in a language, from the data it was asked with (the ask's `validations`). */
export type Render = (
  ctx: TurnContext,
  lang: Lang,
  validations: unknown,
) => Partial<Activity> | string;

export interface AskSettings {
  /** Whether an answer is taken; without one, any text is. */
  validator?: PromptValidator<string>;
  /**
   * The question, made from the ask's `validations` in the language it is first asked in: when
   * asked, and again whenever it is re-asked (help, status, a dialog ended on top of it). The
   * state then keeps that data, the language and the question's text, not the whole activity:
   * the summary's card was two thirds of the conversation's state while it waited for an answer,
   * written on the turn that asked and read on the next. Without it, the ask's `prompt`.
   */
  question?: Render;
  /**
   * The question asked again after an answer the validator refused, in the language of that
   * answer's turn: a person who switches language mid-question ("The property management company
   * 物业 keeps overcharging me" at a Chinese question) gets it again in theirs. Without one, the
   * ask's `retryPrompt`, else the question, as botbuilder's TextPrompt.
   */
  retry?: Render;
}

/**
 * A prompt's options as kept. With a `question`, `lang` is the language it was asked in and
 * `prompt` only its text: what a version before this one (botbuilder's TextPrompt) sends when it
 * re-asks a question this one asked, during a rolling deploy.
 */
interface AskOptions extends PromptOptions {
  lang?: unknown;
}

const LangSchema = z.enum(['zh', 'en']);

/** As botbuilder's Prompt keeps it, so a conversation waiting on a question carries on across versions. */
interface PromptState {
  options: AskOptions;
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
    expectingInput(state.options.retryPrompt);
    state.state = {};
    const { question } = this.settings;
    if (question === undefined) {
      expectingInput(state.options.prompt);
      await send(dc.context, state.options.prompt);
      return Dialog.EndOfTurn;
    }
    const { lang } = await getSession(this.services, dc.context);
    const asked = question(dc.context, lang, state.options.validations);
    state.options.lang = lang;
    state.options.prompt = typeof asked === 'string' ? asked : (asked.text ?? '');
    await send(dc.context, asked);
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
    const { question, retry } = this.settings;
    if (isRetry && retry !== undefined) {
      const { lang } = await getSession(this.services, context);
      await send(context, retry(context, lang, options.validations));
      return;
    }
    if (isRetry && options.retryPrompt) {
      await send(context, options.retryPrompt);
      return;
    }
    // A question asked by a version that kept the whole activity is sent as it was kept.
    const lang = LangSchema.safeParse(options.lang);
    if (question !== undefined && lang.success) {
      await send(context, question(context, lang.data, options.validations));
    } else {
      await send(context, options.prompt);
    }
  }
}

/** As TextPrompt sends a question: nothing for none, and marked as expecting an answer. */
async function send(
  context: TurnContext,
  question: Partial<Activity> | string | undefined,
): Promise<void> {
  if (!question) return;
  if (typeof question === 'string') {
    await context.sendActivity(question, undefined, InputHints.ExpectingInput);
    return;
  }
  expectingInput(question);
  await context.sendActivity(question);
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
