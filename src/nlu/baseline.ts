import BayesClassifier = require('natural/lib/natural/classifiers/bayes_classifier');
import type { Example } from './dataset';
import { extractFeatures } from './features';
import type { FeatureOptions } from './features';
import { normalize } from './normalize';
import type { Classification } from './types';

/** Character 1-2-grams after the same normalisation, nothing else: the reference features. */
export const BASELINE_FEATURES: FeatureOptions = {
  charNgrams: 2,
  wordBigrams: false,
  lengthFeature: false,
  concepts: false,
  conceptRepeat: 0,
  punctuation: false,
};

/**
 * natural's stock BayesClassifier (dense features over the whole vocabulary) on department
 * requests, as the yardstick for the real model. It only routes: no category, emergency or meta.
 */
export class BaselineClassifier {
  private readonly bayes = new BayesClassifier();

  constructor(examples: readonly Example[]) {
    for (const example of examples) {
      if (example.department) this.bayes.addDocument(tokens(example.text), example.department);
    }
    this.bayes.train();
  }

  classify(text: string): Classification {
    const ranked = this.bayes.getClassifications(tokens(text));
    const total = ranked.reduce((sum, r) => sum + r.value, 0) || 1;
    const [first, ...rest] = ranked;
    return {
      department: first?.label ?? null,
      confidence: (first?.value ?? 0) / total,
      alternatives: rest
        .slice(0, 2)
        .map((r) => ({ department: r.label, confidence: r.value / total })),
      category: 'consult',
      categoryConfidence: 0,
      emergency: false,
      emergencyKind: null,
      emergencyEvidence: null,
      emergencyDoubt: null,
      meta: null,
      lang: 'zh',
    };
  }
}

function tokens(text: string): string[] {
  return extractFeatures(normalize(text), BASELINE_FEATURES);
}
