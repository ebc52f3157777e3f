/**
 * Typings for the few `natural` submodules the classifier loads directly. The package index
 * (`import 'natural'`) is avoided on purpose: it loads storage back-ends that print to stdout
 * and cost ~0.6 s. natural only ships typings for its index, hence these.
 */

declare module 'natural/lib/natural/classifiers/classifier' {
  import { EventEmitter } from 'node:events';

  namespace Classifier {
    /** What natural calls a stemmer: anything that turns text into tokens. */
    interface Tokenizer {
      tokenizeAndStem(text: string, keepStops?: boolean): string[];
    }
    interface Scored {
      label: string;
      value: number;
    }
    /** The inner model (apparatus-style): natural hands it one feature vector per document. */
    interface Backend<V> {
      addExample(features: V, label: string): void;
      train(): void;
      getClassifications(features: V): Scored[];
      classify(features: V): string;
    }
    interface Doc {
      label: string;
      text: string[];
    }
  }

  class Classifier<V = number[]> extends EventEmitter {
    constructor(classifier: Classifier.Backend<V>, stemmer?: Classifier.Tokenizer);
    classifier: Classifier.Backend<V>;
    docs: Classifier.Doc[];
    /** Token -> number of occurrences over all added documents. */
    features: Record<string, number>;
    stemmer: Classifier.Tokenizer;
    lastAdded: number;
    addDocument(text: string | string[], classification: string): void;
    textToFeatures(observation: string | string[]): V;
    train(): void;
    getClassifications(observation: string | string[]): Classifier.Scored[];
    classify(observation: string | string[]): string;
  }

  export = Classifier;
}

declare module 'natural/lib/natural/classifiers/bayes_classifier' {
  import Classifier = require('natural/lib/natural/classifiers/classifier');

  class BayesClassifier extends Classifier<number[]> {
    constructor(stemmer?: Classifier.Tokenizer, smoothing?: number);
  }

  export = BayesClassifier;
}

declare module 'natural/lib/natural/stemmers/porter_stemmer' {
  const PorterStemmer: {
    stem(token: string): string;
    tokenizeAndStem(text: string, keepStops?: boolean): string[];
  };
  export = PorterStemmer;
}

declare module 'natural/lib/natural/tokenizers/aggressive_tokenizer' {
  class AggressiveTokenizer {
    tokenize(text: string): string[];
  }
  export = AggressiveTokenizer;
}
