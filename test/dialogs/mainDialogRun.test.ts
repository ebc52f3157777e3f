import { strict as assert } from 'node:assert';
import { ConversationState, TestAdapter } from 'botbuilder';
import { Dialog, type DialogState } from 'botbuilder-dialogs';
import sinon from 'sinon';
import { MainDialog } from '../../dialogs/mainDialog';
import { createHarness, type Harness } from '../support/dialogHarness';

/** MainDialog.run, as the bot calls it every turn (the other dialog tests use DialogTestClient). */
describe('MainDialog.run', () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(async () => {
    sinon.restore();
    await h.close();
  });

  it('carries an intake across turns, and sends no dialog events that nothing here handles', async () => {
    const conversationState = new ConversationState(h.storage);
    const dialogState = conversationState.createProperty<DialogState>('dialogState');
    const dialog = new MainDialog(h.services, 'QD');
    const adapter = new TestAdapter(async (ctx) => {
      await dialog.run(ctx, dialogState);
      await conversationState.saveChanges(ctx);
    });
    const events = sinon.spy(Dialog.prototype, 'onDialogEvent');
    const reply = async (text: string): Promise<string> => {
      const replies: string[] = [];
      await adapter.send(text).assertReply((a) => void replies.push(a.text ?? ''));
      return replies.join('\n');
    };
    assert.match(await reply('我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路'), /.+/);
    events.resetHistory();
    const second = await reply('市民');
    assert.match(second, /电话|手机|phone/i, 'the intake goes on to ask for a phone number');
    assert.equal(events.callCount, 0);
  });
});
