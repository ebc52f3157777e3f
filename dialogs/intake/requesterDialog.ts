import { MessageFactory } from 'botbuilder';
import { type DialogTurnResult } from 'botbuilder-dialogs';
import { AskPrompt } from '../askPrompt';
import { LeanComponentDialog } from '../componentDialog';
import { Waterfall, type Step } from '../waterfall';
import { z } from 'zod';
import { matchOption } from '../choices';
import { messages } from '../messages';
import { getProfile, type DialogServices } from '../services';
import { findPlace, placeAnswer } from '../../src/routing/place';
import { maskIdCardNumbers } from '../../src/validation/idCard';
import { accepting, record, replyLang, type Outcome } from './form';

export const REQUESTER_DIALOG = 'intakeRequesterDialog';
const WATERFALL = 'intakeRequesterWaterfall';
const TYPE_PROMPT = 'intakeRequesterType';

const RequesterOptionsSchema = z.object({
  /** The person corrects who they are: asked though their profile knows, and remembered anew. */
  reask: z.boolean().default(false),
});
export type RequesterOptions = z.input<typeof RequesterOptionsSchema>;
const RequesterOptionsOrDefault = RequesterOptionsSchema.catch({ reask: false });

/** Citizen or enterprise: asked once per person, then remembered in their profile. */
export class RequesterDialog extends LeanComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(REQUESTER_DIALOG);
    this.addDialog(
      new AskPrompt(TYPE_PROMPT, services, {
        validator: accepting((t) => typeOf(t) !== null || placeInstead(t)),
        question: (_ctx, lang) => {
          const m = messages(lang);
          return MessageFactory.suggestedActions([m.citizen, m.enterprise], m.askRequesterType);
        },
        retry: (_ctx, lang) => {
          const m = messages(lang);
          return MessageFactory.suggestedActions([m.citizen, m.enterprise], m.retryRequesterType);
        },
      }),
    ).addDialog(
      new Waterfall(WATERFALL, [this.askTypeStep.bind(this), this.typeGivenStep.bind(this)]),
    );
    this.initialDialogId = WATERFALL;
  }

  private async askTypeStep(step: Step): Promise<DialogTurnResult> {
    const profile = await getProfile(this.services, step.context);
    const { reask } = RequesterOptionsOrDefault.parse(step.options ?? {});
    if (profile.requesterType !== undefined && !reask) {
      await record(this.services, step.context, { requesterType: profile.requesterType });
      return step.endDialog('answered' satisfies Outcome);
    }
    return step.prompt(TYPE_PROMPT, {});
  }

  private async typeGivenStep(step: Step): Promise<DialogTurnResult> {
    const answer = typeof step.result === 'string' ? step.result : '';
    if (typeOf(answer) === null && placeInstead(answer)) {
      // "near the Zhongshan Road / Hubei Road crossing": where, said more exactly; kept, and
      // the question asked again.
      const place = maskIdCardNumbers(placeAnswer(answer).slice(0, 200));
      await record(this.services, step.context, { place });
      const m = messages(await replyLang(this.services, step.context));
      await step.context.sendActivity(m.placeNoted(place));
      return step.replaceDialog(WATERFALL, { reask: true } satisfies RequesterOptions);
    }
    const requesterType = typeOf(answer) ?? 'citizen';
    (await getProfile(this.services, step.context)).requesterType = requesterType;
    await record(this.services, step.context, { requesterType });
    return step.endDialog('answered' satisfies Outcome);
  }
}

/**
 * "I'm a resident", "I'm just a resident", "as a company", "我是市民", "我就是个普通老百姓",
 * "以个人身份反映": the words around the answer.
 */
const TYPE_LEAD_EN =
  /^\s*(?:i'?m|i am|we are|we're|as|on behalf of)\s+(?:just\s+|only\s+|simply\s+)?(?:an?\s+|the\s+|our\s+|my\s+)?(?:(?:ordinary|regular|normal|local|private)\s+)?/i;
const TYPE_LEAD_ZH =
  /^\s*(?:我们|我|本人)?(?:就|只)?(?:是|以|按|用)?(?:一个|一名|一位|一家|个(?!人))?(?:普通|一般)?(?:的)?/u;
const TYPE_TAIL_ZH = /(?:的)?(?:身份)?(?:反映)?(?:的)?[啊呀吧哦呢。.!！]*\s*$/u;

/** An answer that says where rather than who ("在中山路和湖北路路口"). */
function placeInstead(text: string): boolean {
  return findPlace(text) !== null;
}

/** "市民", "企业", "I'm a resident": the answer to "citizen or enterprise?", or null. */
export function typeOf(text: string): 'citizen' | 'enterprise' | null {
  const bare = text.replace(TYPE_LEAD_EN, '').replace(TYPE_LEAD_ZH, '').replace(TYPE_TAIL_ZH, '');
  if (bare === '') return typeOption(text);
  // "我是中山路的居民", "I'm a resident of Zhongshan Road": who, with where beside it.
  const unplaced = bare.replace(/^.+的(?=.)/u, '').replace(/\s+(?:of|in|at|on|from)\s.*$/i, '');
  return typeOption(text) ?? typeOption(bare) ?? typeOption(unplaced);
}

function typeOption(text: string): 'citizen' | 'enterprise' | null {
  return matchOption(text, [
    {
      value: 'citizen',
      label: '市民',
      synonyms: [
        '个人',
        '居民',
        '群众',
        '老百姓',
        '外国人',
        // Who people say they are when asked: all of them write as themselves (the widget, 8
        // December 2026: "我是业主" was asked again twice).
        '业主',
        '住户',
        '租户',
        '房客',
        '村民',
        '家长',
        '学生',
        '消费者',
        '车主',
        '患者',
        '乘客',
        'homeowner',
        'tenant',
        'parent',
        'student',
        'consumer',
        'passenger',
        'citizen',
        'resident',
        'foreign resident',
        'foreigner',
        'individual',
        'person',
        'personal',
        'private person',
      ],
    },
    {
      value: 'enterprise',
      label: '企业',
      synonyms: ['公司', '单位', '企业主', 'enterprise', 'company', 'business', 'firm'],
    },
  ]);
}
