import { MessageFactory, type TurnContext } from 'botbuilder';
import { type DialogTurnResult } from 'botbuilder-dialogs';
import { AskPrompt } from './askPrompt';
import { Waterfall, type Step } from './waterfall';
import { teamsIdentity } from '../src/channels/teams/activity';
import { TenantRecordSchema, type TenantRecord } from '../src/channels/teams/tenantDirectory';
import { parseCreditCode } from '../src/validation/creditCode';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import { isSkip, normaliseAnswer } from './choices';
import { enterpriseMessages } from './enterpriseMessages';
import { messages } from './messages';
import { requesterKey } from './identity';
import { acceptCreditCode, isEnterpriseName, MAX_ATTEMPTS, replyLang } from './intake/form';
import { getProfile, type DialogServices } from './services';

export const ENTERPRISE_DIALOG = 'enterpriseDialog';
const WATERFALL = 'enterpriseWaterfall';
const NAME_PROMPT = 'enterpriseName';
const CODE_PROMPT = 'enterpriseCreditCode';

const COMMAND = [
  '修改企业信息',
  '更正企业信息',
  '修改企业名称',
  '修改信用代码',
  '企业信息有误',
  '企业信息不对',
  'change enterprise details',
  'edit enterprise details',
  'correct enterprise details',
].map(normaliseAnswer);

/** "修改企业信息": the person wants to correct the enterprise's name or credit code. */
export function isEnterpriseCorrection(text: string): boolean {
  return COMMAND.includes(normaliseAnswer(text));
}

/** What the person gave in this dialog; a field left out keeps its value. */
const CorrectionSchema = TenantRecordSchema.catch({});
type Correction = TenantRecord;

/**
 * Corrects the enterprise's name and credit code: in the person's profile and, on Teams, in the
 * tenant's record every colleague's intake is prefilled from, with the change logged there.
 * Tickets already filed keep the details they were filed with.
 */
export class EnterpriseDialog extends CancelAndHelpDialog {
  constructor(services: DialogServices) {
    super(ENTERPRISE_DIALOG, services);
    this.addDialog(
      new AskPrompt(NAME_PROMPT, services, {
        validator: async (pc) => {
          const text = pc.recognized.value?.trim() ?? '';
          return isSkip(text) || isEnterpriseName(text) || pc.attemptCount >= MAX_ATTEMPTS;
        },
      }),
    )
      .addDialog(
        new AskPrompt(CODE_PROMPT, services, {
          validator: (pc) => acceptCreditCode(this.services, pc, true),
        }),
      )
      .addDialog(
        new Waterfall(WATERFALL, [
          this.askName.bind(this),
          this.askCode.bind(this),
          this.save.bind(this),
        ]),
      );
    this.initialDialogId = WATERFALL;
  }

  private async askName(step: Step): Promise<DialogTurnResult> {
    const known = await this.known(step.context);
    const e = enterpriseMessages(await replyLang(this.services, step.context));
    const ask = MessageFactory.suggestedActions([e.skip], e.askName(known.enterpriseName ?? null));
    return step.prompt(NAME_PROMPT, { prompt: ask, retryPrompt: ask });
  }

  private async askCode(step: Step): Promise<DialogTurnResult> {
    const name = typeof step.result === 'string' ? step.result.trim() : '';
    const correction: Correction = isEnterpriseName(name)
      ? { enterpriseName: name.slice(0, 100) }
      : {};
    Object.assign(step.values, { correction });
    const known = await this.known(step.context);
    const e = enterpriseMessages(await replyLang(this.services, step.context));
    const ask = MessageFactory.suggestedActions([e.skip], e.askCode(known.creditCode ?? null));
    return step.prompt(CODE_PROMPT, { prompt: ask });
  }

  private async save(step: Step): Promise<DialogTurnResult> {
    const ctx = step.context;
    const e = enterpriseMessages(await replyLang(this.services, ctx));
    const parsed = typeof step.result === 'string' ? parseCreditCode(step.result) : null;
    const correction: Correction = {
      ...CorrectionSchema.parse(Reflect.get(step.values, 'correction')),
      ...(parsed?.ok === true ? { creditCode: parsed.value } : {}),
    };
    if (Object.keys(correction).length === 0) {
      await ctx.sendActivity(e.unchanged);
      return step.endDialog();
    }
    const profile = await getProfile(this.services, ctx);
    Object.assign(profile, correction);
    let stored: TenantRecord = { ...profile };
    const tenantId = teamsIdentity(ctx.activity)?.tenantId ?? null;
    if (tenantId !== null) {
      const by = { requesterKey: requesterKey(ctx), at: this.services.clock.now() };
      stored = await this.services.tenants.correct(tenantId, correction, by);
      profile.enterpriseTenantId = tenantId;
      this.services.logger.info(
        { tenantId, fields: Object.keys(correction), by: by.requesterKey },
        'tenant enterprise details corrected',
      );
    }
    const none = messages(await replyLang(this.services, ctx)).fields.none;
    await ctx.sendActivity(e.corrected(stored.enterpriseName ?? none, stored.creditCode ?? none));
    return step.endDialog();
  }

  /** The details as the bot knows them: on Teams the tenant's record, else the person's profile. */
  private async known(ctx: TurnContext): Promise<TenantRecord> {
    const tenantId = teamsIdentity(ctx.activity)?.tenantId ?? null;
    const tenant = tenantId === null ? null : await this.services.tenants.get(tenantId);
    const profile = await getProfile(this.services, ctx);
    return (
      tenant ?? {
        ...(profile.enterpriseName !== undefined ? { enterpriseName: profile.enterpriseName } : {}),
        ...(profile.creditCode !== undefined ? { creditCode: profile.creditCode } : {}),
      }
    );
  }
}
