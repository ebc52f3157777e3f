import { strict as assert } from 'node:assert';
import {
  currentFingerprint,
  defaultIntentsDir,
  defaultModelPath,
  loadClassifier,
  recordedFingerprint,
} from '../../src/nlu';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FORM_KINDS, loadCorpus } from '../../src/nlu/dataset';
import { withoutNearDuplicates } from '../../src/nlu/dedupe';
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
 * The regression gate: the harder, independent set (intents/eval, without lines that nearly
 * repeat training lines) when there is one, else the held-out test set (intents/test); neither
 * is ever used for training or tuning. The shipped model must stay at or above the targets.
 */
const GATE_SET = existsSync(join(defaultIntentsDir(), 'eval')) ? 'eval' : 'test';

describe(`the shipped model on the held-out ${GATE_SET} set`, function () {
  this.timeout(60000);
  let m: Metrics;
  before(function () {
    const dir = defaultIntentsDir();
    const corpus = loadCorpus(dir, GATE_SET);
    const trainTexts = loadCorpus(dir, 'train').examples.map((e) => e.text);
    // The test set is kept whole, as in earlier reports; the eval set is scored as `npm run eval` does.
    const held = GATE_SET === 'eval' ? withoutNearDuplicates(corpus, trainTexts).corpus : corpus;
    if (held.examples.length === 0) this.skip();
    m = score(predict(loadClassifier(), held.examples));
  });

  /**
   * Each figure is held at its target; where the independent set shows a target not met yet,
   * at the floor measured there instead, named in the test's title so nobody mistakes it for
   * the target (README and docs/eval.md say the same).
   */
  const check = (
    name: string,
    value: () => number,
    target: number,
    { atMost = false, floor }: { atMost?: boolean; floor?: number } = {},
  ): void => {
    const bound = floor ?? target;
    const pct = (x: number) => `${(x * 100).toFixed(1).replace(/\.0$/, '')}%`;
    const shortOf = floor === undefined ? '' : ` (target ${pct(target)}, not met yet)`;
    it(`keeps ${name} ${atMost ? 'at or below' : 'at or above'} ${pct(bound)}${shortOf}`, () => {
      const v = value();
      assert.ok(atMost ? v <= bound : v >= bound, `${name}: ${pct(v)}`);
    });
  };
  const onEval = GATE_SET === 'eval';
  check('department top-1 accuracy', () => ratio(m.departmentTop1), 0.92);
  check('category accuracy', () => ratio(m.category), 0.85);
  check('emergency recall', () => ratio(m.emergencyRecall), 1, onEval ? { floor: 0.92 } : {});
  check('department top-3 accuracy', () => ratio(m.departmentTop3), 0.98);
  check('the false-alarm rate', () => ratio(m.falseAlarms), 0.02, { atMost: true });
  // The triage targets for text written independently of the project (intents/eval).
  if (onEval) {
    check('false alarms on routine requests', () => ratio(m.requestFalseAlarms), 0.01, {
      atMost: true,
      floor: 0.011,
    });
    for (const form of FORM_KINDS) {
      it(`raises no alarm on any ${form} line`, () => {
        assert.equal(m.formFalseAlarms[form].hits, 0, JSON.stringify(m.formFalseAlarms[form]));
      });
    }
  }
});
