import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import {
  isAddressedToBot,
  stripBotMention,
  teamsIdentity,
} from '../../../src/channels/teams/activity';

const BOT = '28:bot-app-id';
const TAG = '<at>12345热线</at>';

function activity(overrides: Partial<Activity> = {}): Partial<Activity> {
  return {
    type: 'message',
    channelId: 'msteams',
    text: `${TAG} 路灯坏了`,
    from: { id: '29:u', name: '王丽', aadObjectId: 'aad-u' },
    recipient: { id: BOT, name: '12345热线' },
    conversation: { id: '19:g@thread.v2', conversationType: 'groupChat', isGroup: true, name: '' },
    entities: [{ type: 'mention', mentioned: { id: BOT, name: '12345热线' }, text: TAG }],
    channelData: { tenant: { id: 'tenant-1' } },
    ...overrides,
  };
}

describe('Teams activities', () => {
  it('reads tenant, person and conversation kind', () => {
    assert.deepEqual(teamsIdentity(activity()), {
      tenantId: 'tenant-1',
      aadObjectId: 'aad-u',
      userName: '王丽',
      shared: true,
    });
  });

  it('falls back to conversation.tenantId when channelData has no tenant', () => {
    const a = activity({
      channelData: {},
      conversation: {
        id: 'a:1',
        conversationType: 'personal',
        tenantId: 'tenant-2',
        isGroup: false,
        name: '',
      },
    });
    assert.equal(teamsIdentity(a)?.tenantId, 'tenant-2');
    assert.equal(teamsIdentity(a)?.shared, false);
  });

  it('reads a malformed tenant id as none rather than failing the turn', () => {
    assert.equal(
      teamsIdentity(activity({ channelData: { tenant: { id: 'a b:*' } } }))?.tenantId,
      null,
    );
  });

  it('has no Teams identity on other channels', () => {
    assert.equal(teamsIdentity(activity({ channelId: 'webchat' })), null);
  });

  it('takes a group message as addressed to the bot only when it mentions the bot', () => {
    assert.equal(isAddressedToBot(activity()), true);
    assert.equal(isAddressedToBot(activity({ entities: [] })), false);
    const someoneElse = [
      { type: 'mention', mentioned: { id: '29:other', name: '李强' }, text: '<at>李强</at>' },
    ];
    assert.equal(isAddressedToBot(activity({ entities: someoneElse })), false);
  });

  it('takes every personal message and every other channel as addressed to the bot', () => {
    const personal = activity({
      entities: [],
      conversation: { id: 'a:1', conversationType: 'personal', isGroup: false, name: '' },
    });
    assert.equal(isAddressedToBot(personal), true);
    assert.equal(isAddressedToBot(activity({ channelId: 'webchat', entities: [] })), true);
  });

  it("strips every mention of the bot and keeps other people's", () => {
    const a = activity({
      text: `${TAG} 请帮忙，<at>李强</at> 也看到了 ${TAG}`,
      entities: [
        { type: 'mention', mentioned: { id: BOT, name: '12345热线' }, text: TAG },
        { type: 'mention', mentioned: { id: '29:other', name: '李强' }, text: '<at>李强</at>' },
      ],
    });
    stripBotMention(a);
    assert.equal(a.text, '请帮忙，<at>李强</at> 也看到了');
  });

  it('keeps line breaks of a longer request', () => {
    const a = activity({ text: `${TAG}\n第一行\n第二行` });
    stripBotMention(a);
    assert.equal(a.text, '第一行\n第二行');
  });
});
