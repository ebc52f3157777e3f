import { type DialogTurnResult } from 'botbuilder-dialogs';
import { AskPrompt } from '../askPrompt';
import { LeanComponentDialog } from '../componentDialog';
import { Waterfall, type Step } from '../waterfall';
import { z } from 'zod';
import { findCreditCode, parseCreditCode } from '../../src/validation/creditCode';
import { messages } from '../messages';
import { getProfile, type DialogServices } from '../services';
import type { RequesterProfile } from '../session';
import {
  acceptCreditCode,
  accepting,
  isEnterpriseName,
  record,
  saysCitizenInstead,
  replyLang,
  type Outcome,
} from './form';

export const ENTERPRISE_DETAILS_DIALOG = 'intakeEnterpriseDetailsDialog';
const WATERFALL = 'intakeEnterpriseDetailsWaterfall';
const NAME_PROMPT = 'intakeEnterpriseName';
const CREDIT_CODE_PROMPT = 'intakeCreditCode';

const EnterpriseDetailsOptionsSchema = z.object({
  /** Already known for this intake: not asked again. null = asked and left open. */
  enterpriseName: z.string().optional(),
  creditCode: z.string().nullable().optional(),
  /** The person corrects who they are: both asked though their profile knows them. */
  reask: z.boolean().default(false),
});
export type EnterpriseDetailsOptions = z.input<typeof EnterpriseDetailsOptionsSchema>;

/**
 * An enterprise's name and unified social credit code, each asked once per person (remembered in
 * their profile); a wrong code is re-asked with the reason, and left open after three tries.
 */
export class EnterpriseDetailsDialog extends LeanComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(ENTERPRISE_DETAILS_DIALOG);
    this.addDialog(
      new AskPrompt(NAME_PROMPT, services, {
        validator: accepting((t) => isEnterpriseName(t)),
        retry: (_ctx, lang) => messages(lang).retryEnterpriseName,
      }),
    )
      .addDialog(
        new AskPrompt(CREDIT_CODE_PROMPT, services, {
          // "跳过" files without a code, as three unusable answers do: staff verify it.
          validator: async (pc) =>
            saysCitizenInstead(pc.recognized.value ?? '') ||
            acceptCreditCode(this.services, pc, true),
        }),
      )
      .addDialog(
        new Waterfall(WATERFALL, [
          this.askNameStep.bind(this),
          this.askCreditCodeStep.bind(this),
          this.creditCodeGivenStep.bind(this),
        ]),
      );
    this.initialDialogId = WATERFALL;
  }

  private async askNameStep(step: Step): Promise<DialogTurnResult> {
    const o = options(step);
    if (o.enterpriseName !== undefined) return step.next();
    const profile = await getProfile(this.services, step.context);
    if (profile.enterpriseName !== undefined && !o.reask) {
      await record(this.services, step.context, { enterpriseName: profile.enterpriseName });
      return step.next();
    }
    const m = messages(await replyLang(this.services, step.context));
    return step.prompt(NAME_PROMPT, {
      prompt: m.askEnterpriseName,
    });
  }

  private async askCreditCodeStep(step: Step): Promise<DialogTurnResult> {
    const profile = await getProfile(this.services, step.context);
    if (typeof step.result === 'string' && saysCitizenInstead(step.result)) {
      return this.citizenAfterAll(step);
    }
    const o = options(step);
    if (typeof step.result === 'string') {
      const given = nameAndCode(step.result);
      const name = given.name.slice(0, 100);
      if (isEnterpriseName(name)) {
        await record(this.services, step.context, { enterpriseName: name });
        if (profile.enterpriseName !== undefined && profile.enterpriseName !== name) {
          forAnotherEnterprise(profile);
        }
        profile.enterpriseName = name;
      }
      if (given.code !== null) {
        // Pasted with the name ("…有限公司（统一社会信用代码：9137…）"): not asked for again.
        await record(this.services, step.context, { creditCode: given.code });
        profile.creditCode = given.code;
        profile.creditCodeDeclined = undefined;
        return step.endDialog('answered' satisfies Outcome);
      }
    }
    if (o.creditCode !== undefined) return step.endDialog('answered' satisfies Outcome);
    if ((profile.creditCode !== undefined || profile.creditCodeDeclined === true) && !o.reask) {
      await record(this.services, step.context, { creditCode: profile.creditCode ?? null });
      return step.endDialog('answered' satisfies Outcome);
    }
    return step.prompt(CREDIT_CODE_PROMPT, {
      prompt: messages(await replyLang(this.services, step.context)).askCreditCode,
    });
  }

  private async creditCodeGivenStep(step: Step): Promise<DialogTurnResult> {
    const answer = typeof step.result === 'string' ? step.result : '';
    if (saysCitizenInstead(answer)) return this.citizenAfterAll(step);
    const parsed = parseCreditCode(answer);
    const profile = await getProfile(this.services, step.context);
    if (parsed.ok) {
      await record(this.services, step.context, { creditCode: parsed.value });
      profile.creditCode = parsed.value;
      profile.creditCodeDeclined = undefined;
    } else {
      await record(this.services, step.context, { creditCode: null });
      profile.creditCodeDeclined = true;
      const m = messages(await replyLang(this.services, step.context));
      await step.context.sendActivity(m.creditCodeSkipped);
    }
    return step.endDialog('answered' satisfies Outcome);
  }

  /** "不是企业，是个人" at the name or the code: filed as a citizen, remembered so. */
  private async citizenAfterAll(step: Step): Promise<DialogTurnResult> {
    await record(this.services, step.context, {
      requesterType: 'citizen',
      enterpriseName: undefined,
      creditCode: undefined,
    });
    (await getProfile(this.services, step.context)).requesterType = 'citizen';
    const m = messages(await replyLang(this.services, step.context));
    await step.context.sendActivity(m.filedAsCitizen);
    return step.endDialog('answered' satisfies Outcome);
  }
}

