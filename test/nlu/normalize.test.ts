import { strict as assert } from 'node:assert';
import { defaultIntentsDir } from '../../src/nlu';
import { loadGlossary } from '../../src/nlu/dataset';
import { extractFeatures } from '../../src/nlu/features';
import { normalize, PLACEHOLDER } from '../../src/nlu/normalize';

describe('nlu normalisation', () => {
  it('folds full-width characters and upper case', () => {
    assert.equal(normalize('ＡＰＰ登录不了！'), 'app登录不了!');
  });

  it('turns common traditional characters into simplified ones and leaves simplified text alone', () => {
    assert.equal(normalize('我家小區物業亂收費'), '我家小区物业乱收费');
    assert.equal(normalize('显著的问题'), '显著的问题');
  });

  it('collapses phone numbers, money, dates, times and other numbers into placeholders', () => {
    const text = normalize('电话13912345678，多收200块，2024年3月5日晚上8点半，3号楼');
    assert.ok(text.includes(PLACEHOLDER.phone), 'text.includes(PLACEHOLDER.phone)');
    assert.ok(text.includes(PLACEHOLDER.money), 'text.includes(PLACEHOLDER.money)');
    assert.ok(text.includes(PLACEHOLDER.date), 'text.includes(PLACEHOLDER.date)');
    assert.ok(text.includes(PLACEHOLDER.time), 'text.includes(PLACEHOLDER.time)');
    assert.ok(
      text.includes(`${PLACEHOLDER.number}号楼`),
      'text.includes(`${PLACEHOLDER.number}号楼`)',
    );
    assert.doesNotMatch(text, /\d/);
  });

  it('keeps the numbers people dial, such as 110 and 12345', () => {
    assert.equal(normalize('快打110'), '快打110');
    assert.equal(normalize('Call 12345 please'), 'call 12345 please');
  });

  it('drops zero-width characters pasted inside words', () => {
    assert.equal(normalize('救\u200b命 着\u200d火\ufeff了'), '救命 着火了');
  });

  it('closes up Han characters spaced one by one, and leaves spaces between phrases', () => {
    assert.equal(normalize('救 命 啊 有 人 跳 河 了'), '救命啊有人跳河了');
    assert.equal(normalize('快来 救 命 啊'), '快来 救命啊');
    assert.equal(normalize('着火了 快来人 在 三楼'), '着火了 快来人 在 三楼');
    assert.equal(normalize('我 在 家'), '我在家');
    assert.equal(normalize('a b c 我 们'), 'a b c 我 们');
  });

  it('collapses runs of whitespace', () => {
    assert.equal(normalize('  停电了 \t\n 什么时候来电  '), '停电了 什么时候来电');
  });

  it('joins up Chinese spaced out character by character, not words written apart', () => {
    assert.equal(normalize('电 梯 卡 在 中 间 救 命'), '电梯卡在中间救命');
    assert.equal(normalize('煤气味好大 怎 么 办'), '煤气味好大 怎么办');
    assert.equal(normalize('楼下着火了 快来 救命'), '楼下着火了 快来 救命');
    assert.equal(normalize('我 家 a 着 火'), '我 家 a 着 火');
  });
});

describe('nlu features', () => {
  const options = {
    charNgrams: 2,
    wordBigrams: true,
    lengthFeature: false,
    concepts: false,
    conceptRepeat: 1,
    punctuation: false,
  };

  it('makes character unigrams and bigrams within a Chinese run, not across punctuation', () => {
    const features = extractFeatures(normalize('停电了，来电'), options);
    assert.deepEqual(features, ['停', '电', '了', '停电', '电了', '来', '电', '来电']);
  });

  it('stems English words with the Porter stemmer and adds stem bigrams', () => {
    const features = extractFeatures(normalize('Bills charged'), options);
    assert.deepEqual(features, ['bill', 'charg', 'bill charg']);
  });

  it('maps Chinese synonyms and English words of one glossary concept to one feature', () => {
    const glossary = loadGlossary(defaultIntentsDir());
    const withConcepts = { ...options, concepts: true };
    for (const text of ['煤气味很大', '天然气费太贵', 'my gas bill is too high']) {
      const features = extractFeatures(normalize(text), withConcepts, glossary);
      assert.ok(features.includes('=燃气'), text);
    }
  });

  it('marks very short messages with a length feature', () => {
    assert.ok(
      extractFeatures(normalize('谢谢'), { ...options, lengthFeature: true }).includes('#len:xs'),
      "extractFeatures(normalize('谢谢'), { ...options, lengthFeature: true }).include...",
    );
  });

  it('returns no features for text without letters or characters', () => {
    assert.deepEqual(extractFeatures(normalize('？？？ !!!'), options), []);
  });
});
