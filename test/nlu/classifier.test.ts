import { strict as assert } from 'node:assert';
import { HotlineClassifier } from '../../src/nlu/classifier';
import { DEFAULT_CONFIG } from '../../src/nlu/config';
import type { TrainingConfig } from '../../src/nlu/config';
import { loadGlossary, loadTriageLexicon } from '../../src/nlu/dataset';
import type { Example } from '../../src/nlu/dataset';
import { defaultIntentsDir } from '../../src/nlu';
import { fitTemperature } from '../../src/nlu/calibration';
import { SparseTextClassifier } from '../../src/nlu/textClassifier';
import { headLabel, trainClassifier, trainingExamples } from '../../src/nlu/training';

const none = { department: null, category: null, emergency: null, meta: null, routine: false };

function requests(department: string, texts: string[]): Example[] {
  return texts.map((text, i) => ({
    ...none,
    text,
    department,
    category: i % 2 === 0 ? 'complaint' : 'consult',
  }));
}

/** A small hotline: three departments, two emergency kinds, two conversation intents. */
const FIXTURE: Example[] = [
  ...requests('gas', [
    '燃气费太贵了 这个月三百多',
    '怎么开通天然气',
    '燃气表不走字了',
    '燃气公司安检什么时候来',
    'my gas bill is too high',
    'how to open a gas account',
    '停气了 什么时候恢复供气',
    '燃气卡充值在哪',
  ]),
  ...requests('water', [
    '停水了 什么时候来水',
    '水费怎么这么贵',
    '自来水发黄有味',
    '水表坏了找谁换',
    'no water since this morning',
    'the water bill is wrong',
    '小区水压太低',
    '下水道堵了 返味',
  ]),
  ...requests('education', [
    '孩子上学学区怎么划',
    '幼儿园收费太高',
    '老师体罚学生',
    '转学需要什么手续',
    'school enrolment for my son',
    'the kindergarten fee is too high',
    '校外培训机构没有资质',
    '初中招生什么时候报名',
  ]),
  ...['着火了 快来', '楼下起火了 好大的烟', 'fire in my kitchen', '家里着火了 救命'].map(
    (text) => ({
      ...none,
      text,
      emergency: 'fire' as const,
    }),
  ),
  ...['我不想活了', '活着没意思', 'i want to kill myself', '我想自杀'].map((text) => ({
    ...none,
    text,
    emergency: 'suicide' as const,
  })),
  ...['你好', '在吗', 'hello', '您好 请问'].map((text) => ({
    ...none,
    text,
    meta: 'greeting' as const,
  })),
  ...['谢谢', '多谢', 'thanks', '谢谢你'].map((text) => ({
    ...none,
    text,
    meta: 'thanks' as const,
  })),
  ...[
    '想预约燃气安全检查',
    '电梯老是坏',
    '停电了 什么时候来电',
    '暖气不热了',
    '路灯坏了好几天了',
  ].map((text) => ({ ...none, text, routine: true })),
];

/** Glossary augmentation (hundreds of topic phrases) would drown a fixture this small. */
const CONFIG: TrainingConfig = { ...DEFAULT_CONFIG, calibrationFolds: 3, augmentTopics: false };
const DEPARTMENTS = ['gas', 'water', 'education'].map((code) => ({ code, zh: code, en: code }));

function trainFixture(config: TrainingConfig = CONFIG, examples = FIXTURE): HotlineClassifier {
  return trainClassifier(examples, {
    config,
    departments: DEPARTMENTS,
    scopes: [],
    triage: loadTriageLexicon(defaultIntentsDir()),
    glossary: loadGlossary(defaultIntentsDir()),
    fingerprint: 'test',
  });
}

