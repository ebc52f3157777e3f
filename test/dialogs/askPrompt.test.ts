import { strict as assert } from 'node:assert';
import {
  ConversationState,
  MemoryStorage,
  MessageFactory,
  type Activity,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import {
  TextPrompt,
  type Dialog,
  type DialogContext,
  type PromptOptions,
  type PromptValidator,
  type PromptValidatorContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { AskPrompt, type Render } from '../../dialogs/askPrompt';
import type { SessionData } from '../../dialogs/session';
import { Waterfall, type StepFunction } from '../../dialogs/waterfall';
import { alternatingConversation, RecordingStorage } from '../support/alternatingDialogs';

/** The intake's AskPrompt as it was, over botbuilder's TextPrompt: the reference. */
class TextPromptAsking extends TextPrompt {
  constructor(
    id: string,
    validator: PromptValidator<string>,
    private readonly session: StatePropertyAccessor<SessionData>,
    private readonly retry: Render,
  ) {
    super(id, validator);
  }

  protected override async onPrompt(
    context: TurnContext,
    state: object,
    options: PromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    if (!isRetry) return super.onPrompt(context, state, options, false);
    const { lang } = await this.session.get(context, { lang: 'zh' });
    const retryPrompt = this.retry(context, lang, options.validations);
    return super.onPrompt(context, state, { ...options, retryPrompt }, true);
  }
}

const Min = z.object({ min: z.number() });

/** A name of at least `validations.min` characters; the third answer is taken whatever it is. */
const nameValidator = async (pc: PromptValidatorContext<string>) => {
  const { min } = Min.parse(pc.options.validations);
  return (
    (pc.recognized.succeeded && (pc.recognized.value ?? '').length >= min) || pc.attemptCount >= 3
  );
};

const nameQuestion: Render = (_ctx, lang, validations) => {
  const { min } = Min.parse(validations);
  return MessageFactory.suggestedActions(
    ['跳过'],
    lang === 'en' ? `Your name (${min} characters or more)?` : `你叫什么名字？（至少${min}个字）`,
  );
};

const nameRetry: Render = (_ctx, lang, validations) => {
  const { min } = Min.parse(validations);
  return MessageFactory.suggestedActions(
    ['跳过'],
    lang === 'en' ? `At least ${min} characters, please.` : `名字至少${min}个字。`,
  );
};

/** A code of six digits; an answer with letters is told why here, so no retry is sent. */
const codeValidator = async (pc: PromptValidatorContext<string>) => {
  const text = pc.recognized.value ?? '';
  if (/[a-z]/i.test(text)) {
    await pc.context.sendActivity(`代码只有数字（第${pc.attemptCount}次）`);
    return false;
  }
  return /^\d{6}$/.test(text);
};

/** The form's steps; `asked`: the name question is made by the step and kept whole, as before. */
function formSteps(session: StatePropertyAccessor<SessionData>, asked: boolean): StepFunction[] {
  return [
    async (step) => {
      const validations = { min: 2 };
      if (!asked) return step.prompt('name', { validations });
      const { lang } = await session.get(step.context, { lang: 'zh' });
      return step.prompt('name', {
        prompt: nameQuestion(step.context, lang, validations),
        validations,
      });
    },
    async (step) => {
      step.values.name = step.result;
      return step.prompt('code', { prompt: '邮编多少？', retryPrompt: '邮编是六位数字。' });
    },
    async (step) => step.endDialog(`${String(step.values.name)} ${String(step.result)}`),
  ];
}

/** botbuilder's prompts; ours; ours given the questions whole, as botbuilder's were. */
type Impl = 'botbuilder' | 'ours' | 'oursAsked';

/** A conversation whose session language follows the activity's locale, as HotlineBot decides it. */
function conversation(pick: (turn: number) => Impl, storage = new MemoryStorage()) {
  const state = new ConversationState(storage);
  const session = state.createProperty<SessionData>('session');
  const implementations: Record<Impl, Dialog[]> = {
    botbuilder: [
      new TextPromptAsking('name', nameValidator, session, nameRetry),
      new TextPrompt('code', codeValidator),
      new Waterfall('form', formSteps(session, true)),
    ],
    ours: [
      new AskPrompt(
        'name',
        { session },
        { validator: nameValidator, question: nameQuestion, retry: nameRetry },
      ),
      new AskPrompt('code', { session }, { validator: codeValidator }),
      new Waterfall('form', formSteps(session, false)),
    ],
    oursAsked: [
      new AskPrompt('name', { session }, { validator: nameValidator, retry: nameRetry }),
      new AskPrompt('code', { session }, { validator: codeValidator }),
      new Waterfall('form', formSteps(session, true)),
    ],
  };
  const { adapter, ended } = alternatingConversation(implementations, pick, 'form', {
    state,
    // "帮助" asks the open question again, as the bot's help does.
    interrupt: async (dc: DialogContext) => {
      const s = await session.get(dc.context, { lang: 'zh' });
      s.lang = dc.context.activity.locale === 'en-US' ? 'en' : 'zh';
      if (dc.context.activity.text !== '帮助') return false;
      await dc.context.sendActivity('可以随时说“人工”。');
      await dc.repromptDialog();
      return true;
    },
  });
  return { adapter, ended };
}

/** Each reply's text and buttons, in order. */
function shown(a: Partial<Activity>): string {
  const buttons = a.suggestedActions?.actions.map((b) => String(b.title)) ?? [];
  return buttons.length === 0 ? (a.text ?? '') : `${a.text ?? ''} [${buttons.join('|')}]`;
}

async function play(pick: (turn: number) => Impl, storage?: MemoryStorage): Promise<string[]> {
  const { adapter, ended } = conversation(pick, storage);
  const said: string[] = [];
  const send = async (activity: Partial<Activity>) => {
    await adapter.receiveActivity({ type: 'message', ...activity });
    let reply = adapter.activeQueue.shift();
    while (reply !== undefined) {
      said.push(`${activity.text ?? '(no text)'} -> ${shown(reply)}`);
      reply = adapter.activeQueue.shift();
    }
  };
  await send({ text: 'hi' });
  await send({ text: '王' });
  await send({ text: 'W', locale: 'en-US' });
  await send({ type: 'typing' });
  await send({ text: '帮助', locale: 'en-US' });
  await send({ attachments: [{ contentType: 'image/png', contentUrl: 'x' }] });
  await send({ text: '王丽' });
  await send({ text: '12a' });
  await send({ text: '12' });
  await send({ text: '帮助' });
  await send({ text: '266000' });
  said.push(`ended: ${ended.map(String).join(', ')}`);
  return said;
}

describe('AskPrompt (the dialogs’ text prompt)', () => {
  let expected: string[];

  before(async () => {
    expected = await play(() => 'botbuilder');
  });

  it('asks, re-asks, counts attempts and answers as botbuilder’s TextPrompt did', () => {
    assert.deepEqual(expected, [
      'hi -> 你叫什么名字？（至少2个字） [跳过]',
      '王 -> 名字至少2个字。 [跳过]',
      // Asked again in the language of the answer...
      'W -> At least 2 characters, please. [跳过]',
      '帮助 -> 可以随时说“人工”。',
      // ...and re-asked in the language it was asked in.
      '帮助 -> 你叫什么名字？（至少2个字） [跳过]',
      // The third answer is taken whatever it is, even one without text.
      '(no text) -> 邮编多少？',
      '王丽 -> 邮编是六位数字。',
      // The validator said why: no retry on top.
      '12a -> 代码只有数字（第2次）',
      '12 -> 邮编是六位数字。',
      '帮助 -> 可以随时说“人工”。',
      '帮助 -> 邮编多少？',
      'ended: undefined 266000',
    ]);
  });

  for (const [name, pick] of [
    ['on its own', () => 'ours'],
    ['given its questions whole', () => 'oursAsked'],
    ['taking over a question TextPrompt asked', (t: number) => (t === 0 ? 'botbuilder' : 'ours')],
    ['turn about with TextPrompt', (t: number) => (t % 2 === 0 ? 'botbuilder' : 'oursAsked')],
    [
      'turn about with TextPrompt, the other way',
      (t: number) => (t % 2 === 0 ? 'oursAsked' : 'botbuilder'),
    ],
  ] satisfies [string, (t: number) => Impl][]) {
    it(`holds the same conversation: ${name}`, async () => {
      assert.deepEqual(await play(pick), expected);
    });
  }

  it('leaves a version before it (TextPrompt) the text of a question it made, to re-ask', async () => {
    const said = await play((t) => (t === 0 ? 'ours' : 'botbuilder'));
    assert.deepEqual(
      said,
      expected.map((line, i) => (i === 4 ? '帮助 -> 你叫什么名字？（至少2个字）' : line)),
    );
  });

  it('keeps the state TextPrompt keeps, given the question whole', async () => {
    const theirs = new RecordingStorage();
    const ours = new RecordingStorage();
    await play(() => 'botbuilder', theirs);
    await play(() => 'oursAsked', ours);
    assert.ok(theirs.writes.length >= 9, 'most turns change the state');
    assert.deepEqual(ours.writes, theirs.writes);
  });

  it('keeps what it makes the question from, not the question', async () => {
    const storage = new RecordingStorage();
    await play(() => 'ours', storage);
    const [kept] = Object.values(
      z.record(z.string(), Kept).parse(JSON.parse(storage.writes[0] ?? '')),
    );
    assert.deepEqual(kept?.dialogState.dialogStack[1], {
      id: 'name',
      state: {
        options: { validations: { min: 2 }, lang: 'zh', prompt: '你叫什么名字？（至少2个字）' },
        state: {},
      },
    });
  });
});

/** A conversation's state as the storage got it. */
const Kept = z.object({
  dialogState: z.object({ dialogStack: z.array(z.unknown()) }),
});
