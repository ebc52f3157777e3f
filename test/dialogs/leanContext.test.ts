import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { ConversationState, MemoryStorage, TestAdapter, TurnContext } from 'botbuilder';
import {
  Dialog,
  DialogContext,
  DialogContextError,
  DialogSet,
  DialogStateManager,
  DialogTurnStatus,
  TurnPath,
  type DialogState,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { leanDialogContext, skipActivityReceived } from '../../dialogs/leanContext';
import { Waterfall } from '../../dialogs/waterfall';

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
    assert.ok(lean.state instanceof DialogStateManager, 'lean.state instanceof DialogStateManager');
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

/** A question: asks, then ends with the answer; "boom" makes it throw. */
class Ask extends Dialog {
  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await dc.context.sendActivity('说点什么？');
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { text } = dc.context.activity;
    if (text === 'boom') throw new Error('boom');
    return dc.endDialog(text);
  }
}

/** Begins the question, then replaces itself with a dialog that ends with what was said. */
function movesDialogs(): Dialog[] {
  return [
    new Ask('ask'),
    new Waterfall('flow', [
      async (step) => step.beginDialog('ask'),
      async (step) => step.replaceDialog('done', { said: step.result }),
    ]),
    new Waterfall<{ said?: string }>('done', [
      async (step) => step.endDialog(`记下了：${step.options.said ?? ''}`),
    ]),
  ];
}

/** One conversation on a root context made either way; what each turn ended with, or threw. */
async function moves(make: 'constructor' | 'lean', texts: string[]): Promise<unknown[]> {
  const state = new ConversationState(new MemoryStorage());
  const accessor = state.createProperty<DialogState>('dialogState');
  const dialogs = new DialogSet(accessor);
  for (const dialog of movesDialogs()) dialogs.add(dialog);
  const outcomes: unknown[] = [];
  const adapter = new TestAdapter(async (ctx) => {
    const stored = await accessor.get(ctx, { dialogStack: [] });
    skipActivityReceived(ctx);
    const dc =
      make === 'lean'
        ? leanDialogContext(dialogs, ctx, stored)
        : new DialogContext(dialogs, ctx, stored);
    try {
      let result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) result = await dc.beginDialog('flow');
      outcomes.push(result);
    } catch (err) {
      // As thrown (the stack is cancelled right after).
      outcomes.push(
        err instanceof DialogContextError
          ? { message: err.message, error: err.error, on: structuredClone(err.dialogContext) }
          : err,
      );
      await dc.cancelAllDialogs();
    }
    await state.saveChanges(ctx);
  });
  for (const text of texts) await adapter.send(text);
  return outcomes;
}

describe('lean dialog contexts’ moves', () => {
  afterEach(() => sinon.restore());

  it('begin, continue, replace and end as DialogContext does, making no state manager', async () => {
    const texts = ['hi', '你好', 'hi', '再见'];
    const expected = await moves('constructor', texts);
    assert.deepEqual(expected[1], { status: DialogTurnStatus.complete, result: '记下了：你好' });
    const setValue = sinon.spy(DialogStateManager.prototype, 'setValue');
    assert.deepEqual(await moves('lean', texts), expected);
    assert.equal(setValue.callCount, 0, 'turn.lastResult is not stored');
    setValue.restore();
    // Cancelling is still botbuilder's.
    const cancelled = ['hi', 'boom', 'hi', '再见'];
    assert.deepEqual(await moves('lean', cancelled), await moves('constructor', cancelled));
  });

  it('throws what a dialog throws as DialogContext does, with the stack it was thrown on', async () => {
    const [, thrown] = await moves('lean', ['hi', 'boom']);
    assert.deepEqual(thrown, {
      message: 'boom',
      error: new Error('boom'),
      on: {
        activeDialog: 'ask',
        parent: undefined,
        stack: [
          { id: 'flow', state: { options: {}, values: {}, stepIndex: 0 } },
          { id: 'ask', state: {} },
        ],
      },
    });
  });
});
