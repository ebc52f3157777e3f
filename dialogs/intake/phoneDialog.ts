import { MessageFactory } from 'botbuilder';
import { type DialogTurnResult } from 'botbuilder-dialogs';
import { AskPrompt } from '../askPrompt';
import { LeanComponentDialog } from '../componentDialog';
import { Waterfall, type Step } from '../waterfall';
import { z } from 'zod';
import { ownPhoneIn, parsePhoneAnswer } from '../../src/validation/phone';
import { nameBesidePhone } from '../../src/validation/requesterName';
import { asksForCall, declinesInWords, isSkip, thanksOrGoodbye } from '../choices';
import { messages } from '../messages';
import { getProfile, type DialogServices } from '../services';
import { accepting, intakeForm, record, replyLang, type Outcome } from './form';

export const PHONE_DIALOG = 'intakePhoneDialog';
const WATERFALL = 'intakePhoneWaterfall';
const PHONE_PROMPT = 'intakePhone';

const PhoneOptionsSchema = z.object({
  /** The person corrects the phone: asked though their profile knows it, and remembered anew. */
  reask: z.boolean().default(false),
});
export type PhoneOptions = z.input<typeof PhoneOptionsSchema>;
const PhoneOptionsOrDefault = PhoneOptionsSchema.catch({ reask: false });

/** A phone for call-backs, asked once per person; declining is remembered too. */
export class PhoneDialog extends LeanComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(PHONE_DIALOG);
    this.addDialog(
      new AskPrompt(PHONE_PROMPT, services, {
        validator: accepting(
          (t) =>
            isSkip(t) ||
            declinesInWords(t) ||
            // "谢谢啊", "好的 拜拜": no number given, not a wrong one; not scolded for it.
            thanksOrGoodbye(t) ||
            parsePhoneAnswer(t, services.defaultAreaCode).ok,
        ),
        question: (_ctx, lang) => {
          const m = messages(lang);
          return MessageFactory.suggestedActions([m.skip], m.askPhone);
        },
        retry: (ctx, lang) => {
          const m = messages(lang);
          // "麻烦给我回电话": the call is what the number is for; asked for it, not told off.
          const retry = asksForCall(ctx.activity.text ?? '') ? m.phoneForCall : m.retryPhone;
          return MessageFactory.suggestedActions([m.skip], retry);
        },
      }),
    ).addDialog(
      new Waterfall(WATERFALL, [this.askPhoneStep.bind(this), this.phoneGivenStep.bind(this)]),
    );
    this.initialDialogId = WATERFALL;
  }

  private async askPhoneStep(step: Step): Promise<DialogTurnResult> {
    const profile = await getProfile(this.services, step.context);
    const { reask } = PhoneOptionsOrDefault.parse(step.options ?? {});
    // "我电话13812345678" in the request: taken over what the profile knows, and shown on the
    // summary for correcting.
    const given = reask
      ? null
      : ownPhoneIn(
          (await intakeForm(this.services, step.context)).text,
          this.services.defaultAreaCode,
        );
    if (given !== null) {
      await record(this.services, step.context, { phone: given.value });
      profile.phone = given.value;
      profile.phoneDeclined = undefined;
      return step.endDialog('answered' satisfies Outcome);
    }
    if (!reask && (profile.phone !== undefined || profile.phoneDeclined === true)) {
      await record(this.services, step.context, { phone: profile.phone ?? null });
      return step.endDialog('answered' satisfies Outcome);
    }
    return step.prompt(PHONE_PROMPT, {});
  }

  private async phoneGivenStep(step: Step): Promise<DialogTurnResult> {
    const profile = await getProfile(this.services, step.context);
    const answer = typeof step.result === 'string' ? step.result : '';
    const parsed = parsePhoneAnswer(answer, this.services.defaultAreaCode);
    if (parsed.ok) {
      await record(this.services, step.context, { phone: parsed.value });
      profile.phone = parsed.value;
      profile.phoneDeclined = undefined;
      // "13812345678 王先生": the name the call-back needs, given already, is not asked again.
      const name = nameBesidePhone(answer);
      if (name !== null) {
        await record(this.services, step.context, { name });
        profile.name = name;
        profile.nameDeclined = undefined;
      }
    } else if (thanksOrGoodbye(answer)) {
      // A thanks or a goodbye leaves this request without a phone, but is not remembered as
      // declining one: the next request asks again.
      await record(this.services, step.context, { phone: null });
      const m = messages(await replyLang(this.services, step.context));
      await step.context.sendActivity(m.phoneSkipped);
    } else {
      await record(this.services, step.context, { phone: null });
      profile.phone = undefined;
      profile.phoneDeclined = true;
      const m = messages(await replyLang(this.services, step.context));
      await step.context.sendActivity(m.phoneSkipped);
    }
    return step.endDialog('answered' satisfies Outcome);
  }
}
