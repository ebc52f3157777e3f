import { type DialogTurnResult } from 'botbuilder-dialogs';
import { AskPrompt } from '../askPrompt';
import { LeanComponentDialog } from '../componentDialog';
import { Waterfall, type Step } from '../waterfall';
import type { Activity, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Lang } from '../../src/nlu/types';
import { DepartmentNames } from '../../src/routing/departmentNames';
import { choicesActivity } from '../choiceStyle';
import { isSkip, matchOption, normaliseAnswer, yesNo, type Option } from '../choices';
import { handleHumanRequest } from '../escalation';
import { messages } from '../messages';
import type { DialogServices } from '../services';
import { accepting, giveUp, record, replyLang, type Outcome } from './form';

export const DEPARTMENT_DIALOG = 'intakeDepartmentDialog';
const WATERFALL = 'intakeDepartmentWaterfall';
const DEPARTMENT_PROMPT = 'intakeDepartment';

/** How many departments the picker offers. */
const OFFERED = 3;

const DepartmentOptionsSchema = z.object({
  /** The model's reading of the description: its department and the next ones. */
  classification: z.object({
    department: z.string().nullable(),
    confidence: z.number(),
    alternatives: z.array(z.object({ department: z.string() })),
  }),
  /** The person said the department was wrong: offer the top three without guessing. */
  correcting: z.boolean(),
});
export type DepartmentOptions = z.input<typeof DepartmentOptionsSchema>;

/** What the picker offered, carried with the prompt so its validator reads the same offer. */
const OfferSchema = z.object({ codes: z.array(z.string()), correcting: z.boolean() });
type Offer = z.infer<typeof OfferSchema>;

type Pick = 'redescribe' | 'human' | 'unsure';

/** "你们定", "you decide": the person leaves the department to the hotline, as "不知道" does. */
const LEAVE_IT_TO_YOU = new Set(
  [
    '你们定',
    '你们定吧',
    '你定',
    '你帮我定',
    '你们看着办',
    '都行',
    '随便',
    'you decide',
    'whatever',
    'any',
  ].map(normaliseAnswer),
);

/**
 * Settles the department: the model's, when it is sure and not just refused; otherwise the
 * person picks from the top three, describes again, or asks for a person.
 */
export class DepartmentDialog extends LeanComponentDialog {
  private readonly names: DepartmentNames;

  constructor(private readonly services: DialogServices) {
    super(DEPARTMENT_DIALOG);
    this.names = new DepartmentNames(services.departments);
    this.addDialog(
      new AskPrompt(DEPARTMENT_PROMPT, services, {
        validator: accepting(async (t, pc) => {
          const lang = await replyLang(services, pc.context);
          return this.pickOf(t, lang, offerOf(pc.options.validations)) !== null;
        }),
        question: (ctx, lang, validations) => this.pickerActivity(ctx, lang, offerOf(validations)),
        retry: (ctx, lang, validations) =>
          this.pickerActivity(ctx, lang, offerOf(validations), true),
      }),
    ).addDialog(
      new Waterfall(WATERFALL, [
        this.askDepartmentStep.bind(this),
        this.departmentGivenStep.bind(this),
      ]),
    );
    this.initialDialogId = WATERFALL;
  }

  private async askDepartmentStep(step: Step): Promise<DialogTurnResult> {
    const { classification: c, correcting } = options(step);
    if (!correcting && c.department !== null && c.confidence >= this.services.confidenceThreshold) {
      return this.settle(step, c.department, 'model');
    }
    const offer: Offer = { codes: this.offered(c), correcting };
    return step.prompt(DEPARTMENT_PROMPT, { validations: offer });
  }

