import {
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type DialogTurnResult,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { parseCreditCode } from '../../src/validation/creditCode';
import { isSkip, matchCommand } from '../choices';
import { messages } from '../messages';
import { getProfile, type DialogServices } from '../services';
import { accepting, AskPrompt, MAX_ATTEMPTS, record, replyLang, type Outcome } from './form';

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
export class EnterpriseDetailsDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(ENTERPRISE_DETAILS_DIALOG);
    this.addDialog(
      new AskPrompt(
        NAME_PROMPT,
        accepting((t) => isEnterpriseName(t)),
        services,
        (_ctx, lang) => messages(lang).retryEnterpriseName,
      ),
    )
      .addDialog(new TextPrompt(CREDIT_CODE_PROMPT, (pc) => this.validateCreditCode(pc)))
      .addDialog(
        new WaterfallDialog(WATERFALL, [
          this.askNameStep.bind(this),
          this.askCreditCodeStep.bind(this),
          this.creditCodeGivenStep.bind(this),
        ]),
      );
    this.initialDialogId = WATERFALL;
  }

  private async askNameStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
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

  private async askCreditCodeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const profile = await getProfile(this.services, step.context);
    if (typeof step.result === 'string') {
      const name = step.result.trim().slice(0, 100);
      if (isEnterpriseName(name)) {
        await record(this.services, step.context, { enterpriseName: name });
        profile.enterpriseName = name;
      }
    }
    const o = options(step);
    if (o.creditCode !== undefined) return step.endDialog('answered' satisfies Outcome);
    if (profile.creditCode !== undefined && !o.reask) {
      await record(this.services, step.context, { creditCode: profile.creditCode });
      return step.endDialog('answered' satisfies Outcome);
    }
    return step.prompt(CREDIT_CODE_PROMPT, {
      prompt: messages(await replyLang(this.services, step.context)).askCreditCode,
    });
  }

  private async creditCodeGivenStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const parsed = parseCreditCode(typeof step.result === 'string' ? step.result : '');
    if (parsed.ok) {
      await record(this.services, step.context, { creditCode: parsed.value });
      (await getProfile(this.services, step.context)).creditCode = parsed.value;
    } else {
      await record(this.services, step.context, { creditCode: null });
      const m = messages(await replyLang(this.services, step.context));
      await step.context.sendActivity(m.creditCodeSkipped);
    }
    return step.endDialog('answered' satisfies Outcome);
  }

  /** A wrong credit code is re-asked with the specific reason (length, characters, check digit). */
  private async validateCreditCode(pc: PromptValidatorContext<string>): Promise<boolean> {
    const parsed = parseCreditCode(pc.recognized.value ?? '');
    if (parsed.ok || pc.attemptCount >= MAX_ATTEMPTS) return true;
    const m = messages(await replyLang(this.services, pc.context));
    // Having replied here, the prompt does not send its generic retry as well.
    await pc.context.sendActivity(m.retryCreditCode(m.creditCodeReasons[parsed.code]));
    return false;
  }
}

function options(step: WaterfallStepContext): z.output<typeof EnterpriseDetailsOptionsSchema> {
  const parsed = EnterpriseDetailsOptionsSchema.safeParse(step.options);
  return parsed.success ? parsed.data : { reask: false };
}

/** A name, not a skip or a command: it may be remembered for the whole Teams tenant. */
function isEnterpriseName(text: string): boolean {
  const t = text.trim();
  return t.length >= 2 && t.length <= 100 && !isSkip(t) && matchCommand(t) === null;
}
