/**
 * Root hooks for `npm run record:dialogs`: the dialog tests run against the shipped model, and
 * every text they make the dialogs classify is written to test/fixtures/dialogs/classifications.json
 * with the model's answer, for the recorded classifier the tests use by default. Rows that fail
 * still record what they sent up to the failing turn.
 */
import { relative } from 'node:path';
import { projectRoot } from '../../src/core/paths';
import { startRecording } from './dialogHarness';
import { RECORDING_FILE, saveRecording, type Recording } from './recordedClassifier';

let recording: Recording | undefined;

export const mochaHooks = {
  beforeAll(): void {
    recording = startRecording();
  },
  afterAll(): void {
    if (recording === undefined) return;
    saveRecording(recording);
    const texts = Object.keys(recording.classify).length;
    const answers = Object.keys(recording.explicitDanger).length;
    console.log(
      `recorded ${texts} classifications and ${answers} danger checks into ` +
        relative(projectRoot(), RECORDING_FILE),
    );
  },
};
