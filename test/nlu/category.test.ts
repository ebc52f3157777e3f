import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadClassifier } from '../../src/nlu';

/** Probe list written for issue 8: consultations and reports read as complaints on independent text. */
const probes = z
  .object({ consult: z.array(z.string()), report: z.array(z.string()) })
  .parse(parse(readFileSync(join(__dirname, '..', 'fixtures', 'triage', 'category.yaml'), 'utf8')));

describe('the shipped model on questions and third-party reports', function () {
  this.timeout(60000);

  it('reads at least 90% of the probe questions as consultations and reports as reports', () => {
    const classifier = loadClassifier();
    const wrong = (['consult', 'report'] as const).flatMap((category) =>
      probes[category]
        .map((text) => ({ text, got: classifier.classify(text).category }))
        .filter(({ got }) => got !== category),
    );
    const total = probes.consult.length + probes.report.length;
    assert.ok(wrong.length <= total * 0.1, JSON.stringify(wrong, null, 1));
  });
});
