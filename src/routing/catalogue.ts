/** The department catalogue (首接负责单位目录) from intents/departments.yaml. */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Lang } from '../nlu/types';

/** A data file in intents/ that is not valid YAML or does not fit its schema. */
export class CatalogueError extends Error {
  readonly code = 'CATALOGUE_INVALID';

  constructor(
    readonly origin: string,
    detail: string,
  ) {
    super(`${origin}: ${detail}`);
    this.name = 'CatalogueError';
  }
}

export class UnknownDepartmentError extends Error {
  readonly code = 'DEPARTMENT_UNKNOWN';

  constructor(readonly department: string) {
    super(`unknown department code "${department}"`);
    this.name = 'UnknownDepartmentError';
  }
}

/** Parses YAML text and checks it against `schema`; errors name `origin` and the offending field. */
export function parseCatalogue<T extends z.ZodType>(
  schema: T,
  source: string,
  origin: string,
): z.output<T> {
  let data: unknown;
  try {
    data = parseYaml(source);
  } catch (error) {
    throw new CatalogueError(origin, error instanceof Error ? error.message : 'not valid YAML');
  }
  const result = schema.safeParse(data);
  if (!result.success) throw new CatalogueError(origin, z.prettifyError(result.error));
  return result.data;
}

/** Codes end up in tickets, Redis keys and file names, so they stay plain. */
export const catalogueCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'a code is lower-case letters, digits and _, starting with a letter');

const text = z.string().trim().min(1);

const departmentSchema = z.object({
  code: catalogueCode,
  zh: text,
  en: text,
  scope: text,
  rules: z.array(text).default([]),
  /** Whether intake asks where the problem is; false for departments that never need a place. */
  asksLocation: z.boolean().default(true),
});

const departmentFileSchema = z.object({
  departments: z
    .array(departmentSchema)
    .min(1)
    .superRefine((departments, ctx) => {
      const seen = new Set<string>();
      departments.forEach(({ code }, i) => {
        if (seen.has(code)) {
          ctx.addIssue({ code: 'custom', message: `duplicate code "${code}"`, path: [i, 'code'] });
        }
        seen.add(code);
      });
    }),
});

export type Department = z.output<typeof departmentSchema>;

export class DepartmentCatalogue {
  private readonly byCode: ReadonlyMap<string, Department>;

  private constructor(private readonly departments: readonly Department[]) {
    this.byCode = new Map(departments.map((d) => [d.code, d]));
  }

  static load(path: string): DepartmentCatalogue {
    return DepartmentCatalogue.fromYaml(readFileSync(path, 'utf8'), path);
  }

  static fromYaml(source: string, origin = 'departments.yaml'): DepartmentCatalogue {
    return new DepartmentCatalogue(
      parseCatalogue(departmentFileSchema, source, origin).departments,
    );
  }

  /** In the file's order, which is the order people see in lists. */
  all(): readonly Department[] {
    return this.departments;
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  get(code: string): Department | undefined {
    return this.byCode.get(code);
  }

  /** Throws `UnknownDepartmentError`: a code that reached this far is a bug, not user input. */
  displayName(code: string, lang: Lang): string {
    const department = this.byCode.get(code);
    if (!department) throw new UnknownDepartmentError(code);
    return department[lang];
  }
}