  private async departmentGivenStep(step: Step): Promise<DialogTurnResult> {
    const { classification: c, correcting } = options(step);
    const lang = await replyLang(this.services, step.context);
    const answer = typeof step.result === 'string' ? step.result : '';
    const picked = this.pickOf(answer, lang, { codes: this.offered(c), correcting });
    if (picked === null) return giveUp(this.services, step, 'unsure');
    if (picked === 'human') {
      await handleHumanRequest(this.services, step.context);
      return step.endDialog('handedOver' satisfies Outcome);
    }
    if (picked === 'redescribe') return step.endDialog('redescribe' satisfies Outcome);
    if (picked === 'unsure') {
      // Not knowing which office is the hotline's job, not the person's: filed now, for duty
      // staff to settle, without the questions asked twice more.
      await step.context.sendActivity(messages(lang).departmentLeftToStaff);
      await handleHumanRequest(this.services, step.context, 'unsure');
      return step.endDialog('handedOver' satisfies Outcome);
    }
    return this.settle(step, picked, 'requester');
  }

  private async settle(
    step: Step,
    department: string,
    decidedBy: 'model' | 'requester',
  ): Promise<DialogTurnResult> {
    await record(this.services, step.context, { department, decidedBy, correcting: undefined });
    return step.endDialog('answered' satisfies Outcome);
  }

  /**
   * The question with the departments offered; asked again when not understood, it says how to
   * answer (an elderly person gave the district, then their name, then was handed to staff).
   */
  private pickerActivity(
    ctx: TurnContext,
    lang: Lang,
    offer: Offer,
    retry = false,
  ): Partial<Activity> {
    const m = messages(lang);
    const ask = retry ? m.retryDepartment : offer.correcting ? m.askCorrection : m.askDepartment;
    const picks = this.pickOptions(lang, offer).map((o) => o.label);
    return choicesActivity(ctx, ask, picks, lang);
  }

  /** The model's department and its alternatives that the catalogue knows, best first. */
  private offered(c: DepartmentOptions['classification']): string[] {
    return [c.department, ...c.alternatives.map((a) => a.department)]
      .filter((code): code is string => code !== null && this.services.departments.has(code))
      .slice(0, OFFERED);
  }

  /** Any department of the catalogue typed by its name, though not among those offered. */
  private namedDepartment(text: string): string | null {
    const answer = normaliseAnswer(text);
    if (answer === '') return null;
    const named = this.services.departments
      .all()
      .find((d) => this.names.synonyms(d.code).some((name) => normaliseAnswer(name) === answer));
    return named?.code ?? null;
  }

  /** The departments offered, then "describe again" and "talk to a person". */
  private pickOptions(lang: Lang, offer: Offer): Option<string>[] {
    const m = messages(lang);
    return [
      ...offer.codes.map((code) => ({
        value: code,
        label: this.names.name(code, lang),
        synonyms: this.names.synonyms(code),
      })),
      {
        value: 'redescribe' satisfies Pick,
        label: m.redescribeChoice,
        synonyms: ['重新描述', 'describe again', 'none'],
      },
      {
        value: 'human' satisfies Pick,
        label: m.humanChoice,
        synonyms: ['人工', '转人工', 'agent', 'human'],
      },
    ];
  }

  /**
   * A button, a department's name or number, or a natural answer: "对" / "ok" takes the first
   * department offered (the best guess; not while correcting, when it is the one just refused),
   * "不是" / "no" means none of them, "不知道" / "你们定" leaves it to duty staff.
   */
  private pickOf(text: string, lang: Lang, offer: Offer): string | null {
    const picked = matchOption(text, this.pickOptions(lang, offer)) ?? this.namedDepartment(text);
    if (picked !== null) return picked;
    const answer = yesNo(text);
    if (answer === 'no') return 'redescribe' satisfies Pick;
    if (isSkip(text) || LEAVE_IT_TO_YOU.has(normaliseAnswer(text))) return 'unsure' satisfies Pick;
    const [first] = offer.codes;
    return answer === 'yes' && !offer.correcting && first !== undefined ? first : null;
  }
}

function options(step: Step): z.output<typeof DepartmentOptionsSchema> {
  const parsed = DepartmentOptionsSchema.safeParse(step.options);
  if (parsed.success) return parsed.data;
  return {
    classification: { department: null, confidence: 0, alternatives: [] },
    correcting: false,
  };
}

function offerOf(validations: unknown): Offer {
  const parsed = OfferSchema.safeParse(validations);
  return parsed.success ? parsed.data : { codes: [], correcting: false };
}
