import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectRoot } from '../core/paths';
import { HotlineClassifier } from './classifier';
import { DEFAULT_CONFIG } from './config';
import type { TrainingConfig } from './config';
import { fingerprint, loadCorpus } from './dataset';
import { FEATURE_VERSION } from './features';
import { trainClassifier } from './training';

export { HotlineClassifier } from './classifier';
export type { ModelJson } from './classifier';
export { DEFAULT_CONFIG } from './config';
export type { TrainingConfig } from './config';
export type * from './types';

export function defaultIntentsDir(): string {
  return join(projectRoot(__dirname), 'intents');
}

export function defaultModelPath(): string {
  return join(defaultIntentsDir(), 'model', 'classifier.json');
}

export class ModelNotFoundError extends Error {
  readonly code = 'MODEL_NOT_FOUND';
}

/** Loads the trained model (intents/model/classifier.json unless told otherwise). */
export function loadClassifier(modelPath: string = defaultModelPath()): HotlineClassifier {
  if (!existsSync(modelPath)) {
    throw new ModelNotFoundError(`no trained model at ${modelPath}: run \`npm run train\``);
  }
  return HotlineClassifier.fromJSON(JSON.parse(readFileSync(modelPath, 'utf8')));
}

/** Trains on intents/train (never intents/test) and returns the classifier. */
export function trainFromIntents(
  intentsDir: string = defaultIntentsDir(),
  config: TrainingConfig = DEFAULT_CONFIG,
): HotlineClassifier {
  const corpus = loadCorpus(intentsDir, 'train');
  return trainClassifier(corpus.examples, {
    config,
    departments: corpus.departments,
    scopes: corpus.scopes,
    triage: corpus.triage,
    glossary: corpus.glossary,
    fingerprint: currentFingerprint(intentsDir, config),
  });
}

export function saveClassifier(
  classifier: HotlineClassifier,
  modelPath: string = defaultModelPath(),
): void {
  mkdirSync(dirname(modelPath), { recursive: true });
  writeFileSync(modelPath, `${JSON.stringify(classifier.toJSON())}\n`);
}

/** The fingerprint recorded in a model file, or null when there is none (or it is unreadable). */
export function recordedFingerprint(modelPath: string = defaultModelPath()): string | null {
  if (!existsSync(modelPath)) return null;
  try {
    const head: unknown = JSON.parse(readFileSync(modelPath, 'utf8'));
    if (
      typeof head === 'object' &&
      head !== null &&
      'fingerprint' in head &&
      typeof head.fingerprint === 'string'
    ) {
      return head.fingerprint;
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * The fingerprint a model trained now would carry: the intents/ sources, the training config,
 * and the feature extraction's version (the glossary and triage lexicon are intents/ files).
 */
export function currentFingerprint(
  intentsDir: string = defaultIntentsDir(),
  config: TrainingConfig = DEFAULT_CONFIG,
): string {
  return fingerprint(intentsDir, {
    config,
    featureVersion: FEATURE_VERSION,
  });
}
