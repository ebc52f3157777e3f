import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  CatalogueError,
  DepartmentCatalogue,
  UnknownDepartmentError,
} from '../../src/routing/catalogue';

const FILE = join(__dirname, '../../intents/departments.yaml');

describe('DepartmentCatalogue', () => {
  const catalogue = DepartmentCatalogue.load(FILE);

  it('loads every department of intents/departments.yaml in file order', () => {
    const codes = catalogue.all().map((d) => d.code);
    assert.equal(codes[0], 'market');
    assert.ok(codes.includes('private_econ'), "codes.includes('private_econ')");
    assert.equal(new Set(codes).size, codes.length);
    assert.ok(codes.length >= 20, `only ${codes.length} departments`);
  });

  it('gives every department a Chinese and an English name and a scope', () => {
    for (const d of catalogue.all()) {
      assert.match(d.zh, /\p{Script=Han}/u, d.code);
      assert.match(d.en, /^[A-Z]/, d.code);
      assert.ok(d.scope.length > 0, d.code);
    }
  });

  it('looks a department up by code', () => {
    assert.equal(catalogue.get('housing')?.zh, '住房和城乡建设局');
    assert.equal(catalogue.get('nope'), undefined);
    assert.equal(catalogue.has('gas'), true);
    assert.equal(catalogue.has('Gas'), false);
  });

  it('keeps tie-break rules and defaults them to none', () => {
    assert.equal(catalogue.get('gas')?.rules.length, 1);
    assert.deepEqual(catalogue.get('tax')?.rules, []);
  });

  it('shows the name in the requested language', () => {
    assert.equal(catalogue.displayName('fund', 'zh'), '住房公积金管理中心');
    assert.equal(catalogue.displayName('fund', 'en'), 'Housing Provident Fund Centre');
  });

  it('throws DEPARTMENT_UNKNOWN for a display name of an unknown code', () => {
    assert.throws(
      () => catalogue.displayName('nope', 'zh'),
      (error: unknown) =>
        error instanceof UnknownDepartmentError && error.code === 'DEPARTMENT_UNKNOWN',
    );
  });

  describe('fromYaml', () => {
    const valid = '  - {code: gas, zh: 燃气公司, en: Gas Company, scope: gas supply}';

    it('asks for a location unless a department says otherwise', () => {
      const source = [
        'departments:',
        valid,
        '  - {code: tax, zh: 税务局, en: Tax Service, scope: invoices, asksLocation: false}',
      ].join('\n');
      const catalogue = DepartmentCatalogue.fromYaml(source);
      assert.equal(catalogue.get('gas')?.asksLocation, true);
      assert.equal(catalogue.get('tax')?.asksLocation, false);
    });

    it('refuses a duplicate code and points at the second one', () => {
      assert.throws(
        () =>
          DepartmentCatalogue.fromYaml(`departments:\n${valid}\n${valid}\n`, 'departments.yaml'),
        (error: unknown) =>
          error instanceof CatalogueError &&
          /duplicate code "gas"/.test(error.message) &&
          error.message.includes('departments[1].code'),
      );
    });

    it('refuses a code with capitals or spaces', () => {
      const source =
        'departments:\n  - {code: Gas Co, zh: 燃气公司, en: Gas Company, scope: gas}\n';
      assert.throws(() => DepartmentCatalogue.fromYaml(source), /departments\[0\]\.code/);
    });

    it('refuses a blank English name', () => {
      const source = "departments:\n  - {code: gas, zh: 燃气公司, en: '  ', scope: gas}\n";
      assert.throws(() => DepartmentCatalogue.fromYaml(source), /departments\[0\]\.en/);
    });

    it('refuses a file without departments', () => {
      assert.throws(() => DepartmentCatalogue.fromYaml('departments: []\n'), CatalogueError);
      assert.throws(() => DepartmentCatalogue.fromYaml(''), CatalogueError);
    });
  });
});
