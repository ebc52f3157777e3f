import { strict as assert } from 'node:assert';
import { laterMatterIn, splitMatters } from '../../src/nlu/matters';

describe('splitMatters: where a message opens another matter', () => {
  const cases: [said: string, parts: string[]][] = [
    ['小区门口路灯坏了，另外楼下饭店油烟太大', ['小区门口路灯坏了', '楼下饭店油烟太大']],
    ['物业乱收费，还有一件事，我家门口下水道堵了', ['物业乱收费', '我家门口下水道堵了']],
    ['我反映两个问题：1、物业乱收费 2、下水道堵了', ['物业乱收费', '下水道堵了']],
    ['一是路灯坏了，二是饭店油烟大', ['路灯坏了', '饭店油烟大']],
    // The widget, 8 December 2026: the lead-in and a doubled cue were filed as the matters' words.
    [
      '你好 我想反应两个事，一个是我们小区门口的下水道堵了，另外还有就是楼顶有人私搭乱建',
      ['我们小区门口的下水道堵了', '楼顶有人私搭乱建'],
    ],
    ['有三个问题没人管，另外楼下饭店油烟太大', ['有三个问题没人管', '楼下饭店油烟太大']],
    [
      'The street light at my gate is broken. Also, the restaurant downstairs is too smoky.',
      ['The street light at my gate is broken.', 'The restaurant downstairs is too smoky.'],
    ],
    [
      'The light is broken, and also the restaurant downstairs is noisy at night',
      ['The light is broken', 'The restaurant downstairs is noisy at night'],
    ],
  ];
  for (const [said, parts] of cases) {
    it(`cuts "${said}" at its cue`, () => {
      assert.deepEqual(splitMatters(said), parts);
    });
  }

  const whole = [
    // One matter told in two sentences: no cue, nothing to cut.
    '小区门口路灯坏了一个多月了。晚上黑漆漆的，老人出门很危险',
    'The street light at my gate is broken. It has been dark for a week.',
    'The street light is broken. It is also dark.',
    // Numbers that are no list: a house number, a second lamp.
    '中山路1.5号路灯坏了',
    '路灯坏了，第二盏也坏了',
    // A cue with nothing before it is no second matter.
    '还有，物业乱收费',
  ];
  for (const said of whole) {
    it(`keeps "${said}" whole`, () => {
      assert.deepEqual(splitMatters(said), [said]);
    });
  }
});

describe('laterMatterIn: an answer that opens another matter', () => {
  it('gives the matter without its cue', () => {
    assert.equal(laterMatterIn('对了还有个事 小区门口的垃圾桶满了'), '小区门口的垃圾桶满了');
    assert.equal(laterMatterIn('另外楼下饭店油烟太大'), '楼下饭店油烟太大');
    assert.equal(laterMatterIn('Also, the bins are overflowing'), 'The bins are overflowing');
  });

  it('finds none in an answer without a cue, or a cue with nothing after it', () => {
    for (const said of ['13800001111', '还有', '还有吗', '还是不亮', '市南区']) {
      assert.equal(laterMatterIn(said), null, said);
    }
  });
});
