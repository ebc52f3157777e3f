import { MessageFactory } from 'botbuilder';
import { type DialogTurnResult } from 'botbuilder-dialogs';
import { AskPrompt } from '../askPrompt';
import { LeanComponentDialog } from '../componentDialog';
import { Waterfall, type Step } from '../waterfall';
import { z } from 'zod';
import type { Lang } from '../../src/nlu/types';
import { findPlace, placeAnswer } from '../../src/routing/place';
import { maskIdCardNumbers } from '../../src/validation/idCard';
import { choicesActivity } from '../choiceStyle';
import { isSkip } from '../choices';
import { messages } from '../messages';
import { getProfile, type DialogServices } from '../services';
import { accepting, intakeForm, record, replyLang, type Outcome } from './form';
import { typeOf } from './requesterDialog';

export const LOCATION_DIALOG = 'intakeLocationDialog';
const WATERFALL = 'intakeLocationWaterfall';
export const DISTRICT_PROMPT = 'intakeDistrict';
const PLACE_PROMPT = 'intakePlace';

const LocationOptionsSchema = z.object({
  /** The description, which may already say where. */
  text: z.string(),
  /** Whether the description may answer (false when the person corrects where: both are asked). */
  fromText: z.boolean().default(true),
  /** Whether this request needs a place at all (not a consultation, not every department). */
  asksLocation: z.boolean(),
  /** Already known (after "重新描述"): not asked again. null = asked and left open. */
  district: z.string().nullable().optional(),
  place: z.string().nullable().optional(),
});
export type LocationOptions = z.input<typeof LocationOptionsSchema>;

/** Where the problem is: the district, then the place, each asked only if the description did not say. */
export class LocationDialog extends LeanComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(LOCATION_DIALOG);
    this.addDialog(
      new AskPrompt(DISTRICT_PROMPT, services, {
        validator: accepting((t) => isSkip(t) || services.districts.parseAnswer(t) !== null),
        question: (ctx, lang) =>
          choicesActivity(ctx, messages(lang).askDistrict, this.districtNames(lang), lang),
        retry: (ctx, lang) =>
          choicesActivity(ctx, messages(lang).retryDistrict, this.districtNames(lang), lang),
      }),
    )
      .addDialog(
        new AskPrompt(PLACE_PROMPT, services, {
          validator: accepting((t) => t.trim().length >= 2),
          question: (_ctx, lang) => {
            const m = messages(lang);
            return MessageFactory.suggestedActions([m.skip], m.askPlace);
          },
          retry: (_ctx, lang) => {
            const m = messages(lang);
            return MessageFactory.suggestedActions([m.skip], m.retryPlace);
          },
        }),
      )
      .addDialog(
        new Waterfall(WATERFALL, [
          this.askDistrictStep.bind(this),
          this.askPlaceStep.bind(this),
          this.placeGivenStep.bind(this),
        ]),
      );
    this.initialDialogId = WATERFALL;
  }

  private async askDistrictStep(step: Step): Promise<DialogTurnResult> {
    const o = options(step);
    if (o.district !== undefined) return step.next();
    const found = o.fromText ? this.services.districts.find(o.text) : null;
    if (found !== null || !o.asksLocation) {
      await record(this.services, step.context, { district: found?.code ?? null });
      return step.next();
    }
    return step.prompt(DISTRICT_PROMPT, {});
  }

  private async askPlaceStep(step: Step): Promise<DialogTurnResult> {
    const answer = typeof step.result === 'string' ? step.result : null;
    if (answer !== null) await this.takeDistrict(step, answer);
    const o = options(step);
    if (o.place !== undefined) return step.next();
    const names = this.services.districts.all().flatMap((d) => [d.zh, d.en, ...d.aliases]);
    // "市南区香港中路100号" answers both questions: the place is not asked for again.
    const place =
      (o.fromText ? findPlace(o.text, names) : null) ??
      (answer !== null && !isSkip(answer) ? findPlace(answer, names) : null);
    if (place !== null || !o.asksLocation) {
      await record(this.services, step.context, { place });
      return step.next();
    }
    return step.prompt(PLACE_PROMPT, {});
  }

  private async placeGivenStep(step: Step): Promise<DialogTurnResult> {
    if (typeof step.result === 'string' && whoInstead(step.result)) {
      return this.whoGiven(step, step.result);
    }
    if (typeof step.result === 'string') {
      const answer = step.result.trim();
      const place =
        isSkip(answer) || answer.length < 2
          ? null
          : maskIdCardNumbers(placeAnswer(answer).slice(0, 200));
      await record(this.services, step.context, { place });
    }
    return step.endDialog('answered' satisfies Outcome);
  }

  /**
   * "市民" at the place question: who, said ahead of its question. Kept (the question is not asked
   * later) and the place asked again, as the who question keeps a place given there.
   */
  private async whoGiven(step: Step, answer: string): Promise<DialogTurnResult> {
    const requesterType = typeOf(answer) ?? 'citizen';
    await record(this.services, step.context, { requesterType });
    (await getProfile(this.services, step.context)).requesterType = requesterType;
    const m = messages(await replyLang(this.services, step.context));
    await step.context.sendActivity(m.typeNoted(m[requesterType]));
    const form = await intakeForm(this.services, step.context);
    return step.replaceDialog(WATERFALL, {
      ...options(step),
      fromText: false,
      district: form.district ?? null,
    } satisfies LocationOptions);
  }

  /** The districts in the reply language, then "skip". */
  private districtNames(lang: Lang): string[] {
    return [...this.services.districts.all().map((d) => d[lang]), messages(lang).skip];
  }

  /** A district's name or number; a skip, or an answer still not understood, leaves it open. */
  private async takeDistrict(step: Step, answer: string): Promise<void> {
    const district = isSkip(answer) ? null : this.services.districts.parseAnswer(answer);
    await record(this.services, step.context, { district: district?.code ?? null });
    if (district === null) {
      const m = messages(await replyLang(this.services, step.context));
      await step.context.sendActivity(m.districtSkipped);
    }
  }
}

/** An answer that says who rather than where ("市民", "I'm a resident"). */
function whoInstead(answer: string): boolean {
  return typeOf(answer) !== null && findPlace(answer) === null;
}

function options(step: Step): z.output<typeof LocationOptionsSchema> {
  const parsed = LocationOptionsSchema.safeParse(step.options);
  return parsed.success ? parsed.data : { text: '', fromText: true, asksLocation: true };
}
