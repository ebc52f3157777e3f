import { strict as assert } from 'node:assert';
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { ClaimsIdentity } from 'botframework-connector';
import { vouchedName } from '../../dialogs/identity';

function turn(channelId: string, identity: ClaimsIdentity | null): TurnContext {
  const adapter = new TestAdapter();
  const activity: Partial<Activity> = {
    type: 'message',
    channelId,
    text: '路灯坏了',
    from: { id: '29:u', name: '王丽', aadObjectId: 'aad-u' },
    recipient: { id: 'bot', name: 'bot' },
    conversation: { id: 'c', isGroup: false, conversationType: 'personal', name: '' },
  };
  const ctx = new TurnContext(adapter, activity);
  if (identity !== null) ctx.turnState.set(adapter.BotIdentityKey, identity);
  return ctx;
}

describe('vouchedName', () => {
  it('takes the name of an authenticated Teams turn (Entra ID, signed by the Bot Connector)', () => {
    assert.equal(vouchedName(turn('msteams', new ClaimsIdentity([], true))), '王丽');
  });

  it('takes no name from a Teams activity nobody authenticated', () => {
    assert.equal(vouchedName(turn('msteams', null)), null);
    assert.equal(vouchedName(turn('msteams', new ClaimsIdentity([], false))), null);
  });

  it('takes no name from the web widget or the Emulator, whatever they send', () => {
    assert.equal(vouchedName(turn('webchat', new ClaimsIdentity([], true))), null);
    assert.equal(vouchedName(turn('emulator', new ClaimsIdentity([], true))), null);
  });
});
