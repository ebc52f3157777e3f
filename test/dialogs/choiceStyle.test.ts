import { strict as assert } from 'node:assert';
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { z } from 'zod';
import { choicesActivity } from '../../dialogs/choiceStyle';
import { readCardAnswer } from '../../src/channels/cardAnswer';

const CardSchema = z.object({
  body: z.array(
    z.object({
      type: z.string(),
      choices: z.array(z.object({ title: z.string(), value: z.string() })),
    }),
  ),
  actions: z.array(z.object({ type: z.string(), title: z.string() })),
});

const DISTRICTS = ['市南区', '市北区', '李沧区', '崂山区', '城阳区', '跳过'];

function on(channelId: string): TurnContext {
  return new TurnContext(new TestAdapter(), {
    type: 'message',
    channelId,
    text: '路灯坏了',
    from: { id: 'u1', name: 'u1' },
    conversation: { id: 'c1', name: 'c1', isGroup: false, conversationType: 'personal' },
    recipient: { id: 'bot', name: 'bot' },
  });
}

describe('choicesActivity: options in the style the channel shows in full', () => {
  it('gives Web Chat every option as a suggested action', () => {
    const a = choicesActivity(on('webchat'), '哪个区？', DISTRICTS, 'zh');
    assert.deepEqual(
      a.suggestedActions?.actions.map((x) => x.title),
      DISTRICTS,
    );
    assert.equal(a.attachments, undefined);
  });

  it('keeps suggested actions on Teams while there are three options or fewer', () => {
    const a = choicesActivity(on('msteams'), '确认吗？', ['确认提交', '不对，修改', '取消'], 'zh');
    assert.equal(a.suggestedActions?.actions.length, 3);
    assert.equal(a.attachments, undefined);
  });

  it('gives Teams a card with every option and a submit once there are more than three', () => {
    const a = choicesActivity(on('msteams'), '哪个区？', DISTRICTS, 'en');
    assert.equal(a.suggestedActions, undefined);
    assert.equal(a.text, '哪个区？');
    const content = CardSchema.parse(a.attachments?.[0]?.content);
    const [set] = content.body;
    assert.equal(set?.type, 'Input.ChoiceSet');
    assert.deepEqual(
      set?.choices.map((c) => c.value),
      DISTRICTS,
    );
    assert.deepEqual(content.actions, [{ type: 'Action.Submit', title: 'OK' }]);
  });
});

describe('readCardAnswer: a card submit read as the typed answer', () => {
  const submit = (value: unknown, text?: string): Partial<Activity> => ({
    type: 'message',
    value,
    ...(text === undefined ? {} : { text }),
  });

  it('takes the chosen option as the text', () => {
    const a = submit({ choice: '崂山区' });
    assert.equal(readCardAnswer(a), true);
    assert.equal(a.text, '崂山区');
  });

  it('ignores the fields Teams adds beside the choice', () => {
    const a = submit({ choice: '跳过', msteams: { type: 'submit' } });
    assert.equal(readCardAnswer(a), true);
    assert.equal(a.text, '跳过');
  });

  it('leaves a message with text of its own as typed', () => {
    const a = submit({ choice: '崂山区' }, '市南区');
    assert.equal(readCardAnswer(a), false);
    assert.equal(a.text, '市南区');
  });

  it('reads nothing from a value that is not a choice', () => {
    for (const value of [undefined, 'x', { choice: 3 }, { choice: '  ' }, { other: 'a' }]) {
      const a = submit(value);
      assert.equal(readCardAnswer(a), false, JSON.stringify(value));
      assert.equal(a.text, undefined);
    }
  });
});
