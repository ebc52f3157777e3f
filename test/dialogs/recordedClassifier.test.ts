import { strict as assert } from 'node:assert';
import type { RequestClassifier } from '../../src/nlu/types';
import { RecordedClassifier, RecordingClassifier } from '../support/recordedClassifier';

/** A model that answers the same to everything, to see exactly what is written down. */
const model: RequestClassifier = {
  classify: (text) => ({
    department: text.length > 3 ? 'housing' : null,
    confidence: 0.9,
    alternatives: [{ department: 'urban', confidence: 0.05 }],
    category: 'complaint',
    categoryConfidence: 0.8,
    emergency: false,
    emergencyKind: null,
    emergencyEvidence: null,
    emergencyDoubt: null,
    meta: null,
    lang: 'zh',
  }),
  explicitDanger: (text) =>
    text.includes('着火') ? { kind: 'fire', evidence: { source: 'cue', matched: '着火' } } : null,
};

describe('the recorded classifier of the dialog tests', () => {
  it('replays exactly what the model answered when recorded, for both methods', () => {
    const recording = new RecordingClassifier(model);
    recording.classify('物业乱收费');
    recording.explicitDanger('楼下着火了');
    recording.explicitDanger('市南区');
    const replay = new RecordedClassifier(recording.recording);
    assert.deepEqual(replay.classify('物业乱收费'), model.classify('物业乱收费'));
    assert.deepEqual(replay.explicitDanger('楼下着火了'), model.explicitDanger('楼下着火了'));
    assert.equal(replay.explicitDanger('市南区'), null);
  });

  it('refuses a text never recorded, naming the command that records it', () => {
    const replay = new RecordedClassifier(new RecordingClassifier(model).recording);
    assert.throws(
      () => replay.classify('新的一句话'),
      /classify\("新的一句话"\).*npm run record:dialogs/,
    );
    assert.throws(
      () => replay.explicitDanger('市北区'),
      /explicitDanger\("市北区"\).*npm run record:dialogs/,
    );
  });

  it('hands out copies, so a dialog changing a result cannot change the next answer', () => {
    const recording = new RecordingClassifier(model);
    recording.classify('物业乱收费');
    const replay = new RecordedClassifier(recording.recording);
    replay.classify('物业乱收费').alternatives.pop();
    assert.equal(replay.classify('物业乱收费').alternatives.length, 1);
  });
});
