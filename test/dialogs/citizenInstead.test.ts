import { strict as assert } from 'node:assert';
import { saysCitizenInstead } from '../../dialogs/intake/form';

describe('saysCitizenInstead: taking back "enterprise" at its questions', () => {
  for (const text of [
    '算了 不是企业 是个人',
    '我是个人',
    '以个人身份反映吧',
    '其实是市民',
    '不是公司的',
    "I'm not a company, just a resident",
    "I'm an individual",
    'citizen',
  ]) {
    it(`takes "${text}" as a citizen after all`, () => {
      assert.equal(saysCitizenInstead(text), true);
    });
  }
  for (const text of [
    '个人护理用品有限公司',
    '青岛市民生服务有限公司',
    '市民服务中心',
    '个人独资企业',
    'Citizen Bank Ltd',
    'Individual Fitness Co.',
    '91370200MA3C12345F',
  ]) {
    it(`takes "${text}" as an answer, not a change of mind`, () => {
      assert.equal(saysCitizenInstead(text), false);
    });
  }
});
