import { type DialogTurnResult } from 'botbuilder-dialogs';
import { AskPrompt } from '../askPrompt';
import { LeanComponentDialog } from '../componentDialog';
import { Waterfall, type Step } from '../waterfall';
import type { Activity, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Lang } from '../../src/nlu/types';
import { choicesActivity } from '../choiceStyle';
import { matchOption, normaliseAnswer, type Option } from '../choices';
import { messages } from '../messages';
import type { DialogServices } from '../services';
import { accepting, giveUp, replyLang } from './form';

export const CORRECT_DIALOG = 'intakeCorrectDialog';
const WATERFALL = 'intakeCorrectWaterfall';
const FIELD_PROMPT = 'intakeCorrectField';

/** What the summary shows that a person can correct, in the order the summary shows it. */
export const FIELDS = ['department', 'location', 'requester', 'phone', 'name', 'text'] as const;
export const FieldSchema = z.enum(FIELDS);
const OfferedSchema = z.array(FieldSchema);
export type Field = z.infer<typeof FieldSchema>;

const CorrectOptionsSchema = z.object({
  /** What the person answered the summary with: "电话不对" already says what to change. */
  said: z.string(),
  /** Whether the request has a place to correct (not a consultation, not every department). */
  asksLocation: z.boolean(),
  /** Whether the summary shows a name the person gave (怎么称呼您), to correct. */
  asksName: z.boolean().default(false),
});
export type CorrectOptions = z.input<typeof CorrectOptionsSchema>;

/**
 * Words that name a field, as people say them in either language, compared after
 * normaliseAnswer (no spaces or punctuation, lower case), anywhere in the answer.
 */
const FIELD_WORDS: Record<Field, readonly string[]> = {
  department: ['部门', '单位', '负责', 'department', 'dept', 'bureau', 'agency'],
  location: [
    '地点',
    '地址',
    '位置',
    '地方',
    '区域',
    '哪个区',
    '街道',
    '门牌',
    'location',
    'address',
    'place',
    'district',
    'where',
  ],
  requester: [
    '身份',
    '市民',
    '个人',
    '企业',
    '公司',
    '信用代码',
    'whoiam',
    'identity',
    'citizen',
    'enterprise',
    'company',
    'business',
    'creditcode',
  ],
  phone: ['电话', '手机', '号码', '联系方式', 'phone', 'mobile', 'telephone', 'contact'],
  // "企业名字不对", "the company name": the enterprise's (fieldNamed), not the person's.
  name: ['称呼', '姓名', '名字', '叫我', 'name', 'howtoaddress', 'callme'],
  text: [
    '描述',
    '内容',
    '诉求',
    '情况',
    '经过',
    'description',
    'describe',
    'whathappened',
    'details',
    'theproblem',
  ],
};

/** Words that say something on the summary is wrong: "电话不对", "wrong district". */
const WRONG_WORDS = [
  '不对',
  '不是',
  '错',
  '有误',
  '不正确',
  '改',
  '更正',
  '换',
  'wrong',
  'incorrect',
  'notright',
  'change',
  'fix',
  'edit',
  'update',
  'mistake',
];

/** The one field the text names; null when it names none, or more than one. */
export function fieldNamed(text: string): Field | null {
  const answer = normaliseAnswer(text);
  if (answer === '') return null;
  const named = FIELDS.filter((f) => FIELD_WORDS[f].some((w) => answer.includes(w))).filter(
    (f, _i, all) => f !== 'name' || !all.includes('requester'),
  );
  return named.length === 1 ? (named[0] ?? null) : null;
}

/** Words that say nothing is wrong, though they hold a word of WRONG_WORDS ("电话没错"). */
const NOT_WRONG = /没错|没有错|不错|不用改|不需要改|无需改|不改|notwrong|nothingwrong|nochange/gu;

/** A refusal at the summary that already says what is wrong: "电话不对", "wrong district". */
export function namesWrongField(text: string): boolean {
  const answer = normaliseAnswer(text).replace(NOT_WRONG, '');
  return fieldNamed(text) !== null && WRONG_WORDS.some((w) => answer.includes(w));
}

/**
 * After "不对，修改": which field of the summary to change. A refusal that named the field goes
 * there at once; otherwise the person picks one (a button, its number or their own words), and
 * after three answers it cannot read a person takes over with the form filed. Ends with the field.
 */
export class CorrectDialog extends LeanComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(CORRECT_DIALOG);
    this.addDialog(
      new AskPrompt(FIELD_PROMPT, services, {
        validator: accepting(async (t, pc) => {
          const lang = await replyLang(services, pc.context);
          return fieldOf(t, lang, offeredOf(pc.options.validations)) !== null;
        }),
        question: (ctx, lang, validations) =>
          fieldsActivity(ctx, lang, messages(lang).askCorrectField, offeredOf(validations)),
        retry: (ctx, lang, validations) =>
          fieldsActivity(ctx, lang, messages(lang).retryCorrectField, offeredOf(validations)),
      }),
    ).addDialog(
      new Waterfall(WATERFALL, [this.askFieldStep.bind(this), this.fieldGivenStep.bind(this)]),
    );
    this.initialDialogId = WATERFALL;
  }

  private async askFieldStep(step: Step): Promise<DialogTurnResult> {
    const o = options(step);
    const offered = offeredFields(o.asksLocation, o.asksName);
    const named = namesWrongField(o.said) ? fieldNamed(o.said) : null;
    if (named !== null && offered.includes(named)) return step.endDialog(named);
    return step.prompt(FIELD_PROMPT, { validations: offered });
  }

  private async fieldGivenStep(step: Step): Promise<DialogTurnResult> {
    const o = options(step);
    const offered = offeredFields(o.asksLocation, o.asksName);
    const lang = await replyLang(this.services, step.context);
    const answer = typeof step.result === 'string' ? step.result : '';
    const field = fieldOf(answer, lang, offered);
    if (field === null) return giveUp(this.services, step);
    return step.endDialog(field);
  }
}

function offeredFields(asksLocation: boolean, asksName: boolean): Field[] {
  return FIELDS.filter((f) => (f !== 'location' || asksLocation) && (f !== 'name' || asksName));
}

function fieldOptions(lang: Lang, offered: readonly Field[]): Option<Field>[] {
  const labels = messages(lang).correctFields;
  return offered.map((f) => ({
    value: f,
    label: labels[f],
    synonyms: [messages('zh').correctFields[f], messages('en').correctFields[f]],
  }));
}

/** A button, its number, or words naming one of the fields offered ("电话错了", "the phone"). */
function fieldOf(text: string, lang: Lang, offered: readonly Field[]): Field | null {
  const picked = matchOption(text, fieldOptions(lang, offered));
  if (picked !== null) return picked;
  const named = fieldNamed(text);
  return named !== null && offered.includes(named) ? named : null;
}

function fieldsActivity(
  ctx: TurnContext,
  lang: Lang,
  ask: string,
  offered: readonly Field[],
): Partial<Activity> {
  const labels = fieldOptions(lang, offered).map((o) => o.label);
  return choicesActivity(ctx, ask, labels, lang);
}

function options(step: Step): z.output<typeof CorrectOptionsSchema> {
  const parsed = CorrectOptionsSchema.safeParse(step.options);
  return parsed.success ? parsed.data : { said: '', asksLocation: true, asksName: false };
}

function offeredOf(validations: unknown): Field[] {
  const parsed = OfferedSchema.safeParse(validations);
  return parsed.success ? parsed.data : [...FIELDS];
}