describe('nlu classifier', () => {
  let classifier: HotlineClassifier;
  before(() => {
    classifier = trainFixture();
  });

  it('routes requests it has not seen to the right department', () => {
    assert.equal(classifier.classify('燃气费怎么交').department, 'gas');
    assert.equal(classifier.classify('停水两天了').department, 'water');
    assert.equal(classifier.classify('孩子转学的事').department, 'education');
    assert.equal(classifier.classify('gas meter broken').department, 'gas');
  });

  it('ranks the other departments as alternatives, best first, with confidences that add up', () => {
    const result = classifier.classify('水费太贵了');
    assert.equal(result.department, 'water');
    assert.equal(result.alternatives.length, 2);
    const confidences = [result.confidence, ...result.alternatives.map((a) => a.confidence)];
    assert.deepEqual(
      confidences,
      [...confidences].sort((a, b) => b - a),
    );
    assert.ok(
      Math.abs(confidences.reduce((a, b) => a + b, 0) - 1) < 0.01,
      'Math.abs(confidences.reduce((a, b) => a + b, 0) - 1) < 0.01',
    );
  });

  it('flags an emergency with its kind and no department', () => {
    const result = classifier.classify('厨房着火了');
    assert.equal(result.emergency, true);
    assert.equal(result.emergencyKind, 'fire');
    assert.equal(result.department, null);
  });

  it('recognises conversation as a meta intent and leaves requests without one', () => {
    assert.equal(classifier.classify('你好').meta, 'greeting');
    assert.equal(classifier.classify('谢谢了').meta, 'thanks');
    assert.equal(classifier.classify('燃气费太贵了').meta, null);
  });

  it('tells the language of the message', () => {
    assert.equal(classifier.classify('停水了').lang, 'zh');
    assert.equal(classifier.classify('no water today').lang, 'en');
  });

  it('survives a round trip through JSON and answers the same', () => {
    const restored = HotlineClassifier.fromJSON(JSON.parse(JSON.stringify(classifier.toJSON())));
    for (const text of ['燃气费怎么交', '着火了', '你好', 'school fees']) {
      assert.deepEqual(restored.classify(text), classifier.classify(text));
    }
  });

  it('gives lower confidence to gibberish than to a clear request', () => {
    const clear = classifier.classify('燃气费太贵了 燃气表不走字').confidence;
    const gibberish = classifier.classify('qzxv plmk wbrt').confidence;
    assert.ok(gibberish < clear, `${gibberish} < ${clear}`);
    assert.ok(gibberish < 0.6, `gibberish confidence ${gibberish}`);
  });
});

describe('nlu emergency guards for the model (issue 8)', () => {
  let json: ReturnType<HotlineClassifier['toJSON']>;
  before(() => {
    json = trainFixture().toJSON();
  });
  /** The fixture's model made eager: any danger word and a little P raise its alarm. */
  const eager = (emergencyGuards: boolean): HotlineClassifier =>
    HotlineClassifier.fromJSON({
      ...json,
      config: { ...json.config, emergencyGuards },
      thresholds: { ...json.thresholds, emergency: 0.001, emergencyUnsignalled: 0.99 },
    });

  it('keeps the model from naming a kind whose cue a guard stopped (smoke beside a barbecue)', () => {
    const text = '楼下烧烤店烟很大 熏得家里全是烟';
    assert.equal(eager(false).classify(text).emergencyKind, 'fire');
    assert.equal(eager(true).classify(text).emergency, false);
  });

  it("makes the model need its higher threshold in the kind's look-alike context", () => {
    const text = '隔壁烧烤摊 烟';
    assert.equal(eager(false).classify(text).emergencyKind, 'fire');
    assert.equal(eager(true).classify(text).emergency, false);
    assert.equal(eager(true).classify('隔壁仓库 烟').emergencyKind, 'fire');
  });
});

describe('nlu safety check: likely danger short of an alarm (issue 8)', () => {
  let json: ReturnType<HotlineClassifier['toJSON']>;
  before(() => {
    json = trainFixture().toJSON();
  });
  const at = (emergency: number, emergencyDoubt: number): HotlineClassifier =>
    HotlineClassifier.fromJSON({
      ...json,
      thresholds: { ...json.thresholds, emergency, emergencyUnsignalled: 0.99, emergencyDoubt },
    });

  it('names the likely kind between the safety-check and the alarm threshold, nothing outside it', () => {
    // "仓库 烟": a danger word, and a P(emergency) the fixture's model puts well above zero.
    const text = '隔壁仓库 烟';
    const alarmed = at(0.001, 0.001).classify(text);
    assert.equal(alarmed.emergency, true);
    assert.equal(alarmed.emergencyDoubt, null, 'an alarm is not also a doubt');
    const doubted = at(0.999, 0.001).classify(text);
    assert.equal(doubted.emergency, false);
    assert.equal(doubted.emergencyDoubt, 'fire');
    assert.equal(at(0.999, 0.999).classify(text).emergencyDoubt, null);
  });

  it('never asks on a message without a danger word, nor in routine context', () => {
    const eager = at(0.999, 0.001);
    assert.equal(eager.classify('燃气费太贵了').emergencyDoubt, null);
    assert.equal(eager.classify('上个月仓库冒烟了 后来怎么处理的').emergencyDoubt, null);
  });

  it('reads a model trained before the safety check as never asking it', () => {
    const { emergencyDoubt: _dropped, ...older } = json.thresholds;
    const restored = HotlineClassifier.fromJSON({ ...json, thresholds: older } as typeof json);
    assert.equal(restored.thresholds.emergencyDoubt, 1);
  });
});

