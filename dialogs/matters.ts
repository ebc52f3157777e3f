import { splitMatters } from '../src/nlu/matters';
import type { Classification } from '../src/nlu/types';
import type { DialogServices } from './services';

/** One matter of a message that raised several: its words and the model's reading of them. */
export interface Matter {
  text: string;
  classification: Classification;
}

/**
 * The matters of a request that raises several, each to be filed as its own ticket; null when it
 * is one. Cut only at clear cues (src/nlu/matters.ts), and only when every part reads by itself
 * as a request the model places: "路灯坏了，另外两盏也不亮" stays one matter.
 */
export function separateMatters(
  services: Pick<DialogServices, 'classifier' | 'confidenceThreshold'>,
  text: string,
): Matter[] | null {
  const parts = splitMatters(text);
  if (parts.length < 2) return null;
  const matters = parts.map((part) => ({
    text: part,
    classification: services.classifier.classify(part),
  }));
  const each = matters.every(
    ({ classification: c }) =>
      c.department !== null &&
      c.confidence >= services.confidenceThreshold &&
      !c.emergency &&
      c.meta === null,
  );
  return each ? matters : null;
}
