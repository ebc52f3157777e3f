import { MessageFactory, type Activity } from 'botbuilder';
import { type DialogTurnResult } from 'botbuilder-dialogs';
import { AskPrompt } from '../askPrompt';
import { LeanComponentDialog } from '../componentDialog';
import { Waterfall, type Step } from '../waterfall';
import { z } from 'zod';
import { requestOpening, type Opening } from '../../src/nlu/opening';
import { CATEGORIES, type Classification, type Lang } from '../../src/nlu/types';
import { maskIdCardNumbers } from '../../src/validation/idCard';
import { handleEmergency } from '../escalation';
import { messages } from '../messages';
import type { DialogServices } from '../services';
import { requestText } from '../turnText';
import { alarmedBySafetyAnswer, safetyPrompt } from '../safetyQuestion';
import { accepting, giveUp, intakeForm, MAX_ATTEMPTS, record, type Outcome } from './form';

export const DESCRIBE_DIALOG = 'intakeDescribeDialog';
const WATERFALL = 'intakeDescribeWaterfall';
const DESCRIPTION_PROMPT = 'intakeDescription';
const SAFETY_PROMPT = 'intakeSafetyCheck';

/** What to ask for: a description, what an announced request is about, or a clearer one. */
const AskSchema = z.enum(['describe', 'opening', 'unclear']);
export type Ask = z.infer<typeof AskSchema>;

const DescribeOptionsSchema = z.object({
  ask: AskSchema,
  /** The kind of request announced before its content ("投诉" -> complaint). */
  categoryHint: z.enum(CATEGORIES).optional(),
  /** How many descriptions in a row said nothing the bot could read. */
  unclear: z.number().int().min(0).default(0),
  /** Something besides the description is already known (after "重新描述"): it is kept. */
  keeps: z.boolean().default(false),
});
export type DescribeOptions = z.input<typeof DescribeOptionsSchema>;

/**
 * Asks for a description the bot can read, with its own retries: an announced request without
 * content ("我要投诉") asks what it is about, gibberish asks again, and the third unreadable
 * description goes to a person. A description in danger words raises the alarm instead.
 */
export class DescribeDialog extends LeanComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(DESCRIBE_DIALOG);
    this.addDialog(
      new AskPrompt(DESCRIPTION_PROMPT, services, {
        validator: accepting((t) => t.trim().length >= 2),
        // Re-asked as asked (after help, and after a description too short to read).
        question: (_ctx, lang, validations) => describePrompt(lang, optionsOf(validations)),
      }),
    )
      .addDialog(safetyPrompt(SAFETY_PROMPT, services))
      .addDialog(
        new Waterfall(WATERFALL, [
          this.askDescriptionStep.bind(this),
          this.descriptionGivenStep.bind(this),
          this.safetyAnsweredStep.bind(this),
        ]),
      );
    this.initialDialogId = WATERFALL;
  }

  private async askDescriptionStep(step: Step): Promise<DialogTurnResult> {
    return step.prompt(DESCRIPTION_PROMPT, { validations: options(step) });
  }

  /** Classified as the turn reads it (cut to MESSAGE_MAX_CHARS), kept as the person wrote it. */
  private async descriptionGivenStep(step: Step): Promise<DialogTurnResult> {
    const read = typeof step.result === 'string' ? step.result.trim() : '';
    if (read.length < 2) return giveUp(this.services, step);
    // "我有个问题" answered with "我要投诉": still no content, but now a kind of request.
    const opening = requestOpening(read);
    if (opening !== null) return this.askAgain(step, opening);
    const c = this.services.classifier.classify(read);
    if (c.emergency) {
      await handleEmergency(this.services, step.context, c.emergencyKind);
      return step.endDialog('handedOver' satisfies Outcome);
    }
    if (c.department === null) return this.askAgain(step, null);
    const { categoryHint } = options(step);
    // "投诉" then the content: the content names the department, the opening the category.
    const classification: Classification =
      categoryHint === undefined ? c : { ...c, category: categoryHint };
    await record(this.services, step.context, {
      text: maskIdCardNumbers(requestText(step.context).trim()),
      classification,
      ...(categoryHint !== undefined ? { categoryHint } : {}),
    });
    // Likely danger short of an alarm, after "投诉" as on a first message: the safety check.
    if (c.emergencyDoubt !== null) return step.prompt(SAFETY_PROMPT, {});
    return step.endDialog('answered' satisfies Outcome);
  }

  private async safetyAnsweredStep(step: Step): Promise<DialogTurnResult> {
    const { text } = await intakeForm(this.services, step.context);
    if (await alarmedBySafetyAnswer(this.services, step, text)) {
      return step.endDialog('handedOver' satisfies Outcome);
    }
    return step.endDialog('answered' satisfies Outcome);
  }

  /**
   * Nothing the bot could read (gibberish, another "我要投诉"): no department is guessed; it asks
   * again, and after the third such description a person takes over.
   */
  private async askAgain(step: Step, opening: Opening | null): Promise<DialogTurnResult> {
    const before = options(step);
    const unclear = before.unclear + 1;
    if (unclear >= MAX_ATTEMPTS) return giveUp(this.services, step);
    const categoryHint = opening?.hint ?? before.categoryHint;
    if (categoryHint !== undefined) await record(this.services, step.context, { categoryHint });
    const next: DescribeOptions = {
      ask: opening === null ? 'unclear' : 'opening',
      unclear,
      keeps: before.keeps,
      ...(categoryHint !== undefined ? { categoryHint } : {}),
    };
    return step.replaceDialog(WATERFALL, next);
  }
}

function options(step: Step): z.output<typeof DescribeOptionsSchema> {
  return optionsOf(step.options);
}

function optionsOf(value: unknown): z.output<typeof DescribeOptionsSchema> {
  const parsed = DescribeOptionsSchema.safeParse(value);
  return parsed.success ? parsed.data : { ask: 'describe', unclear: 0, keeps: false };
}

function describePrompt(
  lang: Lang,
  o: z.output<typeof DescribeOptionsSchema>,
): Partial<Activity> | string {
  const m = messages(lang);
  if (o.ask === 'opening') return m.askWhatAbout(o.categoryHint ?? null);
  if (o.ask === 'describe') return o.keeps ? m.askRedescribeKeeping : m.askRedescribe;
  if (o.unclear < 2) return m.notUnderstood;
  return MessageFactory.suggestedActions([m.humanChoice], m.notUnderstoodAgain);
}
