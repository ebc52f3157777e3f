import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
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
}

export interface Department {
  code: string;
  zh: string;
  en: string;
}

export interface Corpus {
  departments: Department[];
  /** What each department handles, in the catalogue's words (departments.yaml `scope`). */
  scopes: { department: string; text: string }[];
  examples: Example[];
}

export type Split = 'train' | 'test';

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

  const emergencyFile = join(root, 'emergency.yaml');
  if (existsSync(emergencyFile)) {
    const file = readYaml(emergencyFile, emergencyFileSchema);
    for (const kind of EMERGENCY_KINDS) {
      for (const t of file.emergency[kind]) examples.push({ ...base, text: t, emergency: kind });
    }
    for (const t of file.routine) examples.push({ ...base, text: t, routine: true });
  }

  const metaFile = join(root, 'meta.yaml');
  if (existsSync(metaFile)) {
    const file = readYaml(metaFile, metaFileSchema);
    for (const intent of META_INTENTS) {
      for (const t of file[intent]) examples.push({ ...base, text: t, meta: intent });
    }
  }
  return { departments, scopes, examples };
}

function isYaml(name: string): boolean {
  return name.endsWith('.yaml') || name.endsWith('.yml');
}

/**
 * What the model is built from: every YAML file under intents/ except the test sets (test/ and
 * eval/, never used for training) and the model itself, plus the training configuration. A change to any
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
  const skip = new Set(['test', 'eval', 'model'].map((name) => join(intentsDir, name)));
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
