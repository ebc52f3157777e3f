import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { triageLexiconSchema } from './emergency';
import type { TriageLexicon } from './emergency';
import { parseGlossary } from './glossary';
import type { GlossaryEntry } from './glossary';
import { CATEGORIES, EMERGENCY_KINDS, META_INTENTS } from './types';
import type { Category, EmergencyKind, MetaIntent } from './types';

/** One labelled message from intents/train or intents/test. */
export interface Example {
  text: string;
  /** Set for department requests only. */
  department: string | null;
  category: Category | null;
  emergency: EmergencyKind | null;
  meta: MetaIntent | null;
  /** A routine request that shares words with emergencies (emergency.yaml `routine`). */
  routine: boolean;
  /** A message that is no request at all: a form answer, punctuation, a greeting (forms.yaml). */
  form?: FormKind;
  /** The batch file of `emergency/` it comes from; trained on only when the config says so. */
  batch?: string;
}

/** The lists of forms.yaml: none of them may raise an alarm. */
export const FORM_KINDS = ['answers', 'punctuation', 'greetings'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

export interface Department {
  code: string;
  zh: string;
  en: string;
}

export interface Corpus {
  departments: Department[];
  /** What each department handles, in the catalogue's words (departments.yaml `scope`). */
  scopes: { department: string; text: string }[];
  /** The triage lexicon (intents/triage.yaml). */
  triage: TriageLexicon;
  /** The domain glossary (intents/glossary.yaml). */
  glossary: GlossaryEntry[];
  examples: Example[];
}

/** `eval` is the independent set (intents/eval), written by people who never saw train/. */
export type Split = 'train' | 'test' | 'eval' | 'dev';

const text = z.union([z.string(), z.number()]).transform((value) => String(value).trim());
const texts = z
  .array(text.nullable())
  .nullable()
  .optional()
  .transform((list) => (list ?? []).filter(isText));

const departmentsSchema = z.object({
  departments: z
    .array(
      z
        .object({
          code: z.string().min(1),
          zh: z.string(),
          en: z.string(),
          scope: z.string().optional(),
        })
        .loose(),
    )
    .min(2),
});

const departmentFileSchema = z
  .object({ department: z.string().min(1) })
  .extend(
    Object.fromEntries(CATEGORIES.map((category) => [category, texts])) as Record<
      Category,
      typeof texts
    >,
  )
  .strict();

const emergencyFileSchema = z
  .object({
    emergency: z
      .object(
        Object.fromEntries(EMERGENCY_KINDS.map((kind) => [kind, texts])) as Record<
          EmergencyKind,
          typeof texts
        >,
      )
      .strict(),
    routine: texts,
  })
  .strict();

const formsFileSchema = z
  .object(
    Object.fromEntries(FORM_KINDS.map((kind) => [kind, texts])) as Record<FormKind, typeof texts>,
  )
  .partial()
  .strict();

const metaFileSchema = z
  .object(
    Object.fromEntries(META_INTENTS.map((intent) => [intent, texts])) as Record<
      MetaIntent,
      typeof texts
    >,
  )
  .strict();

function isText(value: string | null): value is string {
  return value !== null && value.length > 0;
}

export class IntentsDataError extends Error {
  readonly code = 'INTENTS_INVALID';
}

function readYaml<T>(file: string, schema: z.ZodType<T>): T {
  const result = schema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!result.success) {
    throw new IntentsDataError(`${file}: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** The triage lexicon the office edits: intents/triage.yaml. */
export function loadTriageLexicon(intentsDir: string): TriageLexicon {
  return readYaml(join(intentsDir, 'triage.yaml'), triageLexiconSchema);
}

/** The domain glossary the office edits: intents/glossary.yaml. */
export function loadGlossary(intentsDir: string): GlossaryEntry[] {
  const file = join(intentsDir, 'glossary.yaml');
  try {
    return parseGlossary(parse(readFileSync(file, 'utf8')));
  } catch (err) {
    if (err instanceof z.ZodError) throw new IntentsDataError(`${file}: ${z.prettifyError(err)}`);
    throw err;
  }
}

export function loadDepartments(intentsDir: string): Department[] {
  return loadCatalogue(intentsDir).departments;
}

function loadCatalogue(intentsDir: string): Pick<Corpus, 'departments' | 'scopes'> {
  const { departments } = readYaml(join(intentsDir, 'departments.yaml'), departmentsSchema);
  return {
    departments: departments.map(({ code, zh, en }) => ({ code, zh, en })),
    // One phrase per comma-separated item, plus the names: short, clean statements of the remit.
    scopes: departments.flatMap(({ code, zh, en, scope }) =>
      [zh, en, ...(scope ?? '').split(/[,;]\s*/)]
        .map((text) => text.replace(/\s+/g, ' ').trim())
        .filter((text) => text.length > 0)
        .map((text) => ({ department: code, text })),
    ),
  };
}

/** Reads one split; files not written yet are simply absent. */
export function loadCorpus(intentsDir: string, split: Split): Corpus {
  const { departments, scopes } = loadCatalogue(intentsDir);
  const known = new Set(departments.map((d) => d.code));
  const root = join(intentsDir, split);
  const examples: Example[] = [];
  const base = { department: null, category: null, emergency: null, meta: null, routine: false };

  const departmentDir = join(root, 'departments');
  const departmentFiles = existsSync(departmentDir)
    ? readdirSync(departmentDir).filter(isYaml).sort()
    : [];
  for (const name of departmentFiles) {
    const file = readYaml(join(departmentDir, name), departmentFileSchema);
    if (!known.has(file.department)) {
      throw new IntentsDataError(
        `${join(departmentDir, name)}: unknown department "${file.department}"`,
      );
    }
    for (const category of CATEGORIES) {
      for (const t of file[category])
        examples.push({ ...base, text: t, department: file.department, category });
    }
  }

  const readEmergencies = (path: string, batch?: string): void => {
    const file = readYaml(path, emergencyFileSchema);
    const from = batch === undefined ? base : { ...base, batch };
    for (const kind of EMERGENCY_KINDS) {
      for (const t of file.emergency[kind]) examples.push({ ...from, text: t, emergency: kind });
    }
    for (const t of file.routine) examples.push({ ...from, text: t, routine: true });
  };
  const emergencyFile = join(root, 'emergency.yaml');
  if (existsSync(emergencyFile)) readEmergencies(emergencyFile);
  const batchDir = join(root, 'emergency');
  if (existsSync(batchDir)) {
    for (const name of readdirSync(batchDir).filter(isYaml).sort())
      readEmergencies(join(batchDir, name), name.replace(/\.ya?ml$/, ''));
  }

  const formsFile = join(root, 'forms.yaml');
  if (existsSync(formsFile)) {
    const file = readYaml(formsFile, formsFileSchema);
    for (const form of FORM_KINDS) {
      for (const t of file[form] ?? []) examples.push({ ...base, text: t, form });
    }
  }

  const metaFile = join(root, 'meta.yaml');
  if (existsSync(metaFile)) {
    const file = readYaml(metaFile, metaFileSchema);
    for (const intent of META_INTENTS) {
      for (const t of file[intent]) examples.push({ ...base, text: t, meta: intent });
    }
  }
  return {
    departments,
    scopes,
    triage: loadTriageLexicon(intentsDir),
    glossary: loadGlossary(intentsDir),
    examples,
  };
}

function isYaml(name: string): boolean {
  return name.endsWith('.yaml') || name.endsWith('.yml');
}

/**
 * What the model is built from: every YAML file under intents/ except the test, eval and dev
 * splits (never used for training) and the model itself, plus the training configuration. A change to any
 * of them makes the model stale.
 */
export function fingerprint(intentsDir: string, config: unknown): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(config));
  for (const file of sourceFiles(intentsDir)) {
    hash.update(`\0${relative(intentsDir, file).split(sep).join('/')}\0`);
    hash.update(readFileSync(file));
  }
  return `sha256:${hash.digest('hex')}`;
}

function sourceFiles(intentsDir: string): string[] {
  const skip = new Set(['test', 'eval', 'dev', 'model'].map((dir) => join(intentsDir, dir)));
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (skip.has(path)) continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (isYaml(name)) out.push(path);
    }
  };
  walk(intentsDir);
  return out;
}
