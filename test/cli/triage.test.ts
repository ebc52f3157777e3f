import { strict as assert } from 'node:assert';
import { triageReport } from '../../src/cli/triage';
import type { Example } from '../../src/nlu/dataset';
import type { Classification } from '../../src/nlu/types';

const base = { department: null, category: null, emergency: null, meta: null, routine: false };
const examples: Example[] = [
  { ...base, text: '着火了', emergency: 'fire' },
  { ...base, text: '房子冒烟', emergency: 'fire' },
  { ...base, text: '燃气费太贵', routine: true },
  { ...base, text: '灭火器在哪买', routine: true },
];

/**
 * Raises the alarm exactly for the texts given, and asks the safety check for `doubts`, so the
 * report's arithmetic can be checked.
 */
function alarmsFor(
  texts: string[],
  doubts: string[] = [],
): { classify(text: string): Classification } {
  return {
    classify: (text) => ({
      department: null,
      confidence: 0,
      alternatives: [],
      category: 'report',
      categoryConfidence: 0,
      emergency: texts.includes(text),
      emergencyKind: texts.includes(text) ? 'fire' : null,
      emergencyEvidence: texts.includes(text) ? { source: 'cue', matched: '火' } : null,
      emergencyDoubt: doubts.includes(text) ? 'fire' : null,
      meta: null,
      lang: 'zh',
    }),
  };
}

describe('hotline triage (development set report)', () => {
  it('lists each missed emergency under its kind and counts recall over all kinds', () => {
    const report = triageReport(alarmsFor(['着火了']), examples);
    assert.ok(report.includes('recall fire: 50.0% (1/2)'), report.join('\n'));
    assert.ok(report.includes('  missed: 房子冒烟'), report.join('\n'));
    assert.ok(report.includes('recall: 50.0% (1/2)'), report.join('\n'));
  });

  it('lists each false alarm on a routine look-alike with the evidence that raised it', () => {
    const report = triageReport(alarmsFor(['着火了', '房子冒烟', '灭火器在哪买']), examples);
    assert.ok(
      report.includes('false alarms on routine look-alikes: 50.0% (1/2)'),
      "report.includes('false alarms on routine look-alikes: 50.0% (1/2)')",
    );
    assert.ok(
      report.includes('  alarm (fire): 灭火器在哪买  <- {"source":"cue","matched":"火"}'),
      report.join('\n'),
    );
    assert.ok(
      !report.some((line) => line.includes('missed')),
      "!report.some((line) => line.includes('missed'))",
    );
  });

  it('counts the misses and the look-alikes the safety check is asked on', () => {
    const report = triageReport(alarmsFor(['着火了'], ['房子冒烟', '燃气费太贵']), examples);
    assert.ok(report.includes('misses asked the safety check: 100.0% (1/1)'), report.join('\n'));
    assert.ok(report.includes('  missed (safety check asked): 房子冒烟'), report.join('\n'));
    assert.ok(
      report.includes('safety checks on routine look-alikes: 50.0% (1/2)'),
      "report.includes('safety checks on routine look-alikes: 50.0% (1/2)')",
    );
    assert.ok(report.includes('  safety check (fire): 燃气费太贵'), report.join('\n'));
  });
});
