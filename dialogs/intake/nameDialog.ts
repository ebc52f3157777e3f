import { MessageFactory } from 'botbuilder';
import { type DialogTurnResult } from 'botbuilder-dialogs';
import { AskPrompt } from '../askPrompt';
import { LeanComponentDialog } from '../componentDialog';
import { Waterfall, type Step } from '../waterfall';
import { z } from 'zod';
import { readName } from '../../src/validation/requesterName';
import { messages } from '../messages';
import { getProfile, type DialogServices } from '../services';
import { accepting, record, replyLang, type Outcome } from './form';

export const NAME_DIALOG = 'intakeNameDialog';
const WATERFALL = 'intakeNameWaterfall';
const NAME_PROMPT = 'intakeName';

const NameOptionsSchema = z.object({
  /** The person corrects the phone and name: asked though their profile knows, and remembered anew. */
  reask: z.boolean().default(false),
});
export type NameOptions = z.input<typeof NameOptionsSchema>;
const NameOptionsOrDefault = NameOptionsSchema.catch({ reask: false });

/**
 * 怎么称呼您: how the department calling back should address the person, asked once per person
 * (declining is remembered too). Only what they answer here is kept; an answer that is no name
 * is asked again, and a third leaves the ticket without one.
 */
export class NameDialog extends LeanComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(NAME_DIALOG);
    this.addDialog(
      new AskPrompt(NAME_PROMPT, services, {
        validator: accepting((t) => readName(t).kind !== 'unreadable'),
        question: (_ctx, lang) => {
          const m = messages(lang);
          return MessageFactory.suggestedActions([m.skip], m.askName);
        },
        retry: (_ctx, lang) => {
          const m = messages(lang);
          return MessageFactory.suggestedActions([m.skip], m.retryName);
        },
      }),
    ).addDialog(
      new Waterfall(WATERFALL, [this.askNameStep.bind(this), this.nameGivenStep.bind(this)]),
    );
    this.initialDialogId = WATERFALL;
  }

  private async askNameStep(step: Step): Promise<DialogTurnResult> {
    const profile = await getProfile(this.services, step.context);
    const { reask } = NameOptionsOrDefault.parse(step.options ?? {});
    if (!reask && (profile.name !== undefined || profile.nameDeclined === true)) {
      await record(this.services, step.context, { name: profile.name ?? null });
      return step.endDialog('answered' satisfies Outcome);
    }
    return step.prompt(NAME_PROMPT, {});
  }

  private async nameGivenStep(step: Step): Promise<DialogTurnResult> {
    const profile = await getProfile(this.services, step.context);
    const answer = readName(typeof step.result === 'string' ? step.result : '');
    const m = messages(await replyLang(this.services, step.context));
    if (answer.kind === 'name') {
      await record(this.services, step.context, { name: answer.value });
      profile.name = answer.value;
      profile.nameDeclined = undefined;
      return step.endDialog('answered' satisfies Outcome);
    }
    await record(this.services, step.context, { name: null });
    if (answer.kind === 'declined') {
      profile.name = undefined;
      profile.nameDeclined = true;
    }
    await step.context.sendActivity(m.nameSkipped);
    return step.endDialog('answered' satisfies Outcome);
  }
}
