import type { TurnContext } from 'botbuilder';
import { DialogTurnStatus, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { Waterfall, type Step } from '../waterfall';
import { z } from 'zod';
import type { Category, Classification } from '../../src/nlu/types';
import { DepartmentNames } from '../../src/routing/departmentNames';
import { CancelAndHelpDialog } from '../cancelAndHelpDialog';
import { asksForCall, type Command } from '../choices';
import { flagEnterprisePriority } from '../escalation';
import { fileTicket } from '../filing';
import { vouchedName } from '../identity';
import { readName } from '../../src/validation/requesterName';
import { maskIdCardNumbers } from '../../src/validation/idCard';
import { laterMatterIn } from '../../src/nlu/matters';
import { messageLength } from '../../src/nlu/language';
import { dangerInAnswer } from '../danger';
import { messages } from '../messages';
import type { IntakeState } from '../session';
import { getSession, type DialogServices } from '../services';
import { CONFIRM_DIALOG, ConfirmDialog, type ConfirmOptions } from './confirmDialog';
import {
  CORRECT_DIALOG,
  CorrectDialog,
  FieldSchema,
  type CorrectOptions,
  type Field,
} from './correctDialog';
import { DEPARTMENT_DIALOG, DepartmentDialog, type DepartmentOptions } from './departmentDialog';
import { DESCRIBE_DIALOG, DescribeDialog, type DescribeOptions } from './describeDialog';
import {
  ENTERPRISE_DETAILS_DIALOG,
  EnterpriseDetailsDialog,
  type EnterpriseDetailsOptions,
} from './enterpriseDetailsDialog';
import { intakeForm, outcomeOf, readLocation, record, replyLang } from './form';
import {
  DISTRICT_PROMPT,
  LOCATION_DIALOG,
  LocationDialog,
  type LocationOptions,
} from './locationDialog';
import { NAME_DIALOG, NameDialog, type NameOptions } from './nameDialog';
import { PHONE_DIALOG, PhoneDialog, type PhoneOptions } from './phoneDialog';
import { REQUESTER_DIALOG, RequesterDialog, type RequesterOptions } from './requesterDialog';

export const INTAKE_DIALOG = 'intakeDialog';
const WATERFALL = 'intakeWaterfall';

/** How MainDialog starts an intake: with a request it classified, or an announced one. */
export type IntakeOptions =
  /**
   * What the person wrote (ID numbers masked) and MainDialog's reading of it; `where`: the whole
   * message this matter was cut from, read for the district and place when the matter names none.
   */
  | { text: string; classification: Classification; where?: string }
  /** "投诉", "我有个问题": a request whose content comes next (`hint`: the kind announced). */
  | { opening: Category | null };

/** Set when the waterfall (re)starts. */
const WaterfallOptionsSchema = z.object({
  /** What it asks for when it has no description. */
  ask: z.enum(['describe', 'opening', 'unclear']).default('describe'),
  unclear: z.number().int().min(0).default(0),
  /**
   * A field the person corrected at the summary: asked again, though the description or their
   * profile could answer it (the answer they gave is the one they said was wrong).
   */
  reask: FieldSchema.extract(['location', 'requester', 'phone', 'name']).optional(),
});
type WaterfallOptions = z.input<typeof WaterfallOptionsSchema>;

/**
 * From a description to a filed ticket: the department, where, who, a phone, the summary. Each
 * question is its own small dialog, skipped when the form already knows the answer; the form
 * lives in the conversation so "人工" at any point files what is known.
 */
export class IntakeDialog extends CancelAndHelpDialog<IntakeOptions> {
  private readonly names: DepartmentNames;

  constructor(services: DialogServices) {
    super(INTAKE_DIALOG, services);
    this.names = new DepartmentNames(services.departments);
    this.addDialog(new DescribeDialog(services))
      .addDialog(new DepartmentDialog(services))
      .addDialog(new LocationDialog(services))
      .addDialog(new RequesterDialog(services))
      .addDialog(new EnterpriseDetailsDialog(services))
      .addDialog(new PhoneDialog(services))
      .addDialog(new NameDialog(services))
      .addDialog(new ConfirmDialog(services))
      .addDialog(new CorrectDialog(services))
      .addDialog(
        new Waterfall(WATERFALL, [
          this.describeStep.bind(this),
          this.departmentStep.bind(this),
          this.locationStep.bind(this),
          this.requesterStep.bind(this),
          this.enterpriseStep.bind(this),
          this.phoneStep.bind(this),
          this.nameStep.bind(this),
          this.confirmStep.bind(this),
          this.fileStep.bind(this),
          this.correctedFieldStep.bind(this),
        ]),
      );
    this.initialDialogId = WATERFALL;
  }

  /** A new form for each intake; a request the model could not read is asked again at once. */
  protected override async onBeginDialog(
    innerDc: DialogContext,
    options?: IntakeOptions,
  ): Promise<DialogTurnResult> {
    const session = await getSession(this.services, innerDc.context);
    if (options === undefined || 'opening' in options) {
      const hint = options?.opening ?? null;
      session.intake = {
        text: '',
        classification: null,
        ...(hint !== null ? { categoryHint: hint } : {}),
      };
      return innerDc.beginDialog(WATERFALL, { ask: 'opening' });
    }
    if (options.classification.department === null) {
      // Nothing the model could read: asked again at once, as a first unreadable description.
      session.intake = { text: '', classification: null };
      return innerDc.beginDialog(WATERFALL, { ask: 'unclear', unclear: 1 });
    }
    session.intake = { text: options.text, classification: options.classification };
    if (options.where !== undefined) shareLocation(this.services, session.intake, options.where);
    return innerDc.beginDialog(WATERFALL);
  }

  /**
   * A conversation saved mid-intake by the version before the split waits on a question this
   * dialog no longer holds (it moved into a small dialog): the form is kept in the session, so
   * the intake restarts and asks the first question the form cannot answer yet.
   */
  override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const open = innerDc.activeDialog;
    if (open !== undefined && this.findDialog(open.id) === undefined) {
      await innerDc.cancelAllDialogs();
      return innerDc.beginDialog(WATERFALL);
    }
    return (await this.noteLaterMatter(innerDc)) ?? super.onContinueDialog(innerDc);
  }

  /**
   * "对了还有个事 小区门口的垃圾桶满了" typed at a question: another matter, not an answer. It is
   * kept to be filed after this one (MainDialog's next matter) and the open question asked again,
   * instead of being refused as an answer and lost.
   */
  private async noteLaterMatter(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const text = innerDc.context.activity.text ?? '';
    // Asked for the description itself, the words are the description.
    const describing = innerDc.activeDialog?.id === DESCRIBE_DIALOG;
    const message = innerDc.context.activity.type === 'message' && !describing;
    const later = message ? (laterMatterIn(text) ?? requestAtDistrict(innerDc, text)) : null;
    if (later === null || dangerInAnswer(this.services, text) !== null) return undefined;
    const c = this.services.classifier.classify(later);
    const request =
      c.department !== null &&
      c.confidence >= this.services.confidenceThreshold &&
      !c.emergency &&
      c.emergencyDoubt === null &&
      c.meta === null;
    if (!request) return undefined;
    const session = await getSession(this.services, innerDc.context);
    const matters = session.matters ?? { rest: [], next: 2 };
    const number = matters.next + matters.rest.length;
    session.matters = { ...matters, rest: [...matters.rest, maskIdCardNumbers(later)] };
    const m = messages(session.lang);
    await innerDc.context.sendActivity(m.laterMatterNoted(number, later));
    await innerDc.repromptDialog();
    return { status: DialogTurnStatus.waiting };
  }

  /**
   * "麻烦给我回电话" at the phone question asks for the call the phone is for, not for staff; "不用了"
   * or "算了" at the name question declines the name, not the whole request.
   */
  protected override takesAsAnswer(innerDc: DialogContext, command: Command): boolean {
    const open = innerDc.activeDialog?.id;
    const text = innerDc.context.activity.text ?? '';
    if (command === 'human') return open === PHONE_DIALOG && asksForCall(text);
    return command === 'cancel' && open === NAME_DIALOG && readName(text).kind === 'declined';
  }

  private async describeStep(step: Step): Promise<DialogTurnResult> {
    const form = await intakeForm(this.services, step.context);
    if (form.text !== '') return step.next();
    const { ask, unclear } = waterfallOptions(step);
    const known = [form.district, form.place, form.requesterType, form.phone];
    return step.beginDialog(DESCRIBE_DIALOG, {
      ask,
      unclear,
      keeps: known.some((answer) => answer !== undefined),
      ...(form.categoryHint !== undefined ? { categoryHint: form.categoryHint } : {}),
    } satisfies DescribeOptions);
  }

  private async departmentStep(step: Step): Promise<DialogTurnResult> {
    const outcome = outcomeOf(step.result);
    if (outcome === 'handedOver') return step.endDialog();
    const form = await intakeForm(this.services, step.context);
    if (outcome === 'answered' && form.earlierTexts !== undefined)
      readLocation(this.services, form);
    if (form.department !== undefined) return step.next();
    const c = form.classification;
    return step.beginDialog(DEPARTMENT_DIALOG, {
      classification: c ?? { department: null, confidence: 0, alternatives: [] },
      correcting: form.correcting === true,
    } satisfies DepartmentOptions);
  }

  private async locationStep(step: Step): Promise<DialogTurnResult> {
    const outcome = outcomeOf(step.result);
    if (outcome === 'handedOver') return step.endDialog();
    const form = await intakeForm(this.services, step.context);
    if (outcome === 'redescribe') return this.redescribe(step, form);
    return step.beginDialog(LOCATION_DIALOG, {
      text: form.text,
      fromText: waterfallOptions(step).reask !== 'location',
      asksLocation: this.asksLocation(form),
      district: form.district,
      place: form.place,
    } satisfies LocationOptions);
  }

  private async requesterStep(step: Step): Promise<DialogTurnResult> {
    const form = await intakeForm(this.services, step.context);
    if (form.requesterType !== undefined) return step.next();
    return step.beginDialog(REQUESTER_DIALOG, {
      reask: waterfallOptions(step).reask === 'requester',
    } satisfies RequesterOptions);
  }

  private async enterpriseStep(step: Step): Promise<DialogTurnResult> {
    const form = await intakeForm(this.services, step.context);
    if (form.requesterType !== 'enterprise') return step.next();
    return step.beginDialog(ENTERPRISE_DETAILS_DIALOG, {
      enterpriseName: form.enterpriseName,
      creditCode: form.creditCode,
      reask: waterfallOptions(step).reask === 'requester',
    } satisfies EnterpriseDetailsOptions);
  }

  private async phoneStep(step: Step): Promise<DialogTurnResult> {
    const form = await intakeForm(this.services, step.context);
    if (form.phone !== undefined) return step.next();
    return step.beginDialog(PHONE_DIALOG, {
      reask: waterfallOptions(step).reask === 'phone',
    } satisfies PhoneOptions);
  }

  /**
   * 怎么称呼您, for the department that calls back: asked only with a phone to call, and not on a
   * channel that vouches for the person's name (Teams), which the ticket carries instead.
   */
  private async nameStep(step: Step): Promise<DialogTurnResult> {
    const form = await intakeForm(this.services, step.context);
    if (form.name !== undefined || !form.phone || vouchedName(step.context) !== null) {
      return step.next();
    }
    return step.beginDialog(NAME_DIALOG, {
      reask: waterfallOptions(step).reask === 'name',
    } satisfies NameOptions);
  }

  private async confirmStep(step: Step): Promise<DialogTurnResult> {
    const form = await intakeForm(this.services, step.context);
    const lang = await replyLang(this.services, step.context);
    const district = form.district ? this.services.districts.get(form.district) : undefined;
    return step.beginDialog(CONFIRM_DIALOG, {
      department: this.names.bilingual(form.department ?? ''),
      category: form.classification?.category ?? 'consult',
      district: district ? district[lang] : null,
      place: form.place ?? null,
      text: form.text,
      requesterType: form.requesterType ?? 'citizen',
      ...(form.enterpriseName !== undefined ? { enterpriseName: form.enterpriseName } : {}),
      creditCode: form.creditCode ?? null,
      phone: form.phone ?? null,
      ...summaryName(step.context, form),
    } satisfies ConfirmOptions);
  }

  private async fileStep(step: Step): Promise<DialogTurnResult> {
    const outcome = outcomeOf(step.result);
    const session = await getSession(this.services, step.context);
    const form = await intakeForm(this.services, step.context);
    if (outcome === 'cancel') {
      session.intake = undefined;
      await step.context.sendActivity(messages(session.lang).cancelled);
      return step.endDialog();
    }
    if (outcome === 'notRight') {
      return step.beginDialog(CORRECT_DIALOG, {
        said: step.context.activity.text ?? '',
        asksLocation: this.asksLocation(form),
        // A name the person gave; one Teams vouches for is the account's, not theirs to edit here.
        asksName: typeof form.name === 'string' && vouchedName(step.context) === null,
      } satisfies CorrectOptions);
    }
    if (outcome !== 'confirm') return step.endDialog();
    const department = form.department;
    if (department === undefined) return step.replaceDialog(WATERFALL);
    return this.file(step, { ...form, department });
  }

  /** Only the field the person corrects is cleared; the waterfall asks it, then the summary. */
  private async correctedFieldStep(step: Step): Promise<DialogTurnResult> {
    const parsed = FieldSchema.safeParse(step.result);
    if (!parsed.success) return step.endDialog();
    const field: Field = parsed.data;
    switch (field) {
      case 'department':
        await record(this.services, step.context, {
          department: undefined,
          decidedBy: undefined,
          correcting: true,
        });
        return step.replaceDialog(WATERFALL);
      case 'text':
        return this.redescribe(step, await intakeForm(this.services, step.context));
      case 'location':
        await record(this.services, step.context, { district: undefined, place: undefined });
        break;
      case 'requester':
        await record(this.services, step.context, {
          requesterType: undefined,
          enterpriseName: undefined,
          creditCode: undefined,
        });
        break;
      case 'phone':
        await record(this.services, step.context, { phone: undefined });
        break;
      case 'name':
        await record(this.services, step.context, { name: undefined });
        break;
    }
    return step.replaceDialog(WATERFALL, { reask: field } satisfies WaterfallOptions);
  }

  private async file(
    step: Step,
    form: IntakeState & { department: string },
  ): Promise<DialogTurnResult> {
    const { ticket, created } = await fileTicket(this.services, step.context, form);
    const session = await getSession(this.services, step.context);
    session.intake = undefined;
    session.lastFiled = { ticketId: ticket.id, at: this.services.clock.now().toISOString() };
    const m = messages(session.lang);
    const due = this.services.calendar.formatDue(new Date(ticket.dueAt), session.lang);
    const name = this.names.withChinese(ticket.firstContactDepartment, session.lang);
    await step.context.sendActivity(
      created ? m.created(ticket.id, name, due) : m.duplicate(ticket.id),
    );
    if (created && form.requesterType === 'enterprise' && this.services.enterprisePriority) {
      await flagEnterprisePriority(this.services, step.context, form, ticket.id);
    }
    return step.endDialog({ ticketId: ticket.id });
  }

  private asksLocation(form: IntakeState): boolean {
    const department = form.department ? this.services.departments.get(form.department) : undefined;
    const category = form.classification?.category;
    return (department?.asksLocation ?? true) && category !== 'consult' && category !== 'praise';
  }

  /**
   * "都不是，重新描述": only the description is asked again. The department goes with the old
   * description; the district, place, requester, enterprise and phone stay, and the old
   * description is kept for the ticket (`earlierTexts`).
   */
  private async redescribe(step: Step, form: IntakeState): Promise<DialogTurnResult> {
    const earlier = [...(form.earlierTexts ?? []), form.text].filter((t) => t.trim() !== '');
    (await getSession(this.services, step.context)).intake = {
      text: '',
      classification: null,
      earlierTexts: earlier,
      district: form.district,
      place: form.place,
      requesterType: form.requesterType,
      enterpriseName: form.enterpriseName,
      creditCode: form.creditCode,
      phone: form.phone,
      name: form.name,
      categoryHint: form.categoryHint,
    };
    return step.replaceDialog(WATERFALL, { ask: 'describe' });
  }
}

