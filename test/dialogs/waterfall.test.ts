import { strict as assert } from 'node:assert';
import { ConversationState, MemoryStorage, TestAdapter } from 'botbuilder';
import {
  DialogSet,
  TextPrompt,
  WaterfallDialog,
  type Dialog,
  type DialogState,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { Waterfall, type Step, type StepFunction } from '../../dialogs/waterfall';
import { alternatingConversation } from '../support/alternatingDialogs';

const steps: StepFunction[] = [
  async (step) => step.prompt('text', '你叫什么名字？'),
  async (step) => {
    step.values.name = step.result;
    return step.prompt('text', '电话多少？');
  },
  async (step) => step.next(`${String(step.values.name)} ${String(step.result)}`),
  async (step) => {
    await step.context.sendActivity(`记下了：${String(step.result)}`);
    return step.endDialog(step.result);
  },
];

type Pick = (turn: number) => 'botbuilder' | 'ours';

/** One conversation over one storage; each turn runs the waterfall `pick` names. */
function conversation(pick: Pick) {
  return alternatingConversation(
    {
      botbuilder: [
        new TextPrompt('text'),
        new WaterfallDialog(
          'form',
          steps.map((s) => (step: WaterfallStepContext) => s(step as unknown as Step)),
        ),
      ],
      ours: [new TextPrompt('text'), new Waterfall('form', steps)],
    },
    pick,
    'form',
  );
}

describe('Waterfall (the dialogs’ lean WaterfallDialog)', () => {
  for (const [name, pick] of [
    ['on its own', () => 'ours'],
    [
      'taking over a conversation botbuilder’s WaterfallDialog began',
      (t: number) => (t === 0 ? 'botbuilder' : 'ours'),
    ],
    [
      'handing a conversation it began to botbuilder’s WaterfallDialog',
      (t: number) => (t === 0 ? 'ours' : 'botbuilder'),
    ],
  ] satisfies [string, Pick][]) {
    it(`prompts, keeps values across turns, runs next at once and ends with a result: ${name}`, async () => {
      const { adapter, ended } = conversation(pick);
      await adapter
        .send('hi')
        .assertReply('你叫什么名字？')
        .send('王丽')
        .assertReply('电话多少？')
        .send('13800000000')
        .assertReply('记下了：王丽 13800000000')
        .startTest();
      assert.deepEqual(ended, ['王丽 13800000000']);
    });
  }

  it('is moved on only by a message', async () => {
    const { adapter } = conversation(() => 'ours');
    await adapter
      .send('hi')
      .assertReply('你叫什么名字？')
      .send({ type: 'typing' })
      .send('王丽')
      .assertReply('电话多少？')
      .startTest();
  });

  it('refuses a second next() from one step', async () => {
    const twice: Dialog = new Waterfall('twice', [
      async (step) => {
        await step.next();
        return step.next();
      },
      async (step) => step.endDialog(),
    ]);
    const state = new ConversationState(new MemoryStorage());
    const set = new DialogSet(state.createProperty<DialogState>('d')).add(twice);
    const adapter = new TestAdapter(async (ctx) => {
      const dc = await set.createContext(ctx);
      await dc.beginDialog('twice');
    });
    await assert.rejects(adapter.send('go').startTest(), /next\(\) called twice/);
  });

  it('is a new version when steps are added, as WaterfallDialog is', () => {
    assert.equal(
      new Waterfall('f', steps).getVersion(),
      new WaterfallDialog('f', [...steps.map(() => async () => Waterfall.EndOfTurn)]).getVersion(),
    );
    assert.notEqual(
      new Waterfall('f', steps).getVersion(),
      new Waterfall('f', steps.slice(1)).getVersion(),
    );
  });
});
