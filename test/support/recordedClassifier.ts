import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../../src/core/paths';
import {
  CATEGORIES,
  EMERGENCY_KINDS,
  META_INTENTS,
  type Classification,
  type DangerStatement,
  type RequestClassifier,
} from '../../src/nlu/types';

/** What the dialog tests' texts were classified as by the shipped model, when last recorded. */
export const RECORDING_FILE = join(
  projectRoot(),
  'test',
  'fixtures',
  'dialogs',
  'classifications.json',
);

/** The command that replays the dialog tests against the shipped model and rewrites the file. */
export const RECORD_COMMAND = 'npm run record:dialogs';

const EvidenceSchema = z.object({
  source: z.enum(['cue', 'model']),
  matched: z.string(),
  probability: z.number().optional(),
  features: z.array(z.string()).optional(),
});

const ClassificationSchema = z.object({
  department: z.string().nullable(),
  confidence: z.number(),
  alternatives: z.array(z.object({ department: z.string(), confidence: z.number() })),
  category: z.enum(CATEGORIES),
  categoryConfidence: z.number(),
  emergency: z.boolean(),
  emergencyKind: z.enum(EMERGENCY_KINDS).nullable(),
  emergencyEvidence: EvidenceSchema.nullable(),
  emergencyDoubt: z.enum(EMERGENCY_KINDS).nullable(),
  meta: z.enum(META_INTENTS).nullable(),
  lang: z.enum(['zh', 'en']),
});

const DangerSchema = z.object({ kind: z.enum(EMERGENCY_KINDS), evidence: EvidenceSchema });

/** Every answer of both methods of the classifier port, by the exact text it was given. */
const RecordingSchema = z.object({
  classify: z.record(z.string(), ClassificationSchema),
  explicitDanger: z.record(z.string(), DangerSchema.nullable()),
});
export type Recording = z.infer<typeof RecordingSchema>;

export function emptyRecording(): Recording {
  return { classify: {}, explicitDanger: {} };
}

export function loadRecording(file = RECORDING_FILE): Recording {
  return RecordingSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** Written with sorted keys, so a re-recording shows in a diff only what changed. */
export function saveRecording(recording: Recording, file = RECORDING_FILE): void {
  const sorted = <T>(o: Record<string, T>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const out = {
    classify: sorted(recording.classify),
    explicitDanger: sorted(recording.explicitDanger),
  };
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
}

function missing(method: string, text: string): Error {
  return new Error(
    `the recorded classifier has no ${method}(${JSON.stringify(text)}) in ` +
      `${relative(projectRoot(), RECORDING_FILE)}: a dialog test sends a new text; ` +
      `run \`${RECORD_COMMAND}\` to record it from the shipped model`,
  );
}

/**
 * The classifier port answered from a recording, so that retraining the model cannot change what a
 * dialog test sees. A text that was never recorded is an error, never a question to the model.
 */
export class RecordedClassifier implements RequestClassifier {
  constructor(private readonly recording: Recording) {}

  classify(text: string): Classification {
    const c = this.recording.classify[text];
    if (c === undefined) throw missing('classify', text);
    return structuredClone(c);
  }

  explicitDanger(text: string): DangerStatement | null {
    if (!Object.hasOwn(this.recording.explicitDanger, text)) throw missing('explicitDanger', text);
    return structuredClone(this.recording.explicitDanger[text] ?? null);
  }
}

/** Asks the model and writes down every answer it gives, for RecordedClassifier to replay. */
export class RecordingClassifier implements RequestClassifier {
  constructor(
    private readonly model: RequestClassifier,
    readonly recording: Recording = emptyRecording(),
  ) {}

  classify(text: string): Classification {
    const c = this.model.classify(text);
    this.recording.classify[text] = structuredClone(c);
    return c;
  }

  explicitDanger(text: string): DangerStatement | null {
    const d = this.model.explicitDanger(text);
    this.recording.explicitDanger[text] = structuredClone(d);
    return d;
  }
}
