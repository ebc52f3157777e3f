import { z } from 'zod';
import { PLACEHOLDER } from './normalize';
import { EMERGENCY_KINDS } from './types';
import type { EmergencyKind } from './types';

/**
 * The triage lexicon as the hotline office writes it (intents/triage.yaml): explicit danger
 * statements (`cues`), danger words that let the model speak (`signals`), routine-context and
 * happening-now words, and what a name looks like. Patterns are regular expressions over normalised text.
 */
const kind = z.enum(EMERGENCY_KINDS);
const patterns = z.array(z.string().min(1));
const byKind = z
  .object(
    Object.fromEntries(EMERGENCY_KINDS.map((k) => [k, patterns])) as Record<
      EmergencyKind,
      typeof patterns
    >,
  )
  .strict();

export const triageLexiconSchema = z
  .object({
    priority: z.array(kind).length(EMERGENCY_KINDS.length),
    neverGuarded: z.array(kind),
    cues: byKind,
    signals: byKind,
    routine: patterns,
    now: patterns,
    names: patterns,
    sentences: patterns,
    placeEndings: z.array(z.string().min(1)),
    /** Place names the emergency model never sees (masked to one placeholder character). */
    places: patterns.default([]),
  })
  .strict()
  .superRefine((lexicon, ctx) => {
    const check = (where: (string | number)[], source: string): void => {
      try {
        new RegExp(source);
      } catch (err) {
        ctx.addIssue({
          code: 'custom',
          path: where,
          message: `not a valid pattern: ${String(err)}`,
        });
      }
    };
    for (const k of EMERGENCY_KINDS) {
      lexicon.cues[k].forEach((p, i) => check(['cues', k, i], p));
      lexicon.signals[k].forEach((p, i) => check(['signals', k, i], p));
    }
    for (const list of ['routine', 'now', 'names', 'sentences'] as const)
      lexicon[list].forEach((p, i) => check([list, i], p));
    lexicon.places.forEach((p, i) => {
      try {
        new RegExp(p, 'u');
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: ['places', i], message: String(err) });
      }
    });
  });

export type TriageLexicon = z.infer<typeof triageLexiconSchema>;

export interface RuleMatch {
  /** The first kind (in priority order) whose cues matched, or null. */
  kind: EmergencyKind | null;
  /** The words of the message that the cue matched. */
  cue: string | null;
  /** The match sits in routine context (past, hypothetical, a service question) with no sign of now. */
  guarded: boolean;
  /** The message reads as routine (whether or not a cue matched); the model needs more to alarm. */
  routine: boolean;
  /** A danger word of the message (any kind), without which the model may not raise the alarm. */
  signal: string | null;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const anyOf = (list: readonly string[]): RegExp | null =>
  list.length === 0 ? null : new RegExp(list.map((p) => `(?:${p})`).join('|'));

/** The lexicon compiled once; matching is a handful of regular expressions per message. */
export class EmergencyRules {
  private readonly cues: readonly (readonly [EmergencyKind, RegExp])[];
  private readonly neverGuarded: ReadonlySet<EmergencyKind>;
  private readonly signals: RegExp | null;
  private readonly placeAfter: RegExp | null;
  private readonly routine: RegExp | null;
  private readonly now: RegExp | null;
  private readonly names: RegExp | null;
  private readonly sentences: RegExp | null;
  private readonly places: RegExp | null;

  constructor(readonly lexicon: TriageLexicon) {
    this.cues = lexicon.priority.flatMap((k) => {
      const pattern = anyOf(lexicon.cues[k]);
      return pattern ? [[k, pattern] as const] : [];
    });
    this.neverGuarded = new Set(lexicon.neverGuarded);
    const signals = EMERGENCY_KINDS.flatMap((k) => lexicon.signals[k]);
    this.signals =
      signals.length === 0 ? null : new RegExp(signals.map((p) => `(?:${p})`).join('|'), 'g');
    this.placeAfter =
      lexicon.placeEndings.length === 0
        ? null
        : new RegExp(`^\\p{Script=Han}{0,2}(?:${lexicon.placeEndings.map(escape).join('|')})`, 'u');
    this.routine = anyOf(lexicon.routine);
    this.now = anyOf(lexicon.now);
    this.names = anyOf(lexicon.names);
    this.sentences = anyOf(lexicon.sentences);
    this.places =
      lexicon.places.length === 0
        ? null
        : new RegExp(lexicon.places.map((p) => `(?:${p})`).join('|'), 'gu');
  }

  /**
   * The text the emergency model reads: every place name replaced by one placeholder, so a
   * street or a district that happened to appear in emergency training lines carries nothing.
   */
  maskPlaces(normalized: string): string {
    return this.places ? normalized.replace(this.places, PLACEHOLDER.place) : normalized;
  }

  static parse(raw: unknown): EmergencyRules {
    return new EmergencyRules(triageLexiconSchema.parse(raw));
  }

  match(normalized: string): RuleMatch {
    const routine =
      (this.routine?.test(normalized) ?? false) && !(this.now?.test(normalized) ?? false);
    const signal = this.signal(normalized);
    let guarded: { kind: EmergencyKind; cue: string } | null = null;
    for (const [k, pattern] of this.cues) {
      const hit = pattern.exec(normalized);
      if (!hit) continue;
      if (!routine || this.neverGuarded.has(k))
        return { kind: k, cue: hit[0], guarded: false, routine, signal };
      guarded ??= { kind: k, cue: hit[0] };
    }
    return {
      kind: guarded?.kind ?? null,
      cue: guarded?.cue ?? null,
      guarded: guarded !== null,
      routine,
      signal,
    };
  }

  /** The first danger word that is not the start of a place or company name. */
  private signal(normalized: string): string | null {
    if (!this.signals) return null;
    for (const hit of normalized.matchAll(this.signals)) {
      const after = normalized.slice(hit.index + hit[0].length);
      if (!(this.placeAfter?.test(after) ?? false)) return hit[0];
    }
    return null;
  }

  /**
   * The whole text is a name (a company, a factory, a shop): it ends like one and reads as no
   * sentence, so it states nothing. "有人晕倒在工厂" ends like a name but is a sentence.
   */
  isName(normalized: string): boolean {
    const text = normalized.trim();
    return (this.names?.test(text) ?? false) && !(this.sentences?.test(text) ?? false);
  }
}
