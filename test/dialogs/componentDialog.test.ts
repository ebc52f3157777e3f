import { strict as assert } from 'node:assert';
import { ConversationState, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  Dialog,
  TextPrompt,
  WaterfallDialog,
  type DialogContext,
  type DialogInstance,
  type DialogReason,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { LeanComponentDialog } from '../../dialogs/componentDialog';
import { alternatingConversation, RecordingStorage } from '../support/alternatingDialogs';

/** A prompt and a two-question waterfall, the inside of a component on either base class. */
function formDialogs(): Dialog[] {
  return [
    new TextPrompt('text'),
    new WaterfallDialog('steps', [
      async (step) => step.prompt('text', '你叫什么名字？'),
      async (step) => {
        (step.values as Record<string, unknown>).name = step.result;
        return step.prompt('text', '电话多少？');
      },
      async (step) => {
        const { name } = step.values as Record<string, unknown>;
        return step.endDialog(`${String(name)} ${String(step.result)}`);
      },
    ]),
  ];
}

/** Why each form ended, as its onEndDialog heard it. */
type Ends = string[];

class BotbuilderForm extends ComponentDialog {
  constructor(private readonly ends: Ends) {
    super('form');
    for (const dialog of formDialogs()) this.addDialog(dialog);
    this.initialDialogId = 'steps';
  }

  protected override async onEndDialog(_c: TurnContext, _i: DialogInstance, reason: DialogReason) {
    this.ends.push(reason);
  }
}

class LeanForm extends LeanComponentDialog {
  constructor(private readonly ends: Ends) {
    super('form');
    for (const dialog of formDialogs()) this.addDialog(dialog);
    this.initialDialogId = 'steps';
  }

  protected override async onEndDialog(_c: TurnContext, _i: DialogInstance, reason: DialogReason) {
    this.ends.push(reason);
  }
}

/** A dialog begun on top of the form that answers and ends at once, as a status query does. */
class Status extends Dialog {
  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await dc.context.sendActivity('您没有工单。');
    return dc.endDialog();
  }
}

type Base = 'bb' | 'lean';

/**
 * The form in a conversation where "帮助" re-asks the open question, "状态" begins a dialog on
 * top of it and "取消" cancels everything, each turn on the base class `pick` names.
 */
function formConversation(pick: (t: number) => Base, storage?: RecordingStorage) {
  const ends: Ends = [];
  const { adapter, ended } = alternatingConversation(
    {
      bb: [new BotbuilderForm(ends), new Status('status')],
      lean: [new LeanForm(ends), new Status('status')],
    },
    pick,
    'form',
    {
      ...(storage !== undefined ? { state: new ConversationState(storage) } : {}),
      interrupt: async (dc) => {
        const { text } = dc.context.activity;
        if (text === '帮助') await dc.repromptDialog();
        else if (text === '状态') await dc.beginDialog('status');
        else if (text === '取消') await dc.cancelAllDialogs();
        else return false;
        return true;
      },
    },
  );
  return { adapter, ended, ends };
}

describe('LeanComponentDialog', () => {
  for (const [name, pick] of [
    ['on its own', () => 'lean'],
    ['taking over a conversation ComponentDialog began', (t: number) => (t === 0 ? 'bb' : 'lean')],
    ['handing a conversation to ComponentDialog', (t: number) => (t === 0 ? 'lean' : 'bb')],
    ['turn about with ComponentDialog', (t: number) => (t % 2 === 0 ? 'bb' : 'lean')],
  ] satisfies [string, (t: number) => Base][]) {
    it(`runs its inner dialogs over ComponentDialog's state: ${name}`, async () => {
      const { adapter, ended, ends } = formConversation(pick);
      await adapter
        .send('hi')
        .assertReply('你叫什么名字？')
        .send('帮助')
        .assertReply('你叫什么名字？')
        .send('王丽')
        .assertReply('电话多少？')
        .send('状态')
        .assertReply('您没有工单。')
        .assertReply('电话多少？')
        .send('13800000000')
        .send('hi')
        .assertReply('你叫什么名字？')
        .send('取消')
        .startTest();
      assert.deepEqual(ended, ['王丽 13800000000']);
      assert.deepEqual(ends, ['endCalled', 'cancelCalled']);
    });
  }

  it('keeps the state ComponentDialog keeps, turn by turn', async () => {
    const writes: Record<Base, RecordingStorage> = {
      bb: new RecordingStorage(),
      lean: new RecordingStorage(),
    };
    for (const base of ['bb', 'lean'] as const) {
      const { adapter } = formConversation(() => base, writes[base]);
      await adapter
        .send('hi')
        .send('王丽')
        .send('状态')
        .send('13800000000')
        .send('hi')
        .send('取消')
        .startTest();
    }
    assert.ok(writes.bb.writes.length >= 5, 'most turns change the state');
    assert.match(writes.bb.writes[0] ?? '', /"version":/, 'the inner dialogs’ version is kept');
    // WaterfallDialog's instance id is random.
    const kept = (base: Base) =>
      writes[base].writes.map((w) => w.replace(/"instanceId":"[^"]+"/g, '"instanceId":"-"'));
    assert.deepEqual(kept('lean'), kept('bb'));
  });
});
