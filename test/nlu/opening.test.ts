import { strict as assert } from 'node:assert';
import { requestOpening } from '../../src/nlu/opening';

describe('requestOpening: a request without content', () => {
  const openings: [string, string | null][] = [
    ['投诉', 'complaint'],
    ['我要投诉', 'complaint'],
    ['举报', 'report'],
    ['我想反映个问题', 'report'],
    ['咨询一下', 'consult'],
    ['你好，我想咨询一下', 'consult'],
    ['有个事想问一下', 'consult'],
    ['我有一个建议', 'suggestion'],
    ['我要表扬', 'praise'],
    ['我有个问题', null],
    ['I want to complain', 'complaint'],
    ["I'd like to make a complaint", 'complaint'],
    ['I have a question', 'consult'],
    ['Can I ask a question?', 'consult'],
    ['I want to report something', 'report'],
  ];
  for (const [text, hint] of openings) {
    it(`reads "${text}" as an opening with the hint ${String(hint)}`, () => {
      assert.deepEqual(requestOpening(text), { hint });
    });
  }

  for (const text of [
    '我要投诉物业',
    '问一下公积金怎么取',
    '我的投诉处理得怎么样了',
    '我的工单',
    '你好',
    'asdkjh qwe zxcmnb',
    'I have a problem with my landlord',
    'hi',
  ]) {
    it(`does not read "${text}" as an opening`, () => {
      assert.equal(requestOpening(text), null);
    });
  }
});
