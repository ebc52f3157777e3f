import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CatalogueError } from '../../src/routing/catalogue';
import { DistrictCatalogue } from '../../src/routing/districts';

const FILE = join(__dirname, '../../intents/districts.yaml');

describe('DistrictCatalogue', () => {
  const catalogue = DistrictCatalogue.load(FILE);
  const codeOf = (text: string) => catalogue.find(text)?.code ?? null;

  describe('loading intents/districts.yaml', () => {
    it('reads the city and its ten districts and county-level cities in file order', () => {
      assert.deepEqual(catalogue.city, { zh: '青岛市', en: 'Qingdao' });
      assert.deepEqual(
        catalogue.all().map((d) => d.code),
        [
          'shinan',
          'shibei',
          'licang',
          'laoshan',
          'chengyang',
          'huangdao',
          'jimo',
          'jiaozhou',
          'pingdu',
          'laixi',
        ],
      );
    });

    it('looks a district up by code', () => {
      assert.equal(catalogue.get('jimo')?.zh, '即墨区');
      assert.equal(catalogue.get('qingdao'), undefined);
    });
  });

  describe('find', () => {
    it('finds the district at the start of an address', () => {
      assert.equal(codeOf('市南区香港中路'), 'shinan');
    });

    it('finds a pinyin name inside an English sentence, ignoring case', () => {
      assert.equal(codeOf('our factory in Jimo has no water'), 'jimo');
      assert.equal(codeOf('LAOSHAN scenic area'), 'laoshan');
    });

    it('finds the new-area name of Huangdao', () => {
      assert.equal(codeOf('西海岸新区'), 'huangdao');
      assert.equal(codeOf('I work in the West Coast New Area'), 'huangdao');
      assert.equal(codeOf('我住胶南'), 'huangdao');
    });

    it('finds an old district name', () => {
      assert.equal(codeOf('四方区海云街'), 'shibei');
    });

    it('ignores spaces inside a name', () => {
      assert.equal(codeOf('城 阳 区 政府附近'), 'chengyang');
      assert.equal(codeOf('westcoast'), 'huangdao');
      assert.equal(codeOf('Li cang'), 'licang');
    });

    it('reads full-width Latin letters', () => {
      assert.equal(codeOf('ｐｉｎｇｄｕ'), 'pingdu');
    });

    it('takes the longest name when names overlap', () => {
      const overlapping = DistrictCatalogue.fromYaml(
        [
          'city: {zh: 青岛市, en: Qingdao}',
          'districts:',
          '  - {code: old, zh: 黄岛区, en: Old, aliases: [黄岛]}',
          '  - {code: coast, zh: 黄岛西海岸区, en: Coast}',
        ].join('\n'),
      );
      assert.equal(overlapping.find('住在黄岛西海岸区')?.code, 'coast');
      assert.equal(overlapping.find('住在黄岛')?.code, 'old');
    });

    it('prefers the earliest of two equally specific names', () => {
      assert.equal(codeOf('家住崂山区，在市南区上班'), 'laoshan');
    });

    it('does not match a pinyin name inside another word', () => {
      assert.equal(codeOf('went shopping dumplings'), null);
      assert.equal(codeOf('jimonday'), null);
    });

    it('returns null when no district is named', () => {
      assert.equal(codeOf('青岛市'), null);
      assert.equal(codeOf(''), null);
    });
  });

  describe('parseAnswer', () => {
    it('takes the number of a listed option', () => {
      assert.equal(catalogue.parseAnswer('1')?.code, 'shinan');
      assert.equal(catalogue.parseAnswer(' 7 ')?.code, 'jimo');
      assert.equal(catalogue.parseAnswer('１０')?.code, 'laixi');
      assert.equal(catalogue.parseAnswer('第3个')?.code, 'licang');
      assert.equal(catalogue.parseAnswer('第六项。')?.code, 'huangdao');
      assert.equal(catalogue.parseAnswer('十')?.code, 'laixi');
    });

    it('refuses a number outside the list', () => {
      assert.equal(catalogue.parseAnswer('0'), null);
      assert.equal(catalogue.parseAnswer('11'), null);
      assert.equal(catalogue.parseAnswer('十一'), null);
    });

    it('takes a district code', () => {
      assert.equal(catalogue.parseAnswer('huangdao')?.code, 'huangdao');
      assert.equal(catalogue.parseAnswer('Jiaozhou')?.code, 'jiaozhou');
    });

    it('takes a name or a sentence that names a district', () => {
      assert.equal(catalogue.parseAnswer('城阳')?.code, 'chengyang');
      assert.equal(catalogue.parseAnswer('我在莱西市')?.code, 'laixi');
    });

    it('returns null for a reply that names no district', () => {
      assert.equal(catalogue.parseAnswer('不知道'), null);
    });
  });

  describe('fromYaml', () => {
    it('names the file and the field when a district lacks a name', () => {
      const source =
        'city: {zh: 青岛市, en: Qingdao}\ndistricts:\n  - code: shinan\n    en: Shinan\n';
      assert.throws(
        () => DistrictCatalogue.fromYaml(source, 'districts.yaml'),
        (error: unknown) =>
          error instanceof CatalogueError &&
          error.code === 'CATALOGUE_INVALID' &&
          error.message.startsWith('districts.yaml:') &&
          error.message.includes('districts[0].zh'),
      );
    });

    it('refuses an alias that names two districts', () => {
      const source = [
        'city: {zh: 青岛市, en: Qingdao}',
        'districts:',
        '  - {code: shinan, zh: 市南区, en: Shinan, aliases: [市南]}',
        '  - {code: shibei, zh: 市北区, en: Shibei, aliases: [市 南]}',
      ].join('\n');
      assert.throws(
        () => DistrictCatalogue.fromYaml(source),
        /"市 南" names both shinan and shibei/,
      );
    });

    it('reports YAML syntax errors as catalogue errors', () => {
      assert.throws(() => DistrictCatalogue.fromYaml('districts: [unclosed'), CatalogueError);
    });
  });
});
