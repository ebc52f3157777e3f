import { strict as assert } from 'node:assert';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import sinon from 'sinon';
import type { Activity } from 'botbuilder';
import {
  buttonsOf,
  converse,
  createHarness,
  say,
  textOf,
  type Harness,
} from '../support/dialogHarness';
import { PROPERTY, STREETLIGHT } from '../support/requests';

/** Issue 12, "an intake that is easy to change": what the split into small dialogs promises. */
describe('IntakeDialog: small dialogs over one form', () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(async () => {
    sinon.restore();
    await h.close();
  });

  it('classifies a new request once: the intake takes MainDialog’s reading in its options', async () => {
    const classify = sinon.spy(h.services.classifier, 'classify');
    await converse(h.client('intake-1'), [[PROPERTY, ['个人（市民）还是企业']]]);
    assert.deepEqual(
      classify.getCalls().map((call) => call.args[0]),
      [PROPERTY],
    );
  });

  it('checks answers to its questions with the narrow danger check, never a full classification', async () => {
    const client = h.client('intake-2');
    await converse(client, [[STREETLIGHT, ['哪个区']]]);
    const classify = sinon.spy(h.services.classifier, 'classify');
    const danger = sinon.spy(h.services.classifier, 'explicitDanger');
    await converse(client, [
      ['崂山区', ['具体位置']],
      ['海尔路12号门口', ['个人（市民）还是企业']],
      ['市民', ['联系电话']],
    ]);
    assert.equal(classify.callCount, 0, 'no answer was classified in full');
    assert.deepEqual(
      danger.getCalls().map((call) => call.args[0]),
      ['崂山区', '海尔路12号门口', '市民'],
    );
  });

  it('keeps every answer in the form, so a person asked for mid-way files what is known', async () => {
    const client = h.client('intake-3');
    await converse(client, [
      [STREETLIGHT, ['哪个区']],
      ['崂山区', ['具体位置']],
      ['海尔路12号门口', ['个人（市民）还是企业']],
      ['转人工', []],
    ]);
    const [ticket] = await h.tickets.listForRequester('test:intake-3');
    assert.ok(ticket, 'what was known is filed for duty staff');
    assert.equal(ticket.district, 'laoshan');
    assert.equal(ticket.location, '海尔路12号门口');
    assert.equal(ticket.text, STREETLIGHT);
  });

  it('takes the place from a district answer that also says where, and does not ask for it', async () => {
    const client = h.client('intake-9');
    await converse(client, [
      [STREETLIGHT, ['哪个区']],
      ['市南区香港中路100号', ['个人（市民）还是企业']],
      ['市民', ['联系电话']],
      ['转人工', []],
    ]);
    const [ticket] = await h.tickets.listForRequester('test:intake-9');
    assert.ok(ticket, 'ticket');
    assert.equal(ticket.district, 'shinan');
    assert.equal(ticket.location, '香港中路100号');
  });

  it('still asks for the place when the district answer is the district alone', async () => {
    const client = h.client('intake-10');
    await converse(client, [
      [STREETLIGHT, ['哪个区']],
      ['市南区', ['具体位置']],
    ]);
  });

  it('answers help at any question and asks that question again', async () => {
    const client = h.client('intake-4');
    await converse(client, [[STREETLIGHT, ['哪个区']]]);
    const replies = await say(client, '帮助');
    assert.match(textOf(replies), /使用说明/);
    assert.match(textOf(replies), /哪个区/);
    assert.equal(client.dialogTurnResult.status, DialogTurnStatus.waiting);
  });

  it('answers help and cancel with nothing open without a question to resume', async () => {
    const client = h.client('intake-5');
    const help = textOf(await say(client, '帮助'));
    assert.match(help, /使用说明/);
    assert.doesNotMatch(help, /哪个区/);
    assert.match(textOf(await say(client, '取消')), /没有正在办理/);
    assert.equal(client.dialogTurnResult.status, DialogTurnStatus.complete);
  });

  it('asks the open question again for a conversation saved mid-intake before the split', async () => {
    const client = h.client('intake-6');
    await converse(client, [[STREETLIGHT, ['哪个区']]]);
    // The version before the split kept the district prompt directly in IntakeDialog's stack.
    const key = 'test/conversations/conv-intake-6/';
    const saved: unknown = (await h.storage.read([key]))[key];
    const old = JSON.stringify(saved).replace(
      '"id":"intakeLocationDialog"',
      '"id":"intakeDistrict"',
    );
    assert.notEqual(old, JSON.stringify(saved), 'the stack holds the location dialog');
    await h.storage.write({ [key]: { ...JSON.parse(old), eTag: '*' } });
    await converse(client, [
      ['崂山区', ['哪个区']],
      ['崂山区', ['具体位置']],
    ]);
    assert.equal(client.dialogTurnResult.status, DialogTurnStatus.waiting);
  });
  it('shows the summary again, card and buttons, after help, keeping only its facts in the state', async () => {
    const client = h.client('intake-7');
    const summary = await converse(client, toSummary);
    const key = 'test/conversations/conv-intake-7/';
    const kept = JSON.stringify((await h.storage.read([key]))[key]);
    assert.doesNotMatch(kept, /AdaptiveCard/, 'the card is made again, not kept');
    const again = await say(client, '帮助');
    assert.match(textOf(again), /使用说明/);
    assert.deepEqual(cardsOf(again), cardsOf(summary));
    assert.deepEqual(buttonsOf(again), ['确认提交', '不对，修改', '取消']);
    await converse(client, [['确认提交', ['已为您登记工单']]]);
  });

  it('carries on at a summary the version before kept whole in the state', async () => {
    const client = h.client('intake-8');
    const summary = await converse(client, toSummary);
    const key = 'test/conversations/conv-intake-8/';
    const saved = JSON.stringify((await h.storage.read([key]))[key]);
    // As botbuilder's TextPrompt kept it: the question as sent, nothing to make it from.
    const [shown] = summary.filter((a) => (a.attachments ?? []).length > 0);
    const options = /"id":"intakeConfirm","state":\{"options":(\{.*?"prompt":"[^"]*"\})/.exec(
      saved,
    );
    assert.ok(options?.[1] !== undefined && shown !== undefined, 'the summary waits for an answer');
    const old = saved.replace(
      options[1],
      JSON.stringify({ prompt: { ...shown, text: '旧版的汇总' } }),
    );
    await h.storage.write({ [key]: { ...JSON.parse(old), eTag: '*' } });
    const again = await say(client, '帮助');
    assert.match(textOf(again), /旧版的汇总/);
    assert.deepEqual(cardsOf(again), cardsOf(summary));
    await converse(client, [['确认提交', ['已为您登记工单']]]);
  });
});

const toSummary: [string, string[]][] = [
  [PROPERTY, ['个人（市民）还是企业']],
  ['市民', ['联系电话']],
  ['138 1234 5678', ['怎么称呼您']],
  ['王先生', ['请核对']],
];

function cardsOf(replies: Partial<Activity>[]): unknown[] {
  return replies.flatMap((a) => a.attachments ?? []).map((c) => c.content);
}
