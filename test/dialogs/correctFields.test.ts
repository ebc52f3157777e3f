import { strict as assert } from 'node:assert';
import { fieldNamed, namesWrongField } from '../../dialogs/intake/correctDialog';

describe('CorrectDialog: which field of the summary an answer names', () => {
  const named: [string, string | null][] = [
    ['电话错了', 'phone'],
    ['地址不对', 'location'],
    ['wrong district', 'location'],
    ['the phone number', 'phone'],
    ['Department', 'department'],
    ['身份', 'requester'],
    ['我是企业不是个人', 'requester'],
    ['问题描述写错了', 'text'],
    ['what happened', 'text'],
    // The person's name; the enterprise's name is the enterprise's (the walk, 8 December 2026).
    ['称呼不对', 'name'],
    ['我的名字写错了', 'name'],
    ['wrong name', 'name'],
    ['企业名字写错了', 'requester'],
    ['the company name is wrong', 'requester'],
    ['门牌号码不对', null],
    ['电话和地址都不对', null],
    ['随便', null],
  ];
  for (const [text, field] of named) {
    it(`reads "${text}" as ${field ?? 'no one field'}`, () => {
      assert.equal(fieldNamed(text), field);
    });
  }

  const refusals: [string, boolean][] = [
    ['电话不对', true],
    ['部门错了', true],
    ['改一下电话', true],
    ['wrong district', true],
    ['change the phone number', true],
    ['wrong name', true],
    ['不对，修改', false],
    ['是的，电话没错', false],
    ['电话不用改', false],
    ['企业', false],
    ['the phone is fine', false],
  ];
  for (const [text, names] of refusals) {
    it(`${names ? 'takes' : 'does not take'} "${text}" for a refusal naming what is wrong`, () => {
      assert.equal(namesWrongField(text), names);
    });
  }
});
