import { strict as assert } from 'node:assert';
import {
  ActivityHandler,
  ConversationState,
  MemoryStorage,
  TestAdapter,
  UserState,
  type Activity,
  type TurnContext,
} from 'botbuilder';
import pino from 'pino';
import sinon from 'sinon';
import { messages } from '../../dialogs/messages';
import type { RequesterProfile, SessionData } from '../../dialogs/session';
import { HotlineBot } from '../../src/bot/hotlineBot';
import { TeamsEnterpriseIdentity } from '../../src/channels/teams/enterpriseIdentity';
import { MemoryActivityDedupe } from '../../src/store/memory/activityDedupe';
import { MemoryConversationLock } from '../../src/store/memory/conversationLock';
import { handoffGate } from '../support/handoff';
import { MemoryTenantDirectory } from '../../src/store/memory/tenantDirectory';

const CODE = '91350100M000100Y43';

/** The bot around a stand-in dialog that records what it was given. */
function harness(dialogRun: (ctx: TurnContext) => Promise<void>) {
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const profile = userState.createProperty<RequesterProfile>('profile');
  const tenants = new MemoryTenantDirectory();
  const run = sinon.spy(dialogRun);
  const lock = new MemoryConversationLock();
  const bot = new HotlineBot({
    conversationState,
    userState,
    session: conversationState.createProperty<SessionData>('session'),
    dialog: { run, reprompt: async () => false },
    dedupe: new MemoryActivityDedupe(600),
    lock,
    lockTiming: { ttlMs: 15_000, waitMs: 50 },
    teamsEnterprise: new TeamsEnterpriseIdentity(tenants, profile, pino({ level: 'silent' })),
    logger: pino({ level: 'silent' }),
    messageMaxChars: 2000,
    handoff: handoffGate(conversationState),
  });
  const adapter = new TestAdapter((ctx) => bot.run(ctx));
  return { adapter, run, profile, tenants, lock };
}

function teams(id: string, text: string, user = 'aad-1', tenant = 'tenant-1'): Partial<Activity> {
  return {
    type: 'message',
    id,
    text,
    channelId: 'msteams',
    from: { id: `29:${user}`, name: '王丽', aadObjectId: user },
    conversation: { id: `a:${user}`, conversationType: 'personal', isGroup: false, name: '' },
    channelData: { tenant: { id: tenant } },
  };
}

