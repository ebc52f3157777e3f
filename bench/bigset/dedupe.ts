/**
 * Drops from the batches of intents/train/emergency/ every line that nearly repeats (character
 * 5-gram Jaccard ≥ 0.6) a line of a set the model is measured on (intents/dev, the blind batches
 * left in intents/dev/batches, intents/test, intents/eval) or a training line before it (the other
 * training files, then the batches in name order). Prints counts only: the measuring sets' lines
 * are never shown. Run again, it drops nothing.
 *
 *   npx tsx bench/bigset/dedupe.ts [intentsDir]
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, parse, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { defaultIntentsDir } from '../../src/nlu';
import { loadCorpus } from '../../src/nlu/dataset';
import { NearDuplicateIndex } from '../../src/nlu/dedupe';

const intentsDir = process.argv[2] ?? defaultIntentsDir();

/** Every string in a parsed YAML value (the blind batches are read only as text to compare). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

const measured = new NearDuplicateIndex();
const blindDir = join(intentsDir, 'dev', 'batches');
const blind = readdirSync(blindDir)
  .filter((name) => name.endsWith('.yaml'))
  .flatMap((name) => strings(parse(readFileSync(join(blindDir, name), 'utf8'))));
const splits = (['dev', 'test', 'eval'] as const).flatMap((split) =>
  loadCorpus(intentsDir, split).examples.map((e) => e.text),
);
for (const text of [...blind, ...splits]) measured.add(text);

const training = new NearDuplicateIndex();
for (const e of loadCorpus(intentsDir, 'train').examples)
  if (e.batch === undefined) training.add(e.text);

/** The sequences of lines in a batch file: each kind under `emergency`, and `routine`. */
function lineLists(doc: Document): unknown[] {
  const lists: unknown[] = [doc.get('routine')];
  const emergency = doc.get('emergency');
  if (isMap(emergency)) for (const pair of emergency.items) lists.push(pair.value);
  return lists;
}

const batchDir = join(intentsDir, 'train', 'emergency');
const total = { kept: 0, measured: 0, training: 0 };
for (const name of readdirSync(batchDir)
  .filter((n) => n.endsWith('.yaml'))
  .sort()) {
  const path = join(batchDir, name);
  const doc = parseDocument(readFileSync(path, 'utf8'));
  const counts = { kept: 0, measured: 0, training: 0 };
  for (const list of lineLists(doc)) {
    if (!isSeq(list)) continue;
    list.items = list.items.filter((item) => {
      const text = isScalar(item) ? String(item.value).trim() : '';
      if (text === '') return true;
      if (measured.matches(text)) counts.measured++;
      else if (training.matches(text)) counts.training++;
      else {
        training.add(text);
        counts.kept++;
        return true;
      }
      return false;
    });
  }
  if (counts.measured + counts.training > 0) writeFileSync(path, doc.toString({ lineWidth: 0 }));
  process.stdout.write(
    `${name}: kept ${counts.kept}, dropped ${counts.measured} near copies of measuring sets, ${counts.training} of training lines\n`,
  );
  total.kept += counts.kept;
  total.measured += counts.measured;
  total.training += counts.training;
}
process.stdout.write(
  `all: kept ${total.kept}, dropped ${total.measured} near copies of measuring sets, ${total.training} of training lines\n`,
);
