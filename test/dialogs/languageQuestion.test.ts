import { strict as assert } from 'node:assert';
import { languageAskedAbout } from '../../dialogs/languageQuestion';

describe('languageAskedAbout: a question about the language the bot reads', () => {
  const cases: [string, 'zh' | 'en' | null][] = [
    ['Can I write in English?', 'en'],
    ['Do you speak English?', 'en'],
    ['English please', 'en'],
    ['能说英文吗', 'en'],
    ['我能用英文写吗？', 'en'],
    ['你会说中文吗', 'zh'],
    ['can you speak chinese', 'zh'],
    ['英语老师上课不认真，怎么投诉', null],
    ['我儿子会说英语，能上国际学校吗', null],
    ['会说英语的导游哪里找', null],
    ['I want to complain about an English training school', null],
  ];
  for (const [text, lang] of cases) {
    it(`reads "${text}" as ${lang ?? 'no such question'}`, () => {
      assert.equal(languageAskedAbout(text), lang);
    });
  }
});
