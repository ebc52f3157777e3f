/**
 * The time-limit table (限时办结) as the hotline office writes it in config/sla.yaml: one row per
 * step, narrowed by requester type, category and urgency, plus what makes a ticket urgent.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { catalogueCode, parseCatalogue } from '../routing/catalogue';
import { CATEGORIES, type Category } from '../nlu/types';
import { DeadlineStepSchema, type DeadlineStep, type Limit } from './deadlines';

const positive = z.number().positive().max(1000);

const LimitSchema = z.union([
  z.strictObject({ workingHours: positive }),
  z.strictObject({ workingDays: z.number().int().min(1).max(60) }),
  z.strictObject({ hours: positive }),
]);

const RuleSchema = z.strictObject({
  step: DeadlineStepSchema,
  requester: z.enum(['citizen', 'enterprise']).optional(),
  category: z.array(z.enum(CATEGORIES)).min(1).optional(),
  urgent: z.boolean().optional(),
  within: LimitSchema,
});
export type SlaRule = z.infer<typeof RuleSchema>;

const UrgencySchema = z
  .strictObject({
    keywords: z.array(z.string().trim().min(1)).min(1).optional(),
    departments: z.array(catalogueCode).min(1).optional(),
    category: z.array(z.enum(CATEGORIES)).min(1).optional(),
  })
  .refine(
    (u) => u.keywords !== undefined || u.departments !== undefined || u.category !== undefined,
    'an urgency rule names keywords, departments or category',
  );
export type UrgencyRule = z.infer<typeof UrgencySchema>;

export const SlaFileSchema = z.strictObject({
  limits: z
    .array(RuleSchema)
    .min(1)
    .superRefine((rules, ctx) => {
      for (const step of ['accept', 'reply'] as const) {
        if (!rules.some((r) => r.step === step && specificity(r) === 0)) {
          ctx.addIssue({
            code: 'custom',
            message: `a row for step "${step}" without conditions is needed: every ticket has one`,
          });
        }
      }
    }),
  urgent: z.array(UrgencySchema).default([]),
});
export type SlaFile = z.infer<typeof SlaFileSchema>;

/** What the table looks at to pick a ticket's limits. */
export interface SlaSubject {
  requesterType: 'citizen' | 'enterprise';
  category: Category;
  urgent: boolean;
}

/** What decides urgency: the words of the request, where it went, what kind it is. */
export interface UrgencySubject {
  text: string;
  department: string | null;
  category: Category;
}

export class SlaTable {
  private constructor(private readonly file: SlaFile) {}

  /** Parses config/sla.yaml text; errors name `origin` and the offending row (CatalogueError). */
  static parse(source: string, origin: string): SlaTable {
    return new SlaTable(parseCatalogue(SlaFileSchema, source, origin));
  }

  static load(path: string): SlaTable {
    return SlaTable.parse(readFileSync(path, 'utf8'), path);
  }

  static of(file: z.input<typeof SlaFileSchema>): SlaTable {
    return new SlaTable(SlaFileSchema.parse(file));
  }

  /** Department codes the urgency rules name, to check against the catalogue at start-up. */
  get departments(): string[] {
    return [...new Set(this.file.urgent.flatMap((u) => u.departments ?? []))];
  }

  /**
   * The reply limits of the deprecated SLA_DEFAULT_WORKING_DAYS / SLA_CONSULT_WORKING_DAYS, put
   * over the table's rows without conditions (and "consult only") for reply.
   */
  withReplyDays(defaultDays: number | undefined, consultDays: number | undefined): SlaTable {
    const limits = this.file.limits.map((r) => {
      if (r.step !== 'reply' || r.requester !== undefined || r.urgent !== undefined) return r;
      const consultOnly = r.category?.length === 1 && r.category[0] === 'consult';
      if (r.category === undefined && defaultDays !== undefined)
        return { ...r, within: { workingDays: defaultDays } };
      if (consultOnly && consultDays !== undefined)
        return { ...r, within: { workingDays: consultDays } };
      return r;
    });
    return new SlaTable({ ...this.file, limits });
  }

  /** Urgent (紧急): any urgency rule whose every condition fits. */
  isUrgent(subject: UrgencySubject): boolean {
    const text = subject.text.toLowerCase();
    return this.file.urgent.some(
      (u) =>
        (u.keywords === undefined || u.keywords.some((k) => text.includes(k.toLowerCase()))) &&
        (u.departments === undefined ||
          (subject.department !== null && u.departments.includes(subject.department))) &&
        (u.category === undefined || u.category.includes(subject.category)),
    );
  }

  /**
   * For each step that applies, the candidate limits: the rows naming the most conditions among
   * those that fit. Between several, the earliest deadline wins (decided with the calendar).
   */
  limitsFor(subject: SlaSubject): Map<DeadlineStep, Limit[]> {
    const best = new Map<DeadlineStep, { rank: number; limits: Limit[] }>();
    for (const rule of this.file.limits) {
      if (!fits(rule, subject)) continue;
      const rank = specificity(rule);
      const seen = best.get(rule.step);
      if (seen === undefined || rank > seen.rank)
        best.set(rule.step, { rank, limits: [rule.within] });
      else if (rank === seen.rank) seen.limits.push(rule.within);
    }
    return new Map([...best].map(([step, { limits }]) => [step, limits]));
  }
}

function fits(rule: SlaRule, s: SlaSubject): boolean {
  return (
    (rule.requester === undefined || rule.requester === s.requesterType) &&
    (rule.category === undefined || rule.category.includes(s.category)) &&
    (rule.urgent === undefined || rule.urgent === s.urgent)
  );
}

function specificity(rule: SlaRule): number {
  return [rule.requester, rule.category, rule.urgent].filter((c) => c !== undefined).length;
}

/**
 * @deprecated The interim table from SLA_DEFAULT_WORKING_DAYS / SLA_CONSULT_WORKING_DAYS, kept
 * for callers built before config/sla.yaml: the issue's defaults with these reply limits and no
 * urgency rules. Load config/sla.yaml with `SlaTable.load` instead.
 */
export function simpleSla(defaultDays: number, consultDays: number): SlaTable {
  return SlaTable.of({
    limits: [
      { step: 'accept', within: { workingHours: 2 } },
      { step: 'transfer_request', within: { workingDays: 1 } },
      { step: 'reply', within: { workingDays: defaultDays } },
      { step: 'reply', category: ['consult'], within: { workingDays: consultDays } },
      { step: 'contact', requester: 'enterprise', within: { workingHours: 2 } },
      { step: 'feedback', requester: 'enterprise', within: { workingDays: 1 } },
      { step: 'settle', requester: 'enterprise', within: { workingDays: 15 } },
      { step: 'feedback', urgent: true, within: { hours: 2 } },
      { step: 'reply', urgent: true, within: { hours: 24 } },
    ],
  });
}
