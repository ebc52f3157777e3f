import { strict as assert } from 'node:assert';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentFingerprint, defaultIntentsDir } from '../../src/nlu';

describe('the model fingerprint', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'intents-'));
    for (const name of ['departments.yaml', 'triage.yaml', 'glossary.yaml', 'train'])
      cpSync(join(defaultIntentsDir(), name), join(dir, name), { recursive: true });
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  for (const file of ['triage.yaml', 'glossary.yaml']) {
    it(`changes when the office edits ${file}, so a stale model is detected`, () => {
      const before = currentFingerprint(dir);
      appendFileSync(join(dir, file), '\n# edited\n');
      assert.notEqual(currentFingerprint(dir), before);
    });
  }

  it('changes when a batch of emergency training lines is edited', () => {
    const before = currentFingerprint(dir);
    appendFileSync(join(dir, 'train', 'emergency', 'train-k.yaml'), '\n# edited\n');
    assert.notEqual(currentFingerprint(dir), before);
  });

  it('ignores the independent eval set, which is never trained on', () => {
    const before = currentFingerprint(dir);
    mkdirSync(join(dir, 'eval'));
    writeFileSync(join(dir, 'eval', 'forms.yaml'), 'answers: [市南区]\n');
    assert.equal(currentFingerprint(dir), before);
  });

  it('ignores the triage development set, which is never trained on', () => {
    const before = currentFingerprint(dir);
    mkdirSync(join(dir, 'dev'));
    writeFileSync(join(dir, 'dev', 'emergency.yaml'), 'emergency:\n  fire: [着火了]\n');
    assert.equal(currentFingerprint(dir), before);
  });
});
