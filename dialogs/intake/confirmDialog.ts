import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import { type DialogTurnResult } from 'botbuilder-dialogs';
import { AskPrompt } from '../askPrompt';
import { LeanComponentDialog } from '../componentDialog';
import { Waterfall, type Step } from '../waterfall';
import { z } from 'zod';
import { CATEGORIES, type Lang } from '../../src/nlu/types';
import { summaryCard } from '../cards';
import { matchOption, yesNo, type Option } from '../choices';
import { messages } from '../messages';
import type { DialogServices } from '../services';
import { namesWrongField } from './correctDialog';
import { accepting, giveUp, type Outcome } from './form';

export const CONFIRM_DIALOG = 'intakeConfirmDialog';
const WATERFALL = 'intakeConfirmWaterfall';
const CONFIRM_PROMPT = 'intakeConfirm';

type Confirm = Extract<Outcome, 'confirm' | 'notRight' | 'cancel'>;

/** The summary's facts, as rendered (names, not codes); the language is the turn's. */
const ConfirmOptionsSchema = z.object({
  department: z.string(),
  category: z.enum(CATEGORIES),
  district: z.string().nullable(),
  place: z.string().nullable(),
  text: z.string(),
  requesterType: z.enum(['citizen', 'enterprise']),
  enterpriseName: z.string().optional(),
  creditCode: z.string().nullable(),
  phone: z.string().nullable(),
  name: z.string().nullable().optional(),
});
export type ConfirmOptions = z.input<typeof ConfirmOptionsSchema>;

/** Shows the summary and asks whether to file it, correct something on it, or cancel. */
export class ConfirmDialog extends LeanComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(CONFIRM_DIALOG);
    this.addDialog(
      new AskPrompt(CONFIRM_PROMPT, services, {
        validator: accepting((t) => confirmOf(t) !== null),
        question: (_ctx, lang, facts) => summaryActivity(lang, facts),
        retry: (_ctx, lang) =>
          MessageFactory.suggestedActions(
            confirmOptions(lang).map((o) => o.label),
            messages(lang).retryConfirm,
          ),
      }),
    ).addDialog(
      new Waterfall(WATERFALL, [
        this.askConfirmationStep.bind(this),
        this.confirmationGivenStep.bind(this),
      ]),
    );
    this.initialDialogId = WATERFALL;
  }

  private async askConfirmationStep(step: Step): Promise<DialogTurnResult> {
    const parsed = ConfirmOptionsSchema.safeParse(step.options);
    if (!parsed.success) return giveUp(this.services, step);
    return step.prompt(CONFIRM_PROMPT, { validations: parsed.data });
  }

  private async confirmationGivenStep(step: Step): Promise<DialogTurnResult> {
    const answer = typeof step.result === 'string' ? confirmOf(step.result) : null;
    if (answer === null) return giveUp(this.services, step);
    return step.endDialog(answer);
  }
}

/** The summary's card and its choices, made again from the facts whenever it is re-asked. */
function summaryActivity(lang: Lang, facts: unknown): Partial<Activity> {
  const parsed = ConfirmOptionsSchema.safeParse(facts);
  const activity = parsed.success
    ? MessageFactory.attachment(summaryCard({ lang, ...parsed.data }), messages(lang).summaryIntro)
    : MessageFactory.text(messages(lang).retryConfirm);
  activity.suggestedActions = {
    actions: CardFactory.actions(confirmOptions(lang).map((o) => o.label)),
    to: [],
  };
  return activity;
}

function confirmOptions(lang: Lang): Option<Confirm>[] {
  const m = messages(lang);
  return [
    {
      value: 'confirm',
      label: m.confirmChoice,
      synonyms: ['确认', '提交', '是', '对', '没问题', '好', 'yes', 'ok', 'confirm', 'submit'],
    },
    {
      value: 'notRight',
      label: m.notRightChoice,
      synonyms: ['不对', '修改', '不是', '错了', 'no', 'wrong', 'change', 'edit'],
    },
    {
      value: 'cancel',
      label: m.cancelChoice,
      // At the summary a polite refusal drops the request, as "不用了" does anywhere.
      synonyms: ['取消', '不用了', 'cancel', 'no thanks', 'no thank you', 'never mind'],
    },
  ];
}

/** "确认提交" / "Submit" or a synonym: the answer that files the summary. */
export function isConfirmation(text: string): boolean {
  return confirmOf(text) === 'confirm';
}

/**
 * A button or a natural answer: "可以", "没问题，提交吧", "looks good" / "不对，改一下", "wrong", or
 * a refusal that names what is wrong ("电话不对", "wrong district").
 */
function confirmOf(text: string): Confirm | null {
  const picked = matchOption(text, [...confirmOptions('zh'), ...confirmOptions('en')]);
  if (picked !== null) return picked;
  const answer = yesNo(text);
  if (answer !== null) return answer === 'yes' ? 'confirm' : 'notRight';
  return namesWrongField(text) ? 'notRight' : null;
}