/** The name the summary shows: the channel's vouched one, or the answer to 怎么称呼您 once asked. */
function summaryName(ctx: TurnContext, form: IntakeState): { name?: string | null } {
  const vouched = vouchedName(ctx);
  if (vouched !== null) return { name: vouched };
  return form.name !== undefined ? { name: form.name } : {};
}

function waterfallOptions(step: Step): z.output<typeof WaterfallOptionsSchema> {
  const parsed = WaterfallOptionsSchema.safeParse(step.options ?? {});
  return parsed.success ? parsed.data : WaterfallOptionsSchema.parse({});
}

/**
 * "路灯坏了，另外饭店油烟太大，在市北区延吉路": the place said once, at the end, is where both
 * matters are; a matter that names its own keeps it.
 */
function shareLocation(services: DialogServices, form: IntakeState, where: string): void {
  const own: IntakeState = { text: form.text, classification: null };
  readLocation(services, own);
  const whole: IntakeState = { text: where, classification: null };
  readLocation(services, whole);
  if (own.district === undefined && whole.district !== undefined) form.district = whole.district;
  if (own.place === undefined && whole.place !== undefined) form.place = whole.place;
}

/** Longer than any district answer ("城阳区棘洪滩街道"): a message this long may be a request. */
const REQUEST_AT_DISTRICT_LENGTH = 15;

/**
 * "园区门口的井盖丢了…城阳区棘洪滩" at the district question: a new request that names its place,
 * not the district of the one being asked about. Kept as a later matter (when the model reads it
 * as a request) instead of answering the question with its district.
 */
function requestAtDistrict(innerDc: DialogContext, text: string): string | null {
  if (innerDc.activeDialog?.id !== LOCATION_DIALOG) return null;
  if (innerDc.child?.activeDialog?.id !== DISTRICT_PROMPT) return null;
  return messageLength(text) >= REQUEST_AT_DISTRICT_LENGTH ? text.trim() : null;
}