describe('HotlineBot', () => {
  afterEach(() => sinon.restore());

  it('runs the dialogs once for an activity delivered twice', async () => {
    const h = harness(async () => undefined);
    await h.adapter.send(teams('m-1', '你好'));
    await h.adapter.send(teams('m-1', '你好'));
    assert.equal(h.run.callCount, 1);
  });

  it("takes a message straight to the dialogs, past ActivityHandler's chain (35 µs a turn)", async () => {
    // onTurnActivity is protected: reached through the prototype, as botbuilder calls it.
    const chain = sinon.spy(
      ActivityHandler.prototype as unknown as { onTurnActivity: () => Promise<void> },
      'onTurnActivity',
    );
    const h = harness(async () => undefined);
    await h.adapter.send(teams('m-1', '你好'));
    assert.equal(h.run.callCount, 1);
    assert.equal(chain.callCount, 0);

    await h.adapter
      .send({
        type: 'conversationUpdate',
        channelId: 'emulator',
        from: { id: 'u1', name: '' },
        recipient: { id: 'bot', name: '' },
        conversation: { id: 'c1', isGroup: false, conversationType: 'personal', name: '' },
        membersAdded: [{ id: 'u1', name: '' }],
      })
      .assertReply(messages('zh').welcome)
      .startTest();
    assert.equal(
      chain.callCount,
      1,
      'other activities still go to the handlers registered for them',
    );
  });

  it('lets a re-send through after a turn that failed', async () => {
    let fail = true;
    const h = harness(async () => {
      if (fail) throw new Error('boom');
    });
    await assert.rejects(async () => {
      await h.adapter.send(teams('m-1', '你好'));
    }, /boom/);
    fail = false;
    await h.adapter.send(teams('m-1', '你好'));
    assert.equal(h.run.callCount, 2);
  });

  it('tells the person to resend when the previous turn still holds the conversation', async () => {
    const h = harness(async () => undefined);
    const key = 'msteams/conversations/a:aad-1/';
    const token = await h.lock.tryAcquire(key, 15_000);
    assert.ok(token !== null, 'token !== null');
    await h.adapter
      .send(teams('m-1', '你好'))
      .assertReply('您的上一条消息还在处理中，这一条没有收到处理，请稍后再发送一次。')
      .startTest();
    assert.equal(h.run.callCount, 0);

    await h.lock.release(key, token);
    await h.adapter.send(teams('m-1', '你好'));
    assert.equal(h.run.callCount, 1, 'the re-send of the refused activity runs');
  });

  it('hands the dialogs the message as it reads: no hidden characters, no lone surrogate', async () => {
    const seen: (string | undefined)[] = [];
    const h = harness(async (ctx) => {
      seen.push(ctx.activity.text);
    });
    await h.adapter.send(teams('m-1', '查询 QD2026\u200b1208-\ufeff000001'));
    await h.adapter.send(teams('m-2', '电话 138\u00ad0013\u20608000，\u202e号01路中港香\u202c'));
    await h.adapter.send(teams('m-3', '路灯坏了\ud800，\u2067市南区\u2069'));
    assert.deepEqual(seen, [
      '查询 QD20261208-000001',
      '电话 13800138000，号01路中港香',
      '路灯坏了\ufffd，市南区',
    ]);
  });

  it('prefills the enterprise from the tenant before the dialogs, and keeps what they learn', async () => {
    const seen: RequesterProfile[] = [];
    const h = harness(async (ctx) => {
      const profile = await h.profile.get(ctx, {});
      seen.push({ ...profile });
      if (ctx.activity.text === 'code') profile.creditCode = CODE;
    });
    await h.tenants.remember('tenant-1', { enterpriseName: '青岛海联物流有限公司' });
    await h.adapter.send(teams('m-1', 'code', 'aad-1'));
    await h.adapter.send(teams('m-2', '你好', 'aad-2'));
    const fromTenant = { requesterType: 'enterprise', enterpriseTenantId: 'tenant-1' } as const;
    assert.deepEqual(seen, [
      { ...fromTenant, enterpriseName: '青岛海联物流有限公司' },
      { ...fromTenant, enterpriseName: '青岛海联物流有限公司', creditCode: CODE },
    ]);
    assert.deepEqual(await h.tenants.get('tenant-1'), {
      enterpriseName: '青岛海联物流有限公司',
      creditCode: CODE,
    });
  });

  it("follows a correction of the tenant's record in a profile that took its details from it", async () => {
    const seen: RequesterProfile[] = [];
    const h = harness(async (ctx) => {
      seen.push({ ...(await h.profile.get(ctx, {})) });
    });
    await h.tenants.remember('tenant-1', { enterpriseName: '青岛海联物流有限公司' });
    await h.adapter.send(teams('m-1', '你好', 'aad-1'));
    const by = { requesterKey: 'msteams:aad-2', at: new Date('2026-12-01T00:00:00Z') };
    await h.tenants.correct('tenant-1', { enterpriseName: '青岛海联国际物流有限公司' }, by);
    await h.adapter.send(teams('m-2', '你好', 'aad-1'));
    assert.deepEqual(
      seen.map((p) => p.enterpriseName),
      ['青岛海联物流有限公司', '青岛海联国际物流有限公司'],
    );
  });

  it("keeps a person's own enterprise details over the tenant's", async () => {
    const seen: RequesterProfile[] = [];
    const h = harness(async (ctx) => {
      const profile = await h.profile.get(ctx, {});
      if (ctx.activity.text === 'mine') profile.enterpriseName = '自己的公司';
      seen.push({ ...profile });
    });
    await h.adapter.send(teams('m-1', 'mine', 'aad-1', 'tenant-a'));
    await h.tenants.remember('tenant-b', { enterpriseName: '别人的公司' });
    await h.adapter.send(teams('m-2', 'again', 'aad-1', 'tenant-b'));
    assert.equal(seen[1]?.enterpriseName, '自己的公司');
    assert.deepEqual(await h.tenants.get('tenant-b'), { enterpriseName: '别人的公司' });
  });

  it('leaves people on other channels as they are', async () => {
    const seen: RequesterProfile[] = [];
    const h = harness(async (ctx) => {
      seen.push({ ...(await h.profile.get(ctx, {})) });
    });
    await h.adapter.send({ ...teams('m-1', '你好'), channelId: 'webchat' });
    assert.deepEqual(seen, [{}]);
  });
});
