import type { TurnContext } from 'botbuilder';
import { type DialogTurnResult, type PromptValidatorContext } from 'botbuilder-dialogs';
import { type Step } from '../waterfall';
import { z } from 'zod';
import type { Lang } from '../../src/nlu/types';
import { findPlace } from '../../src/routing/place';
import { parseCreditCode } from '../../src/validation/creditCode';
import { isSkip, matchCommand, normaliseAnswer } from '../choices';
import { handleHumanRequest } from '../escalation';
import { messages } from '../messages';
import type { IntakeState } from '../session';
import { getSession, type DialogServices } from '../services';

/*
 * What the intake's small dialogs share. Each answer is written to the conversation's intake
 * form as soon as it is given, so a person who takes over ("人工" at any question) files what
 * is known; the dialogs take what they need to ask in their options, and end with an outcome.
 */

/** A prompt re-asks at most twice; the third unusable answer moves on (or offers a person). */
export const MAX_ATTEMPTS = 3;

const OutcomeSchema = z.enum([
  /** The question was answered (and the answer written to the form). */
  'answered',
  /** The conversation went to a person or to the emergency advice: the intake is over. */
  'handedOver',
  /** "都不是，重新描述": the description is asked again, what else is known stays. */
  'redescribe',
  /** The summary's answers. */
  'confirm',
  'notRight',
  'cancel',
]);
export type Outcome = z.infer<typeof OutcomeSchema>;

/** The outcome a small dialog ended with; null when the step was skipped. */
export function outcomeOf(result: unknown): Outcome | null {
  const parsed = OutcomeSchema.safeParse(result);
  return parsed.success ? parsed.data : null;
}

/** The intake's form in this conversation (an empty one when none is open). */
export async function intakeForm(services: DialogServices, ctx: TurnContext): Promise<IntakeState> {
  const session = await getSession(services, ctx);
  session.intake ??= { text: '', classification: null };
  return session.intake;
}

/** Writes answers to the form as they are given. */
export async function record(
  services: DialogServices,
  ctx: TurnContext,
  answers: Partial<IntakeState>,
): Promise<void> {
  Object.assign(await intakeForm(services, ctx), answers);
}

/** The reply language, decided once for this turn before the dialogs ran. */
export async function replyLang(services: DialogServices, ctx: TurnContext): Promise<Lang> {
  return (await getSession(services, ctx)).lang;
}

/** A validator that accepts what `check` accepts, and anything on the last attempt. */
export function accepting(
  check: (text: string, pc: PromptValidatorContext<string>) => boolean | Promise<boolean>,
): (pc: PromptValidatorContext<string>) => Promise<boolean> {
  return async (pc) =>
    (pc.recognized.succeeded && (await check(pc.recognized.value ?? '', pc))) ||
    pc.attemptCount >= MAX_ATTEMPTS;
}

/** Prompts failed again and again: a person takes over, with what is known filed first. */
export async function giveUp(
  services: DialogServices,
  step: Step,
  reason: 'failed_prompts' | 'unsure' = 'failed_prompts',
): Promise<DialogTurnResult> {
  await step.context.sendActivity(messages(await replyLang(services, step.context)).gaveUpToHuman);
  await handleHumanRequest(services, step.context, reason);
  return step.endDialog('handedOver' satisfies Outcome);
}

/**
 * A credit-code answer (the intake's question and 修改企业信息 alike): a valid code, a third
 * unusable answer, or where `allowSkip` "跳过" ends the question; anything else is re-asked
 * with the specific reason (length, characters, check digit). Having replied, the prompt does
 * not send its generic retry as well.
 */
export async function acceptCreditCode(
  services: DialogServices,
  pc: PromptValidatorContext<string>,
  allowSkip: boolean,
): Promise<boolean> {
  const text = pc.recognized.value ?? '';
  const parsed = parseCreditCode(text);
  if (parsed.ok || (allowSkip && isSkip(text)) || pc.attemptCount >= MAX_ATTEMPTS) return true;
  const m = messages(await replyLang(services, pc.context));
  // "青岛海联物流有限公司" here was told of "invalid characters (never I, O, S, V, Z)".
  const reason = /[0-9A-Za-z]{6}/u.test(text.replace(/[\s-]/g, ''))
    ? parsed.code
    : 'CREDIT_CODE_WORDS';
  await pc.context.sendActivity(m.retryCreditCode(m.creditCodeReasons[reason]));
  return false;
}

/** What only says which kind of requester, typed where the enterprise's name was asked. */
const KIND_NOT_NAME = new Set(
  [
    '企业',
    '公司',
    '单位',
    '企业主',
    '个体户',
    '商户',
    'enterprise',
    'company',
    'business',
    'firm',
  ].map(normaliseAnswer),
);

/** An enterprise's name, not a skip or a command: it may be remembered for a whole Teams tenant. */
export function isEnterpriseName(text: string): boolean {
  const t = text.trim();
  return (
    t.length >= 2 &&
    t.length <= 100 &&
    !isSkip(t) &&
    matchCommand(t) === null &&
    !KIND_NOT_NAME.has(normaliseAnswer(t))
  );
}

const NOT_ENTERPRISE_ZH = /不是(?:企业|公司|单位|企业主)|没有(?:企业|公司)/;
const ONLY_CITIZEN_ZH = /^(?:个人|市民|居民|老百姓)$/;
const CITIZEN_FILLER_ZH =
  /算了|其实|我|就|只|是|以|按|用|的|身份|反映|吧|啊|呀|哦|，|。|！|,|\.|!|\s/g;
const NOT_ENTERPRISE_EN =
  /\bnot (?:a |an |from a |for a |with a )?(?:company|business|enterprise|firm)\b|\bi'?m (?:just |only )?(?:an? )?(?:individual|citizen|resident|private person)\b|^(?:as )?(?:an? )?(?:individual|citizen|resident|private person)[.!]?$/i;

/**
 * "算了 不是企业 是个人", "I'm not a company, just a resident": the person takes back "enterprise"
 * at the enterprise's questions. A company's name with 个人 in it is a name, not this.
 */
export function saysCitizenInstead(text: string): boolean {
  const t = text.trim();
  if (t.length > 40) return false;
  return (
    NOT_ENTERPRISE_ZH.test(t) ||
    ONLY_CITIZEN_ZH.test(t.replace(CITIZEN_FILLER_ZH, '')) ||
    NOT_ENTERPRISE_EN.test(t)
  );
}

/** A description that names a district or a place says where, over what was known. */
export function readLocation(services: DialogServices, form: IntakeState): void {
  const district = services.districts.find(form.text);
  if (district !== null) form.district = district.code;
  const names = services.districts.all().flatMap((d) => [d.zh, d.en, ...d.aliases]);
  const place = findPlace(form.text, names);
  if (place !== null) form.place = place;
}
