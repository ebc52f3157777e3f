import { strict as assert } from 'node:assert';
import { TestAdapter, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogContext,
  DialogSet,
  DialogStateManager,
  TextPrompt,
  TurnPath,
  WaterfallDialog,
  type DialogState,
} from 'botbuilder-dialogs';
import { LeanComponentDialog, leanDialogContext } from '../../dialogs/leanContext';
import { alternatingConversation } from '../support/alternatingDialogs';

function turn(text: string): TurnContext {
  return new TurnContext(new TestAdapter(), {
    type: 'message',
    text,
    locale: 'zh-CN',
    channelId: 'test',
    conversation: { id: 'c1', isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'u1', name: 'u1' },
    recipient: { id: 'bot', name: 'bot' },
  });
}

describe('leanDialogContext (dialog contexts that make their state manager on first use)', () => {
  it('sets what the DialogContext constructor sets, and the same state on first read', () => {
    const ctx = turn('你好');
    const dialogs = new DialogSet();
    const parentState: DialogState = { dialogStack: [] };
    const parent = new DialogContext(dialogs, ctx, parentState);
    parent.services.set('svc', 42);
    for (const [of, stateFor] of [
      ['a turn', ctx],
      ['a parent dialog context', parent],
    ] as const) {
      const real = new DialogContext(dialogs, stateFor as DialogContext, { dialogStack: [] });
      const stack: DialogState = { dialogStack: [] };
      const lean = leanDialogContext(dialogs, stateFor, stack);
      assert.ok(lean instanceof DialogContext, of);
      assert.equal(lean.context, real.context, of);
      assert.equal(lean.parent, real.parent, of);
      assert.equal(lean.dialogs, real.dialogs, of);
      assert.equal(lean.stack, stack.dialogStack, of);
      assert.deepEqual([...lean.services.entries()], [...real.services.entries()], of);
      // Every field the constructor sets is set here too (state comes from the prototype).
      const fields = (dc: object) => Object.keys(dc).filter((k) => k !== 'state');
      assert.deepEqual(fields(lean).sort(), fields(real).sort(), of);
      assert.ok(lean.state instanceof DialogStateManager, of);
      assert.equal(lean.state, lean.state, `${of}: made once`);
      assert.equal(lean.state.getValue(TurnPath.activity), ctx.activity, of);
      assert.equal(lean.getLocale(), real.getLocale(), of);
    }
  });

  it("makes the state manager from the turn's configuration when there is one, reading and writing as the constructor's", () => {
    const ctx = turn('你好');
    const dialogs = new DialogSet();
    const real = new DialogContext(dialogs, ctx, { dialogStack: [] });
    // The real one has kept its configuration in the turn; the lean one takes it from there.
    const configuration = real.state.configuration;
    const lean = leanDialogContext(dialogs, ctx, { dialogStack: [] });
    assert.ok(lean.state instanceof DialogStateManager);
    assert.equal(lean.state.configuration, configuration);
    lean.state.setValue(TurnPath.lastResult, 'done');
    assert.equal(real.state.getValue(TurnPath.lastResult), 'done', 'one turn memory');
    for (const dc of [real, lean]) {
      assert.throws(() => dc.state.setValue('dialog.answer', 42), /unable to update/);
    }
  });

  it('makes a stack for a state that has none, as the constructor does', () => {
    const state = {} as DialogState;
    const lean = leanDialogContext(new DialogSet(), turn('x'), state);
    assert.deepEqual(state.dialogStack, []);
    assert.equal(lean.stack, state.dialogStack);
  });
});

/** A component of a prompt and a two-question waterfall, on either base class. */
function form(Base: typeof ComponentDialog) {
  class Form extends Base {
    constructor() {
      super('form');
      this.addDialog(new TextPrompt('text')).addDialog(
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
      );
      this.initialDialogId = 'steps';
    }
  }
  return new Form();
}

describe('LeanComponentDialog', () => {
  for (const [name, pick] of [
    ['on its own', () => 'lean'],
    ['taking over a conversation ComponentDialog began', (t: number) => (t === 0 ? 'bb' : 'lean')],
    ['handing a conversation to ComponentDialog', (t: number) => (t === 0 ? 'lean' : 'bb')],
  ] satisfies [string, (t: number) => 'bb' | 'lean'][]) {
    it(`runs its inner dialogs over ComponentDialog's state: ${name}`, async () => {
      const { adapter, ended } = alternatingConversation(
        {
          bb: [form(ComponentDialog)],
          lean: [form(LeanComponentDialog as typeof ComponentDialog)],
        },
        pick,
        'form',
      );
      await adapter
        .send('hi')
        .assertReply('你叫什么名字？')
        .send('王丽')
        .assertReply('电话多少？')
        .send('13800000000')
        .startTest();
      assert.deepEqual(ended, ['王丽 13800000000']);
    });
  }
});
