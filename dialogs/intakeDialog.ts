import { CardFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import {
  TextPrompt,
  WaterfallDialog,
  type DialogTurnResult,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import type { Lang } from '../src/nlu/types';
import { requestOpening, type Opening } from '../src/nlu/opening';
import { findPlace, placeAnswer } from '../src/routing/place';
import { parseCreditCode } from '../src/validation/creditCode';
import { maskIdCardNumbers } from '../src/validation/idCard';
import { parsePhoneAnswer } from '../src/validation/phone';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import { summaryCard } from './cards';
import { choicesActivity } from './choiceStyle';
import { isSkip, matchCommand, matchOption, yesNo, type Option } from './choices';
import { flagEnterprisePriority, handleEmergency, handleHumanRequest } from './escalation';
import { fileTicket } from './filing';
import { messages } from './messages';
import type { IntakeState } from './session';
import { getProfile, getSession, type DialogServices } from './services';
import { requestText } from './turnText';

export const INTAKE_DIALOG = 'intakeDialog';
const WATERFALL = 'intakeWaterfall';
const DESCRIBE_PROMPT = 'intakeDescribe';
const DEPARTMENT_PROMPT = 'intakeDepartment';
const DISTRICT_PROMPT = 'intakeDistrict';
const PLACE_PROMPT = 'intakePlace';
const TYPE_PROMPT = 'intakeRequesterType';
const ENTERPRISE_PROMPT = 'intakeEnterpriseName';
const CREDIT_CODE_PROMPT = 'intakeCreditCode';
const PHONE_PROMPT = 'intakePhone';
const CONFIRM_PROMPT = 'intakeConfirm';

/** A prompt re-asks at most twice; the third unusable answer moves on (or offers a person). */
const MAX_ATTEMPTS = 3;

type Pick = 'redescribe' | 'human';
type Confirm = 'confirm' | 'notRight' | 'cancel';

/** What to ask when there is no description yet. */
type Ask = 'describe' | 'opening' | 'unclear';

export interface IntakeOptions {
  /** What the person wrote; empty to ask them to describe the problem. */
  text: string;
  /** `opening`: they announced a request without content; `unclear`: the last one was unreadable. */
  ask?: Ask;
}

/**
 * From a description to a filed ticket: settle the department, ask only what is missing, show
 * a summary, file on confirmation. State lives in the conversation's session (IntakeState) so
 * "human" at any point can file what is known.
 */
export class IntakeDialog extends CancelAndHelpDialog {
  constructor(services: DialogServices) {
    super(INTAKE_DIALOG, services);
    const valid =
      (check: (text: string, ctx: TurnContext) => boolean | Promise<boolean>) =>
      async (pc: PromptValidatorContext<string>) =>
        (pc.recognized.succeeded && (await check(pc.recognized.value ?? '', pc.context))) ||
        pc.attemptCount >= MAX_ATTEMPTS;
    this.addDialog(
      new TextPrompt(
        DESCRIBE_PROMPT,
        valid((t) => t.trim().length >= 2),
      ),
    )
      .addDialog(
        new TextPrompt(
          DEPARTMENT_PROMPT,
          valid((t, ctx) => this.isPick(t, ctx)),
        ),
      )
      .addDialog(
        new TextPrompt(
          DISTRICT_PROMPT,
          valid((t) => isSkip(t) || services.districts.parseAnswer(t) !== null),
        ),
      )
      .addDialog(
        new TextPrompt(
          PLACE_PROMPT,
          valid((t) => t.trim().length >= 2),
        ),
      )
      .addDialog(
        new TextPrompt(
          TYPE_PROMPT,
          valid((t) => typeOf(t) !== null),
        ),
      )
      .addDialog(
        new TextPrompt(
          ENTERPRISE_PROMPT,
          valid((t) => isEnterpriseName(t)),
        ),
      )
      .addDialog(new TextPrompt(CREDIT_CODE_PROMPT, (pc) => this.validateCreditCode(pc)))
      .addDialog(
        new TextPrompt(
          PHONE_PROMPT,
          valid((t) => isSkip(t) || parsePhoneAnswer(t, services.defaultAreaCode).ok),
        ),
      )
      .addDialog(
        new TextPrompt(
          CONFIRM_PROMPT,
          valid((t) => confirmOf(t) !== null),
        ),
      )
      .addDialog(
        new WaterfallDialog(WATERFALL, [
          this.describeStep.bind(this),
          this.classifyStep.bind(this),
          this.departmentStep.bind(this),
          this.districtStep.bind(this),
          this.placeStep.bind(this),
          this.requesterTypeStep.bind(this),
          this.enterpriseNameStep.bind(this),
          this.creditCodeStep.bind(this),
          this.phoneStep.bind(this),
          this.summaryStep.bind(this),
          this.confirmStep.bind(this),
        ]),
      );
    this.initialDialogId = WATERFALL;
  }

  // ---- steps -------------------------------------------------------------------------------

  private async describeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const session = await getSession(this.services, step.context);
    const options = readOptions(step.options);
    const text = options.text.trim();
    if (session.intake !== undefined && session.intake.text !== '' && text === '') {
      return step.next(); // resumed after a correction: everything known is kept
    }
    if (text !== '') {
      // MainDialog has already classified this message: keep its answer rather than redo it.
      const known = session.intake?.text === text ? session.intake.classification : null;
      session.intake = { text, classification: known };
      return step.next();
    }
    // What is known so far (the kind announced, how often they were not understood, and after
    // "重新描述" the district, place, requester and phone) is kept; only a description is asked.
    session.intake = { ...session.intake, text: '', classification: null };
    const ask = this.describePrompt(session.lang, options.ask ?? 'describe', session.intake);
    return step.prompt(DESCRIBE_PROMPT, { prompt: ask, retryPrompt: ask });
  }

  private async classifyStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const intake = await this.intake(step);
    let read = intake.text;
    if (typeof step.result === 'string') {
      if (step.result.trim().length < 2) return this.giveUp(step);
      // As in MainDialog: classified on the message as the turn reads it (cut to
      // MESSAGE_MAX_CHARS), filed with what the person wrote (requestText), ID numbers masked.
      read = step.result.trim();
      // "我有个问题" answered with "我要投诉": still no content, but now a kind of request.
      const opening = requestOpening(read);
      if (opening !== null) return this.notUnderstood(step, intake, opening);
      intake.text = maskIdCardNumbers(requestText(step.context).trim());
      intake.classification = null;
      if (intake.earlierTexts !== undefined) this.readLocation(intake);
    }
    if (intake.classification === null) {
      const c = this.services.classifier.classify(read);
      if (c.emergency) {
        await handleEmergency(this.services, step.context, c.emergencyKind);
        return step.endDialog();
      }
      // "投诉" then the content: the content names the department, the opening the category.
      const hint = intake.categoryHint;
      intake.classification = hint === undefined ? c : { ...c, category: hint };
    }
    if (intake.department !== undefined) return step.next();
    const c = intake.classification;
    if (c.department === null && intake.correcting !== true)
      return this.notUnderstood(step, intake);
    intake.unclear = undefined;
    if (
      intake.correcting !== true &&
      c.department !== null &&
      c.confidence >= this.services.confidenceThreshold
    ) {
      intake.department = c.department;
      intake.decidedBy = 'model';
      return step.next();
    }
    const lang = await this.lang(step);
    const m = messages(lang);
    const ask = intake.correcting === true ? m.askCorrection : m.askDepartment;
    const picks = this.pickOptions(lang, intake).map((o) => o.label);
    return step.prompt(DEPARTMENT_PROMPT, {
      prompt: choicesActivity(step.context, ask, picks, lang),
      retryPrompt: choicesActivity(step.context, ask, picks, lang),
    });
  }

  private async departmentStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const intake = await this.intake(step);
    if (typeof step.result === 'string') {
      const lang = await this.lang(step);
      const picked = this.pickOf(step.result, lang, intake);
      if (picked === null) return this.giveUp(step, 'unsure');
      if (picked === 'human') return this.toHuman(step);
      if (picked === 'redescribe') return this.redescribe(step, intake);
      intake.department = picked;
      intake.decidedBy = 'requester';
      intake.correcting = undefined;
    }
    return this.askDistrict(step, intake);
  }

  private async askDistrict(
    step: WaterfallStepContext,
    intake: IntakeState,
  ): Promise<DialogTurnResult> {
    if (intake.district !== undefined) return step.next();
    if (!this.asksLocation(intake)) {
      intake.district = this.services.districts.find(intake.text)?.code ?? null;
      return step.next();
    }
    const found = this.services.districts.find(intake.text);
    if (found !== null) {
      intake.district = found.code;
      return step.next();
    }
    const lang = await this.lang(step);
    const m = messages(lang);
    const names = [...this.services.districts.all().map((d) => d[lang]), m.skip];
    return step.prompt(DISTRICT_PROMPT, {
      prompt: choicesActivity(step.context, m.askDistrict, names, lang),
      retryPrompt: choicesActivity(step.context, m.retryDistrict, names, lang),
    });
  }

  private async districtStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const intake = await this.intake(step);
    if (typeof step.result === 'string') {
      const district = isSkip(step.result)
        ? null
        : this.services.districts.parseAnswer(step.result);
      intake.district = district?.code ?? null;
      if (district === null) {
        await step.context.sendActivity(messages(await this.lang(step)).districtSkipped);
      }
    }
    if (intake.place !== undefined) return step.next();
    const names = this.services.districts.all().flatMap((d) => [d.zh, d.en, ...d.aliases]);
    const place = findPlace(intake.text, names);
    if (place !== null || !this.asksLocation(intake)) {
      intake.place = place;
      return step.next();
    }
    const m = messages(await this.lang(step));
    return step.prompt(PLACE_PROMPT, {
      prompt: MessageFactory.suggestedActions([m.skip], m.askPlace),
      retryPrompt: MessageFactory.suggestedActions([m.skip], m.retryPlace),
    });
  }

  private async placeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const intake = await this.intake(step);
    if (typeof step.result === 'string') {
      const answer = step.result.trim();
      intake.place =
        isSkip(answer) || answer.length < 2
          ? null
          : maskIdCardNumbers(placeAnswer(answer).slice(0, 200));
    }
    if (intake.requesterType !== undefined) return step.next();
    const profile = await getProfile(this.services, step.context);
    if (profile.requesterType !== undefined) {
      intake.requesterType = profile.requesterType;
      return step.next();
    }
    const m = messages(await this.lang(step));
    return step.prompt(TYPE_PROMPT, {
      prompt: MessageFactory.suggestedActions([m.citizen, m.enterprise], m.askRequesterType),
      retryPrompt: MessageFactory.suggestedActions([m.citizen, m.enterprise], m.retryRequesterType),
    });
  }

  private async requesterTypeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const intake = await this.intake(step);
    const profile = await getProfile(this.services, step.context);
    if (typeof step.result === 'string') {
      intake.requesterType = typeOf(step.result) ?? 'citizen';
      profile.requesterType = intake.requesterType;
    }
    if (intake.requesterType !== 'enterprise' || intake.enterpriseName !== undefined) {
      return step.next();
    }
    if (profile.enterpriseName !== undefined) {
      intake.enterpriseName = profile.enterpriseName;
      return step.next();
    }
    const m = messages(await this.lang(step));
    return step.prompt(ENTERPRISE_PROMPT, {
      prompt: m.askEnterpriseName,
      retryPrompt: m.retryEnterpriseName,
    });
  }

  private async enterpriseNameStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const intake = await this.intake(step);
    const profile = await getProfile(this.services, step.context);
    if (typeof step.result === 'string') {
      const name = step.result.trim().slice(0, 100);
      if (isEnterpriseName(name)) {
        intake.enterpriseName = name;
        profile.enterpriseName = name;
      }
    }
    if (intake.requesterType !== 'enterprise' || intake.creditCode !== undefined) {
      return step.next();
    }
    if (profile.creditCode !== undefined) {
      intake.creditCode = profile.creditCode;
      return step.next();
    }
    return step.prompt(CREDIT_CODE_PROMPT, {
      prompt: messages(await this.lang(step)).askCreditCode,
    });
  }

  private async creditCodeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const intake = await this.intake(step);
    if (typeof step.result === 'string') {
      const parsed = parseCreditCode(step.result);
      if (parsed.ok) {
        intake.creditCode = parsed.value;
        (await getProfile(this.services, step.context)).creditCode = parsed.value;
      } else {
        intake.creditCode = null;
        await step.context.sendActivity(messages(await this.lang(step)).creditCodeSkipped);
      }
    }
    return this.askPhone(step, intake);
  }

  /** A wrong credit code is re-asked with the specific reason (length, characters, check digit). */
  private async validateCreditCode(pc: PromptValidatorContext<string>): Promise<boolean> {
    const parsed = parseCreditCode(pc.recognized.value ?? '');
    if (parsed.ok || pc.attemptCount >= MAX_ATTEMPTS) return true;
    const m = messages((await getSession(this.services, pc.context)).lang);
    // Having replied here, the prompt does not send its generic retry as well.
    await pc.context.sendActivity(m.retryCreditCode(m.creditCodeReasons[parsed.code]));
    return false;
  }

  private async askPhone(
    step: WaterfallStepContext,
    intake: IntakeState,
  ): Promise<DialogTurnResult> {
    if (intake.phone !== undefined) return step.next();
    const profile = await getProfile(this.services, step.context);
    if (profile.phone !== undefined || profile.phoneDeclined === true) {
      intake.phone = profile.phone ?? null;
      return step.next();
    }
    const m = messages(await this.lang(step));
    return step.prompt(PHONE_PROMPT, {
      prompt: MessageFactory.suggestedActions([m.skip], m.askPhone),
      retryPrompt: MessageFactory.suggestedActions([m.skip], m.retryPhone),
    });
  }

  private async phoneStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const intake = await this.intake(step);
    if (typeof step.result === 'string') {
      const profile = await getProfile(this.services, step.context);
      const parsed = parsePhoneAnswer(step.result, this.services.defaultAreaCode);
      if (parsed.ok) {
        intake.phone = parsed.value;
        profile.phone = parsed.value;
      } else {
        intake.phone = null;
        profile.phoneDeclined = true;
        await step.context.sendActivity(messages(await this.lang(step)).phoneSkipped);
      }
    }
    return step.next();
  }

  private async summaryStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const intake = await this.intake(step);
    const lang = await this.lang(step);
    return step.prompt(CONFIRM_PROMPT, {
      prompt: this.summaryActivity(lang, intake),
      retryPrompt: this.withOptions(messages(lang).retryConfirm, confirmOptions(lang)),
    });
  }

  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const intake = await this.intake(step);
    const lang = await this.lang(step);
    const m = messages(lang);
    const answer = typeof step.result === 'string' ? confirmOf(step.result) : null;
    if (answer === null) return this.giveUp(step);
    if (answer === 'cancel') {
      (await getSession(this.services, step.context)).intake = undefined;
      await step.context.sendActivity(m.cancelled);
      return step.endDialog();
    }
    if (answer === 'notRight') {
      intake.department = undefined;
      intake.decidedBy = undefined;
      intake.correcting = true;
      return this.restart(step);
    }
    const department = intake.department;
    if (department === undefined) return this.restart(step);
    const { ticket, created } = await fileTicket(this.services, step.context, {
      ...intake,
      department,
    });
    const session = await getSession(this.services, step.context);
    session.intake = undefined;
    session.lastFiled = { ticketId: ticket.id, at: this.services.clock.now().toISOString() };
    const due = this.services.calendar.formatDue(new Date(ticket.dueAt), lang);
    const name = this.departmentName(ticket.firstContactDepartment, lang);
    await step.context.sendActivity(
      created ? m.created(ticket.id, name, due) : m.duplicate(ticket.id),
    );
    if (created && intake.requesterType === 'enterprise' && this.services.enterprisePriority) {
      await flagEnterprisePriority(this.services, step.context, intake, ticket.id);
    }
    return step.endDialog({ ticketId: ticket.id });
  }

  // ---- helpers -----------------------------------------------------------------------------

  private async intake(step: WaterfallStepContext): Promise<IntakeState> {
    const session = await getSession(this.services, step.context);
    session.intake ??= { text: '', classification: null };
    return session.intake;
  }

  private async lang(step: WaterfallStepContext): Promise<Lang> {
    return (await getSession(this.services, step.context)).lang;
  }

  private asksLocation(intake: IntakeState): boolean {
    const department = intake.department
      ? this.services.departments.get(intake.department)
      : undefined;
    const category = intake.classification?.category;
    return (department?.asksLocation ?? true) && category !== 'consult' && category !== 'praise';
  }

  private departmentName(code: string, lang: Lang): string {
    const d = this.services.departments.get(code);
    if (d === undefined) return code;
    return lang === 'zh' ? d.zh : `${d.en} (${d.zh})`;
  }

  /** The top three departments, then "describe again" and "talk to a person". */
  private pickOptions(lang: Lang, intake: IntakeState): Option<string>[] {
    const m = messages(lang);
    const c = intake.classification;
    const codes = c === null ? [] : [c.department, ...c.alternatives.map((a) => a.department)];
    const top = codes
      .filter((code): code is string => code !== null && this.services.departments.has(code))
      .slice(0, 3);
    return [
      ...top.map((code) => {
        const d = this.services.departments.get(code);
        return {
          value: code,
          label: lang === 'zh' ? (d?.zh ?? code) : (d?.en ?? code),
          synonyms: [d?.zh ?? code, d?.en ?? code],
        };
      }),
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

  private async isPick(text: string, ctx: TurnContext): Promise<boolean> {
    const session = await getSession(this.services, ctx);
    const intake = session.intake ?? { text: '', classification: null };
    return this.pickOf(text, session.lang, intake) !== null;
  }

  /**
   * A button, a department's name or number, or a natural answer: "对" / "ok" takes the first
   * department offered (the best guess; not while correcting, when it is the one just refused),
   * "不是" / "no" means none of them.
   */
  private pickOf(text: string, lang: Lang, intake: IntakeState): string | null {
    const options = this.pickOptions(lang, intake);
    const picked = matchOption(text, options);
    if (picked !== null) return picked;
    const answer = yesNo(text);
    if (answer === 'no') return 'redescribe' satisfies Pick;
    const [first] = options;
    const firstIsDepartment = first !== undefined && this.services.departments.has(first.value);
    return answer === 'yes' && intake.correcting !== true && firstIsDepartment ? first.value : null;
  }

  private describePrompt(lang: Lang, ask: Ask, intake: IntakeState): Partial<Activity> | string {
    const m = messages(lang);
    if (ask === 'opening') return m.askWhatAbout(intake.categoryHint ?? null);
    if (ask === 'describe') {
      const keeps = [intake.district, intake.place, intake.requesterType, intake.phone].some(
        (known) => known !== undefined,
      );
      return keeps ? m.askRedescribeKeeping : m.askRedescribe;
    }
    if ((intake.unclear ?? 0) < 2) return m.notUnderstood;
    return MessageFactory.suggestedActions([m.humanChoice], m.notUnderstoodAgain);
  }

  /**
   * The description said nothing the bot could read (gibberish, another "我要投诉"): no
   * department is guessed; it asks again, and after the third such description a person takes over.
   */
  private async notUnderstood(
    step: WaterfallStepContext,
    intake: IntakeState,
    opening: Opening | null = null,
  ): Promise<DialogTurnResult> {
    const unclear = (intake.unclear ?? 0) + 1;
    if (unclear >= MAX_ATTEMPTS) return this.giveUp(step);
    const categoryHint = opening?.hint ?? intake.categoryHint;
    const session = await getSession(this.services, step.context);
    // What was known before this description (after "重新描述": where, who, the phone) stays.
    session.intake = {
      ...intake,
      text: '',
      classification: null,
      unclear,
      ...(categoryHint !== undefined ? { categoryHint } : {}),
    };
    const ask: Ask = opening === null ? 'unclear' : 'opening';
    return step.replaceDialog(WATERFALL, { text: '', ask } satisfies IntakeOptions);
  }

  private withOptions(text: string, options: Option<string>[]): Partial<Activity> {
    return MessageFactory.suggestedActions(
      options.map((o) => o.label),
      text,
    );
  }

  private summaryActivity(lang: Lang, intake: IntakeState): Partial<Activity> {
    const code = intake.department ?? '';
    const d = this.services.departments.get(code);
    const district = intake.district ? this.services.districts.get(intake.district) : undefined;
    const card = summaryCard({
      lang,
      departmentZh: d?.zh ?? code,
      departmentEn: d?.en ?? code,
      category: intake.classification?.category ?? 'consult',
      district: district ? district[lang] : null,
      place: intake.place ?? null,
      text: intake.text,
      requesterType: intake.requesterType ?? 'citizen',
      ...(intake.enterpriseName !== undefined ? { enterpriseName: intake.enterpriseName } : {}),
      creditCode: intake.creditCode ?? null,
      phone: intake.phone ?? null,
    });
    const activity = MessageFactory.attachment(card, messages(lang).summaryIntro);
    activity.suggestedActions = {
      actions: CardFactory.actions(confirmOptions(lang).map((o) => o.label)),
      to: [],
    };
    return activity;
  }

  /** Back to the start of the waterfall; every step skips what the intake already knows. */
  private async restart(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.replaceDialog(WATERFALL, { text: '' });
  }

  /**
   * "都不是，重新描述": only the description is asked again. The department goes with the old
   * description; the district, place, requester, enterprise and phone stay, and the old
   * description is kept for the ticket (`earlierTexts`).
   */
  private async redescribe(
    step: WaterfallStepContext,
    intake: IntakeState,
  ): Promise<DialogTurnResult> {
    const earlier = [...(intake.earlierTexts ?? []), intake.text].filter((t) => t.trim() !== '');
    (await getSession(this.services, step.context)).intake = {
      text: '',
      classification: null,
      earlierTexts: earlier,
      district: intake.district,
      place: intake.place,
      requesterType: intake.requesterType,
      enterpriseName: intake.enterpriseName,
      creditCode: intake.creditCode,
      phone: intake.phone,
      categoryHint: intake.categoryHint,
    };
    return this.restart(step);
  }

  /** A new description that names a district or a place says where, over what was known. */
  private readLocation(intake: IntakeState): void {
    const district = this.services.districts.find(intake.text);
    if (district !== null) intake.district = district.code;
    const names = this.services.districts.all().flatMap((d) => [d.zh, d.en, ...d.aliases]);
    const place = findPlace(intake.text, names);
    if (place !== null) intake.place = place;
  }

  private async toHuman(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await handleHumanRequest(this.services, step.context);
    return step.endDialog();
  }

  /** Prompts failed again and again: a person takes over, with what is known filed first. */
  private async giveUp(
    step: WaterfallStepContext,
    reason: 'failed_prompts' | 'unsure' = 'failed_prompts',
  ): Promise<DialogTurnResult> {
    await step.context.sendActivity(messages(await this.lang(step)).gaveUpToHuman);
    await handleHumanRequest(this.services, step.context, reason);
    return step.endDialog();
  }
}

const IntakeOptionsSchema = z.object({
  text: z.string(),
  ask: z.enum(['describe', 'opening', 'unclear']).optional(),
});

function readOptions(options: unknown): IntakeOptions {
  const parsed = IntakeOptionsSchema.safeParse(options);
  if (!parsed.success) return { text: '' };
  const { text, ask } = parsed.data;
  return ask === undefined ? { text } : { text, ask };
}

/** A name, not a skip or a command: it may be remembered for the whole Teams tenant. */
function isEnterpriseName(text: string): boolean {
  const t = text.trim();
  return t.length >= 2 && t.length <= 100 && !isSkip(t) && matchCommand(t) === null;
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
    { value: 'cancel', label: m.cancelChoice, synonyms: ['取消', 'cancel'] },
  ];
}

/** "确认提交" / "Submit" or a synonym: the answer that files the summary. */
export function isConfirmation(text: string): boolean {
  return confirmOf(text) === 'confirm';
}

/** A button or a natural answer: "可以", "没问题，提交吧", "looks good" / "不对，改一下", "wrong". */
function confirmOf(text: string): Confirm | null {
  const picked = matchOption(text, [...confirmOptions('zh'), ...confirmOptions('en')]);
  if (picked !== null) return picked;
  const answer = yesNo(text);
  return answer === 'yes' ? 'confirm' : answer === 'no' ? 'notRight' : null;
}

function typeOf(text: string): 'citizen' | 'enterprise' | null {
  return matchOption(text, [
    {
      value: 'citizen',
      label: '市民',
      synonyms: ['个人', '居民', '群众', 'citizen', 'resident', 'individual', 'person', 'personal'],
    },
    {
      value: 'enterprise',
      label: '企业',
      synonyms: ['公司', '单位', '企业主', 'enterprise', 'company', 'business', 'firm'],
    },
  ]);
}
