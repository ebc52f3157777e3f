import { strict as assert } from 'node:assert';
import { asksAboutHours, asksHowAnswered } from '../../dialogs/hoursQuestion';

describe('asksAboutHours: a question about when the hotline works and how long answers take', () => {
  const cases: [string, boolean][] = [
    ['你们几点上班？', true],
    ['热线什么时候有人', true],
    ['工作时间是几点到几点', true],
    ['多久能给我答复？', true],
    ['一般几天能处理', true],
    ['周末也处理吗', true],
    ['节假日有人值班吗', true],
    ['What are your opening hours?', true],
    ['How long does it take?', true],
    ['Are you open on weekends?', true],
    ['那我什么时候能收到答复', true],
    ['啥时候有结果', true],
    ['When will I get an answer?', true],
    // Urging a ticket already filed stays an urge (README: 催办).
    ['什么时候处理', false],
    ['怎么还没处理', false],
    ['楼上装修每天晚上十点还在施工', false],
    ['工地晚上几点停工有规定吗，我家隔壁一直施工到凌晨', false],
    ['小区门口路灯坏了一个月了', false],
    ['The street light outside my building is broken', false],
  ];
  for (const [text, asks] of cases) {
    it(`reads "${text}" as ${asks ? 'a question about hours' : 'something else'}`, () => {
      assert.equal(asksAboutHours(text), asks);
    });
  }
});

describe('asksHowAnswered: a question about how the answer reaches the person', () => {
  const cases: [string, boolean][] = [
    ['答复会发到哪里', true],
    ['能不能发短信通知我', true],
    ['处理结果怎么通知我', true],
    ['How will I know the result?', true],
    ['Can you text me?', true],
    // 7 December 2026: these got the department picker; a complaint about a text stays one.
    ['物业每天给我发短信推销，一天十几条，能不能管管', false],
    ['小区门口路灯坏了一个月了', false],
  ];
  for (const [text, asks] of cases) {
    it(`reads "${text}" as ${asks ? 'asking how the answer comes' : 'something else'}`, () => {
      assert.equal(asksHowAnswered(text), asks);
    });
  }
});