/** Before a code, what announces it: "（统一社会信用代码：", ", credit code: ". */
const CODE_LABEL =
  /[\s（(【[,，;；]*(?:统一社会信用代码|社会信用代码|信用代码|代码|税号|(?:unified social )?credit code)?[\s:：是为]*$/iu;
const ENCLOSING = /^[\s)）】\],，;；。.]+|[\s（(【[,，;；:：]+$/gu;

/**
 * An answer to the name that also gives the credit code: the name without the code and its label,
 * and the code; or the whole answer as the name.
 */
function nameAndCode(answer: string): { name: string; code: string | null } {
  const text = answer.normalize('NFKC').trim();
  const code = findCreditCode(text);
  if (code === null) return { name: answer.trim(), code: null };
  const written = new RegExp([...code].join('[ -]?'), 'iu').exec(text);
  if (written === null) return { name: answer.trim(), code };
  const before = text.slice(0, written.index).replace(CODE_LABEL, '');
  const after = text.slice(written.index + written[0].length);
  return { name: (before.trim() === '' ? after : before).replace(ENCLOSING, ''), code };
}

function options(step: Step): z.output<typeof EnterpriseDetailsOptionsSchema> {
  const parsed = EnterpriseDetailsOptionsSchema.safeParse(step.options);
  return parsed.success ? parsed.data : { reask: false };
}

/**
 * The person names an enterprise other than the one their profile held (on Teams, perhaps their
 * tenant's, when two companies share one): the old credit code was that one's, and from now on
 * the details are the person's own, not the tenant's (src/channels/teams/enterpriseIdentity.ts).
 */
function forAnotherEnterprise(profile: RequesterProfile): void {
  profile.creditCode = undefined;
  profile.creditCodeDeclined = undefined;
  profile.enterpriseTenantId = undefined;
}
