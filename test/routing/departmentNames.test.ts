import assert from 'node:assert/strict';
import { DepartmentCatalogue } from '../../src/routing/catalogue';
import { DepartmentNames } from '../../src/routing/departmentNames';

const YAML = `
departments:
  - code: fund
    zh: 住房公积金管理中心
    en: Housing Provident Fund Centre
    scope: 公积金
`;

describe('DepartmentNames: every way a department is shown', () => {
  const names = new DepartmentNames(DepartmentCatalogue.fromYaml(YAML));

  it('names a department in the reply language', () => {
    assert.equal(names.name('fund', 'zh'), '住房公积金管理中心');
    assert.equal(names.name('fund', 'en'), 'Housing Provident Fund Centre');
  });

  it('adds the Chinese name to the English one where the person is told where their ticket went', () => {
    assert.equal(names.withChinese('fund', 'zh'), '住房公积金管理中心');
    assert.equal(
      names.withChinese('fund', 'en'),
      'Housing Provident Fund Centre (住房公积金管理中心)',
    );
  });

  it('shows both names on the summary and takes either as an answer', () => {
    assert.equal(names.bilingual('fund'), '住房公积金管理中心 / Housing Provident Fund Centre');
    assert.deepEqual(names.synonyms('fund'), [
      '住房公积金管理中心',
      'Housing Provident Fund Centre',
    ]);
  });

  it('says a ticket without a lead department waits for hotline staff', () => {
    assert.equal(names.lead(null, 'zh'), '待热线值班分派');
    assert.equal(names.lead(null, 'en'), 'to be assigned by hotline staff');
    assert.equal(names.lead('fund', 'en'), 'Housing Provident Fund Centre');
  });

  it('shows a code the catalogue no longer knows as the code', () => {
    assert.equal(names.name('gone', 'zh'), 'gone');
    assert.equal(names.withChinese('gone', 'en'), 'gone');
    assert.equal(names.bilingual('gone'), 'gone / gone');
  });
});
