import { strict as assert } from 'node:assert';
import { converse, createHarness, say, textOf, type Harness } from '../support/dialogHarness';
import { STREETLIGHT } from '../support/requests';

const ALARM = /可能是紧急情况/;

/**
 * Issue 8 in the conversation: form answers never alarm, real danger always does. On the shipped
 * model on purpose, not the recording: whether a message is taken as an emergency is the model's
 * (and the triage lexicon's) decision, so a retrained model that misses "孩子掉进湖里了" or alarms on
 * a company name must fail here, where the other dialog tests only replay what it once said.
 */
describe('MainDialog: emergency triage in the conversation', () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness({ classifier: 'shipped' });
  });
  afterEach(async () => {
    await h.close();
  });

  // The safety check (8 December 2026): a message the model finds likely dangerous but short of
  // an alarm. "楼顶天台有人晒被子把门堵了" is one on the shipped model (a routine look-alike of dev).
  const DOUBTFUL = '楼顶天台有人晒被子把门堵了';
  const SAFETY = /现在是否有人正处于危险中[\s\S]*110、119 或 120/;

  it('asks whether anyone is in danger now, then goes on with the request after "no"', async () => {
    const client = h.client('safety-no');
    assert.match(textOf(await say(client, DOUBTFUL)), SAFETY);
    const next = textOf(await say(client, '没有，继续反映'));
    assert.doesNotMatch(next, ALARM);
    assert.match(next, /哪个区|哪个部门|个人（市民）还是企业|请核对/);
    assert.deepEqual(await h.handoff.waiting(10), []);
  });

  it('raises the alarm when the person answers the safety check with "yes"', async () => {
    const client = h.client('safety-yes');
    await say(client, DOUBTFUL);
    assert.match(textOf(await say(client, '有，现在有危险')), /110/);
    assert.equal((await h.handoff.waiting(10))[0]?.request.reason, 'emergency');
  });

  it('hands what the person wrote to duty staff when they ask for a person at the safety check', async () => {
    const client = h.client('safety-human');
    await say(client, DOUBTFUL);
    await say(client, '人工');
    const [waiting] = await h.handoff.waiting(10);
    assert.equal(waiting?.request.reason, 'human_requested');
    assert.equal(waiting?.request.message, DOUBTFUL);
    assert.notEqual(waiting?.request.classification, null);
  });

  it('asks the safety check of a description typed after "投诉" too', async () => {
    // The check was asked of a first message only; "投诉" and then the same words filed at once.
    const client = h.client('safety-opening');
    await say(client, '投诉');
    assert.match(textOf(await say(client, DOUBTFUL)), SAFETY);
    assert.match(textOf(await say(client, '有，现在有危险')), /110/);
    assert.equal((await h.handoff.waiting(10))[0]?.request.reason, 'emergency');
    const other = h.client('safety-opening-no');
    await say(other, '投诉');
    await say(other, DOUBTFUL);
    assert.doesNotMatch(textOf(await say(other, '没有，继续反映')), ALARM);
  });

  it('reads an answer that is neither yes nor no with the first message', async () => {
    const client = h.client('safety-more');
    await say(client, DOUBTFUL);
    assert.match(textOf(await say(client, '有个人站在楼顶边上一直往下看')), /110/);
    assert.equal((await h.handoff.waiting(10))[0]?.request.reason, 'emergency');
  });

  it('answers a lone question mark as a message, not with an alarm', async () => {
    const client = h.client('triage-1');
    const replies = await say(client, '？');
    assert.doesNotMatch(textOf(replies), ALARM);
    assert.deepEqual(await h.handoff.waiting(10), []);
  });

  it('keeps the intake when the district question is answered with question marks or an emoji', async () => {
    const client = h.client('triage-2');
    await converse(client, [
      [STREETLIGHT, ['哪个区']],
      ['？？', ['使用说明', '哪个区']],
      ['😀', ['没有识别出区']],
    ]);
    const replies = await say(client, '崂山区');
    assert.match(textOf(replies), /具体位置/);
    assert.deepEqual(await h.handoff.waiting(10), []);
  });

  it('takes "在…那边" places as the answer to the place question, not as an alarm', async () => {
    const client = h.client('triage-3');
    await converse(client, [
      [STREETLIGHT, ['哪个区']],
      ['崂山区', ['具体位置']],
      ['在崂山区海尔路那边', ['个人（市民）还是企业']],
    ]);
    assert.deepEqual(await h.handoff.waiting(10), []);
  });

  it('takes a company name with alarming words in it as the enterprise name', async () => {
    const client = h.client('triage-4');
    await converse(client, [
      ['我们公司的营业执照地址变更 要去哪里办理', []],
      ['企业', ['企业名称']],
      ['青岛安全应急救援技术有限公司', ['统一社会信用代码']],
    ]);
    assert.deepEqual(await h.handoff.waiting(10), []);
  });

  it('still breaks off the form for an explicit danger statement typed as an answer', async () => {
    const client = h.client('triage-5');
    await converse(client, [
      [STREETLIGHT, ['哪个区']],
      ['楼下着火了 快来人', ['119']],
    ]);
    assert.equal((await h.handoff.waiting(10))[0]?.request.reason, 'emergency');
  });

  for (const [text, number] of [
    ['有个人站在楼顶边上一直往下看', '110'],
    ['孩子掉进湖里了 还没捞上来', '119'],
    ['A worker is caught in a machine', '119'],
  ] as const) {
    it(`alarms at once for "${text}" and flags it for duty staff`, async () => {
      const client = h.client(`triage-${text.length}`);
      const replies = await say(client, text);
      assert.match(textOf(replies), new RegExp(number));
      assert.equal((await h.handoff.waiting(10))[0]?.request.reason, 'emergency');
    });
  }
});
