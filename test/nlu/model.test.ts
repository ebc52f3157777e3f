import { strict as assert } from 'node:assert';
import {
  currentFingerprint,
  defaultIntentsDir,
  defaultModelPath,
  loadClassifier,
  recordedFingerprint,
} from '../../src/nlu';
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
    assert.ok(gibberish.confidence < clear.confidence, 'gibberish.confidence < clear.confidence');
  });

  it('names no department for text it knows nothing of, rather than the label prior', () => {
    const classifier = loadClassifier();
    for (const text of ['asdkjh qwe zxcmnb', '咨询一下']) {
      const c = classifier.classify(text);
      assert.deepEqual([c.department, c.confidence, c.alternatives], [null, 0, []], text);
    }
  });
});

/**
 * The regression gates: the held-out test set (intents/test) at the targets, and the harder,
 * independent set (intents/eval, without lines that nearly repeat training lines, as
 * `npm run eval` scores it) at the targets or, where it shows a target not met yet, at the floor
 * the shipped model reaches there. Neither set is ever used for training or tuning. A set that is
 * missing or empty skips its gate on a workstation and fails it in CI.
 */
interface Gate {
  split: 'test' | 'eval';
  /** Floors below a target, named in the test's title so nobody mistakes them for the target. */
  floors: { emergencyRecall?: number; requestFalseAlarms?: number };
  /** The triage targets for text written independently of the project. */
  triage: boolean;
}

const GATES: Gate[] = [
  // Every one of the 72 emergencies since the triage rounds of 7 December 2026: a miss fails.
  { split: 'test', floors: {}, triage: false },
  // 138 of 140 emergencies when this floor was set (a third miss more fails); routine false alarms
  // at the target since 7 December 2026 (8 of 865 now), so the target itself is the gate.
  { split: 'eval', floors: { emergencyRecall: 0.97 }, triage: true },
];

const pct = (x: number): string => `${(x * 100).toFixed(1).replace(/\.0$/, '')}%`;

for (const gate of GATES) {
  describe(`the shipped model on the held-out ${gate.split} set`, function () {
    this.timeout(60000);
    let m: Metrics;
    before(function () {
      const dir = defaultIntentsDir();
      const corpus = loadCorpus(dir, gate.split);
      const trainTexts = loadCorpus(dir, 'train').examples.map((e) => e.text);
      const held =
        gate.split === 'eval' ? withoutNearDuplicates(corpus, trainTexts).corpus : corpus;
      if (held.examples.length === 0) {
        if (process.env.CI === 'true')
          throw new Error(`intents/${gate.split} is missing or empty: its gate cannot run`);
        this.skip();
      }
      m = score(predict(loadClassifier(), held.examples));
    });

    const check = (
      name: string,
      value: () => number,
      target: number,
      { atMost = false, floor }: { atMost?: boolean; floor?: number } = {},
    ): void => {
      const bound = floor ?? target;
      const shortOf = floor === undefined ? '' : ` (target ${pct(target)}, not met yet)`;
      it(`keeps ${name} ${atMost ? 'at or below' : 'at or above'} ${pct(bound)}${shortOf}`, () => {
        const v = value();
        assert.ok(atMost ? v <= bound : v >= bound, `${name}: ${pct(v)}`);
      });
    };
    check('department top-1 accuracy', () => ratio(m.departmentTop1), 0.92);
    check('category accuracy', () => ratio(m.category), 0.85);
    check('emergency recall', () => ratio(m.emergencyRecall), 1, {
      floor: gate.floors.emergencyRecall,
    });
    check('department top-3 accuracy', () => ratio(m.departmentTop3), 0.98);
    check('the false-alarm rate', () => ratio(m.falseAlarms), 0.02, { atMost: true });
    if (gate.triage) {
      check('false alarms on routine requests', () => ratio(m.requestFalseAlarms), 0.01, {
        atMost: true,
        floor: gate.floors.requestFalseAlarms,
      });
      for (const form of FORM_KINDS) {
        it(`raises no alarm on any of its ${form} lines`, () => {
          assert.ok(m.formFalseAlarms[form].total > 0, `no ${form} lines in intents/${gate.split}`);
          assert.equal(m.formFalseAlarms[form].hits, 0, JSON.stringify(m.formFalseAlarms[form]));
        });
      }
    }
  });
}
