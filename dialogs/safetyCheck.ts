import { type DialogTurnResult } from 'botbuilder-dialogs';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import { INTAKE_DIALOG, type IntakeOptions } from './intake/intakeDialog';
import { alarmedBySafetyAnswer, safetyPrompt } from './safetyQuestion';
import { getSession, type DialogServices } from './services';
import { Waterfall, type Step } from './waterfall';

export const SAFETY_CHECK_DIALOG = 'safetyCheckDialog';
const WATERFALL = 'safetyCheckWaterfall';
const ANSWER_PROMPT = 'safetyCheckAnswer';

/** The first message, as MainDialog read it: the intake goes on with it after a "no". */
type Request = Extract<IntakeOptions, { text: string }>;

/**
 * The safety check (issue 8): a message the model finds likely dangerous, but short of an alarm
 * (`Classification.emergencyDoubt`), is not filed straight away. The bot asks whether anyone is
 * in danger right now, with the numbers to call in the question itself, so even a person who
 * never answers has read them. "Yes" raises the alarm (duty staff alerted, what to do now);
 * "no" goes on with the request as written. An answer that is neither is read together with the
 * first message: danger in the two raises the alarm, else the request goes on.
 */
export class SafetyCheckDialog extends CancelAndHelpDialog<Request> {
  constructor(services: DialogServices) {
    super(SAFETY_CHECK_DIALOG, services);
    this.addDialog(safetyPrompt(ANSWER_PROMPT, services)).addDialog(
      new Waterfall(WATERFALL, [this.askStep.bind(this), this.answeredStep.bind(this)]),
    );
    this.initialDialogId = WATERFALL;
  }

  private async askStep(step: Step): Promise<DialogTurnResult> {
    // Kept as the intake keeps it, so "人工" at the question hands on what the person wrote.
    const { text, classification } = requestOf(step.options);
    (await getSession(this.services, step.context)).intake = { text, classification };
    return step.prompt(ANSWER_PROMPT, {});
  }

  private async answeredStep(step: Step): Promise<DialogTurnResult> {
    const request = requestOf(step.options);
    if (await alarmedBySafetyAnswer(this.services, step, request.text)) return step.endDialog();
    return step.replaceDialog(INTAKE_DIALOG, request);
  }
}

function requestOf(options: unknown): Request {
  if (typeof options === 'object' && options !== null && 'text' in options)
    return options as Request;
  throw new Error('the safety check begins with the request it asks about');
}
