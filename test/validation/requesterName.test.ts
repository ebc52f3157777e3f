import assert from 'node:assert/strict';
import { nameBesidePhone, readName } from '../../src/validation/requesterName';

describe('how a person asks to be addressed (怎么称呼您)', () => {
  const named = (value: string) => ({ kind: 'name', value });

  it('keeps a surname, a title or a full name, without the words around it', () => {
    const cases: [string, string][] = [
      ['王先生', '王先生'],
      ['我姓王', '王'],
      ['免贵姓刘。', '刘'],
      ['叫我小张就行', '小张'],
      ['李女士', '李女士'],
      ['欧阳娜娜', '欧阳娜娜'],
      ['王有才', '王有才'],
      ["I'm Li Wei", 'Li Wei'],
      ['you can call me Ms Chen', 'Ms Chen'],
      ['Mr. Smith', 'Mr. Smith'],
      ['Please call me Mr. Brown', 'Mr. Brown'],
      // Said twice, or with a word beside it (the widget, 8 December 2026).
      ['我姓刘，刘女士', '刘女士'],
      ['张三，就是我', '张三'],
    ];
    for (const [said, name] of cases) assert.deepEqual(readName(said), named(name), said);
  });

  it('takes a refusal as declining, in either language', () => {
    for (const said of [
      '跳过',
      '不方便透露',
      '还是匿名吧',
      '不用了',
      '算了',
      'no',
      'rather not say',
    ]) {
      assert.deepEqual(readName(said), { kind: 'declined' }, said);
    }
  });

  it('never keeps what is no name: a sentence, digits, a yes, an answer to another question', () => {
    for (const said of [
      '路灯还是不亮',
      '13812345678',
      '好的',
      '市民',
      '我是市民',
      '我叫李明，住在中山路',
      '王先生，我们楼下的路灯也坏了',
      'the street light is still broken',
      'I want to talk to someone',
      // The bot's own buttons and commands, typed a question early (8 December 2026: the
      // bench's 确认提交 became a ticket's requester name).
      '确认提交',
      '确认',
      '提交',
      '确定',
      '没问题',
      '查询',
      '催办',
      '满意',
      '不满意',
      '人工',
      'confirm',
      'submit',
      'agent',
    ]) {
      assert.deepEqual(readName(said), { kind: 'unreadable' }, said);
    }
  });

  it('takes a name from beside a phone only when it is clearly one', () => {
    const cases: [string, string | null][] = [
      ['13800001111 王先生', '王先生'],
      ['电话13800001111，姓王', '王'],
      ['0532-88886666 李女士', '李女士'],
      ['13800001111', null],
      ['13800001111 谢谢', null],
      ['13800001111 张三', null],
      ['我的手机是13800001111', null],
      ['13800001111，路灯还没修', null],
    ];
    for (const [said, name] of cases) assert.equal(nameBesidePhone(said), name, said);
  });
});
