import { strict as assert } from 'node:assert';
import {
  currentFingerprint,
  defaultIntentsDir,
  defaultModelPath,
  loadClassifier,
  recordedFingerprint,
} from '../../src/nlu';
import { loadCorpus } from '../../src/nlu/dataset';
import { predict, ratio, score } from '../../src/nlu/evaluation';
import type { Metrics } from '../../src/nlu/evaluation';

describe('the shipped model (intents/model/classifier.json)', function () {
  this.timeout(60000);

  it('was trained from the current intents/ sources (run `npm run train` after editing them)', () => {
    assert.equal(recordedFingerprint(defaultModelPath()), currentFingerprint(defaultIntentsDir()));
  });

  it('gives lower confidence to gibberish than to a clear request', () => {
    const classifier = loadClassifier();
    const clear = classifier.classify('小区物业乱收费 物业费一年涨了两次');
    const gibberish = classifier.classify('xkcd qwpz vvbn');
    assert.equal(gibberish.meta, null);
    assert.ok(gibberish.confidence < 0.5, `gibberish ${gibberish.confidence}`);
    assert.ok(gibberish.confidence < clear.confidence);
  });
});

/**
 * The regression gate: the held-out test set (intents/test, never used for training or tuning)
 * scored by the shipped model must stay at or above the targets.
 */
describe('the shipped model on the held-out test set', function () {
  this.timeout(60000);
  let m: Metrics;
  before(function () {
    const test = loadCorpus(defaultIntentsDir(), 'test');
    if (test.examples.length === 0) this.skip();
    m = score(predict(loadClassifier(), test.examples));
  });

  const check = (name: string, value: () => number, bound: number, atMost = false): void => {
    it(`keeps ${name} ${atMost ? 'at or below' : 'at or above'} ${(bound * 100).toFixed(0)}%`, () => {
      const v = value();
      assert.ok(atMost ? v <= bound : v >= bound, `${name}: ${(v * 100).toFixed(1)}%`);
    });
  };
  check('department top-1 accuracy', () => ratio(m.departmentTop1), 0.92);
  check('category accuracy', () => ratio(m.category), 0.85);
  check('emergency recall', () => ratio(m.emergencyRecall), 1);
  check('department top-3 accuracy', () => ratio(m.departmentTop3), 0.98);
  check('the false-alarm rate', () => ratio(m.falseAlarms), 0.02, true);
});
