import { strict as assert } from 'node:assert';
import { charGrams, nearDuplicates } from '../../src/nlu/dedupe';

describe('near-duplicate filter (character 5-gram Jaccard ≥ 0.6)', () => {
  const training = [
    '我家小区物业乱收费，每个月多收两百块停车费',
    'The street light outside my building is broken',
  ];

  it('flags a line that repeats a training line word for word', () => {
    assert.deepEqual(nearDuplicates(['我家小区物业乱收费，每个月多收两百块停车费'], training), [
      true,
    ]);
  });

  it('flags a line that differs from a training line only in a few characters or case', () => {
    assert.deepEqual(
      nearDuplicates(
        [
          '我家小区物业乱收费，每个月多收两百块停车费啊',
          'the street light outside my building is broken!',
        ],
        training,
      ),
      [true, true],
    );
  });

  it('keeps a line about the same thing written differently', () => {
    assert.deepEqual(nearDuplicates(['物业公司停车费收得太多了，一个月多要两百'], training), [
      false,
    ]);
  });

  it('treats a line shorter than five characters as one gram, so only the same short line matches', () => {
    assert.deepEqual([...charGrams('你好')], ['你好']);
    assert.deepEqual(nearDuplicates(['你好', '您好'], ['你好']), [true, false]);
  });
});