describe('nlu emergency training on department requests (issue 8)', () => {
  // Requests in words of danger, which the model may flag out of fold.
  const withDanger = [
    ...FIXTURE,
    ...requests('gas', ['燃气灶点火时着了一下火 灶具保修找谁', '燃气管道着火演练什么时候搞']),
    ...requests('education', ['学校组织着火逃生演练 家长要去吗', 'fire drill at school next week']),
  ];
  // Only the request budget may bind: the other budgets let every out-of-fold score through.
  const open: TrainingConfig = {
    ...CONFIG,
    emergencyFalseAlarmBudget: 1,
    emergencyRoutineBudget: 1,
    emergencyMinThreshold: 0,
  };
  const threshold = (emergencyRequestBudget: number): number =>
    trainFixture({ ...open, emergencyRequestBudget }, withDanger).thresholds.emergency;

  it('raises the threshold above the department requests the model would flag out of fold', () => {
    assert.ok(threshold(0) > threshold(1) + 0.01, `${threshold(0)} vs ${threshold(1)}`);
  });

  it('trains on the batches of intents/train/emergency/ only when the config says so', () => {
    const batch: Example = { ...none, text: '厨房着火了', emergency: 'fire', batch: 'train-k' };
    const examples = [...FIXTURE, batch];
    assert.ok(
      !trainingExamples(examples, { ...CONFIG, emergencyBatches: false }).includes(batch),
      '!trainingExamples(examples, { ...CONFIG, emergencyBatches: false }).includes(...',
    );
    assert.ok(
      trainingExamples(examples, { ...CONFIG, emergencyBatches: true }).includes(batch),
      'trainingExamples(examples, { ...CONFIG, emergencyBatches: true }).includes(ba...',
    );
  });

  it('gives the batches to the emergency head only, never to the meta head as "none"', () => {
    // As "none" there, thousands of them made the meta head take more requests for meta-intents.
    const batch: Example = { ...none, text: '厨房着火了', emergency: 'fire', batch: 'train-k' };
    assert.equal(headLabel('meta', batch), null);
    assert.equal(headLabel('emergency', batch), 'fire');
    assert.equal(headLabel('meta', { ...batch, batch: undefined }), 'none');
  });
});

describe("nlu on natural's Classifier API", () => {
  it('learns through addDocument / train / classify / getClassifications', () => {
    const head = SparseTextClassifier.create(DEFAULT_CONFIG.heads.department);
    head.addDocument('停水了 什么时候来水', 'water');
    head.addDocument('水费太贵', 'water');
    head.addDocument('停电了 什么时候来电', 'power');
    head.addDocument('电费太贵', 'power');
    head.train();
    assert.equal(head.classify('又停水了'), 'water');
    const ranked = head.getClassifications('电费怎么交');
    assert.equal(ranked[0]?.label, 'power');
    assert.ok(
      (ranked[0]?.value ?? 0) > (ranked[1]?.value ?? 1),
      '(ranked[0]?.value ?? 0) > (ranked[1]?.value ?? 1)',
    );
  });
});

describe('nlu bagging', () => {
  const docs: [string, string][] = [
    ['着火了 快来', 'fire'],
    ['厨房烧起来了', 'fire'],
    ['煤气味很大 漏气了', 'gas'],
    ['燃气管道漏了', 'gas'],
    ['燃气费太贵', 'none'],
    ['想预约消防培训', 'none'],
  ];
  const trained = (bag: number, seed: number): SparseTextClassifier => {
    const options = DEFAULT_CONFIG.heads.emergency;
    const head = SparseTextClassifier.create({
      ...options,
      linear: { ...options.linear, bag, seed },
    });
    for (const [text, label] of docs) head.addDocument(text, label);
    head.train();
    return head;
  };

  it('ships a bag of seeded models as one weight matrix, the mean of its members', () => {
    const bagged = trained(3, 7).model;
    const members = [7, 8, 9].map((seed) => trained(1, seed).model);
    assert.equal(bagged.weights.length, members[0]?.weights.length);
    bagged.weights.forEach((w, i) => {
      const mean = members.reduce((sum, m) => sum + (m.weights[i] ?? 0), 0) / members.length;
      assert.ok(Math.abs(w - mean) < 1e-5, `weight ${i}: ${w} vs ${mean}`);
    });
  });
});

describe('nlu calibration', () => {
  it('fits a temperature above 1 for overconfident scores and below 1 for underconfident ones', () => {
    // Half right at a margin of 8: confident and often wrong, so the scores need softening.
    const overconfident = Array.from({ length: 100 }, () => Float64Array.of(8, 0));
    const gold = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 0 : 1));
    assert.ok(fitTemperature(overconfident, gold) > 4, 'fitTemperature(overconfident, gold) > 4');
    const underconfident = Array.from({ length: 100 }, () => Float64Array.of(0.2, 0));
    assert.ok(
      fitTemperature(underconfident, new Array<number>(100).fill(0)) < 0.2,
      'fitTemperature(underconfident, new Array<number>(100).fill(0)) < 0.2',
    );
  });
});
