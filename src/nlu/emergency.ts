import { z } from 'zod';
import { findConcepts } from './features';
import type { GlossaryEntry } from './glossary';
import { PLACEHOLDER } from './normalize';
import { EMERGENCY_KINDS } from './types';
import type { EmergencyKind } from './types';

/**
 * The triage lexicon as the hotline office writes it (intents/triage.yaml): explicit danger
 * statements (`cues`), danger words that let the model speak (`signals`), routine-context and
 * happening-now words, and what a name looks like. Patterns are regular expressions over normalised text.
 */
const kind = z.enum(EMERGENCY_KINDS);
const conceptLines = z.record(z.string().min(1), z.string());
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
    /**
     * Cues that also name a topic ("车祸", "溺水", "ambulance"): they state a danger like a cue,
     * but not in a question or a service request (`questions`) nor in routine context, unless
     * something from `now` is there too.
     */
    topics: byKind.default(() =>
      byKind.parse(Object.fromEntries(EMERGENCY_KINDS.map((k) => [k, []]))),
    ),
    signals: byKind,
    /**
     * What makes a kind's danger words something else: a barbecue beside smoke, a coupon beside
     * "用不上了", an office or a landlord beside despair, canteen food beside nausea. No guard by
     * itself: the emergency model reads each kind's match as a feature (`?like:fire`), so that
     * it learns from the training look-alikes what the cues' guards know.
     */
    lookalikes: byKind.default(() =>
      byKind.parse(Object.fromEntries(EMERGENCY_KINDS.map((k) => [k, []]))),
    ),
    routine: patterns,
    /**
     * A question or a service request ("哪里能买", "怎么报名", "how much does"): it silences
     * `topics` and makes the model need its higher threshold, unless `now` also matches.
     */
    questions: patterns.default([]),
    /**
     * A rumour asked about ("听说…是真的吗", "is it true"): routine context that silences every
     * cue, unless `now` also matches. It silences a `neverGuarded` kind's cue (suicide) only
     * when the message has no `firstPerson` word: someone asking whether news about another is
     * true is not the one at risk, but "是真的吗 我不想活了" speaks of its writer.
     */
    hearsay: patterns.default([]),
    /** Words by which writers speak of themselves (我, 俺, I, me): see `hearsay`. */
    firstPerson: patterns.default([]),
    /**
     * Someone else's suicide told as past or reported ("去年我表哥自杀了 他的社保怎么处理",
     * "新闻说昨天有人跳河", "my neighbour killed himself last year"): in routine context with
     * nothing from `now` and no `risk` statement, the words of such an act (`acts`) are guarded
     * like any other kind's cue. A suicide cue or combination found in the rest of the message
     * still holds ("去年我表哥自杀了 我也不想活了"): risk statements stay never guarded.
     */
    reported: z
      .object({ acts: patterns, risk: patterns })
      .strict()
      .default(() => ({ acts: [], risk: [] })),
    /**
     * It is over ("已经解决了", "医院看过了没事", "no one was hurt"): routine context that even
     * `now` does not lift ("刚才电梯困人 已经解决了"). Suicide cues still hold.
     */
    resolved: patterns.default([]),
    now: patterns,
    names: patterns,
    sentences: patterns,
    placeEndings: z.array(z.string().min(1)),
    /** Place names the emergency model never sees (masked to one placeholder character). */
    places: patterns.default([]),
    /**
     * What emergencies are made of, in the glossary's format (`name: 中文 变体 | english, phrases`):
     * `danger` concepts (a harm, a means, an incapacity) count as a danger word; `context`
     * concepts (a person, a body part, now) only combine with them.
     */
    concepts: z
      .object({ danger: conceptLines, context: conceptLines })
      .strict()
      .default({ danger: {}, context: {} }),
    /**
     * Combinations of concepts that state a danger by themselves, like a cue: every concept
     * of `all` mentioned (not negated) raises the alarm of `kind` outside routine context,
     * unless one of `unless` is mentioned too ("物业电话打不通" is no person gone silent).
     */
    compose: z
      .array(
        z
          .object({
            kind,
            all: z.array(z.string().min(1)).min(2),
            unless: z.array(z.string().min(1)).default([]),
          })
          .strict(),
      )
      .default([]),
    /** What, right before a concept's words, says it is not so ("没人被困", "no one is trapped"). */
    negations: patterns.default([]),
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
      lexicon.topics[k].forEach((p, i) => check(['topics', k, i], p));
      lexicon.signals[k].forEach((p, i) => check(['signals', k, i], p));
      lexicon.lookalikes[k].forEach((p, i) => check(['lookalikes', k, i], p));
    }
    const concepts = new Set([
      ...Object.keys(lexicon.concepts.danger),
      ...Object.keys(lexicon.concepts.context),
    ]);
    lexicon.compose.forEach((combination, i) =>
      (['all', 'unless'] as const).forEach((list) =>
        combination[list].forEach((c, j) => {
          if (!concepts.has(c))
            ctx.addIssue({
              code: 'custom',
              path: ['compose', i, list, j],
              message: `no concept "${c}"`,
            });
        }),
      ),
    );
    for (const list of [
      'routine',
      'questions',
      'hearsay',
      'firstPerson',
      'resolved',
      'now',
      'names',
      'sentences',
    ] as const)
      lexicon[list].forEach((p, i) => check([list, i], p));
    for (const list of ['acts', 'risk'] as const)
      lexicon.reported[list].forEach((p, i) => check(['reported', list, i], p));
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
  /** The message reads as routine (whether or not a cue matched); the model cannot alarm. */
  routine: boolean;
  /** The message is a question or a service request with no sign of now; the model needs more. */
  question: boolean;
  /**
   * A danger word of the message (a `signals` match or a danger concept), without which the
   * model needs its higher threshold to raise the alarm.
   */
  signal: string | null;
}

/** A concept of the triage lexicon that the message mentions, and the words that matched. */
export interface ConceptHit {
  concept: string;
  danger: boolean;
  matched: string;
}

/**
 * The model alone needs its higher threshold: the message has no danger word, or it is a
 * question or a service request ("how much does an ambulance cost").
 */
export function needsStrongModel(rule: RuleMatch): boolean {
  return rule.signal === null || rule.question;
}

/** Where the group opened at `start` closes (escapes and character classes skipped), or -1. */
function groupEnd(source: string, start: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = start; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * A cue without its guards: every negative lookbehind, and every negative lookahead that looks
 * past the next few characters (`(?!.{0,12}(?:没烟|误报))`, `^(?!.*烧烤)`); null when it has none.
 * What it matches and the cue does not is the cue's phrase stopped by a guard.
 */
export function withoutGuards(source: string): string | null {
  let out = '';
  let removed = false;
  for (let i = 0; i < source.length; i++) {
    const behind = source.startsWith('(?<!', i);
    if (behind || source.startsWith('(?!', i)) {
      const end = groupEnd(source, i);
      const inner = source.slice(i, end + 1);
      if (end > 0 && (behind || inner.includes('.{') || inner.includes('.*'))) {
        removed = true;
        i = end;
        continue;
      }
    }
    if (source[i] === '\\') out += source[i++] ?? '';
    out += source[i] ?? '';
  }
  return removed ? out : null;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const anyOf = (list: readonly string[]): RegExp | null =>
  list.length === 0 ? null : new RegExp(list.map((p) => `(?:${p})`).join('|'));

/** The lexicon compiled once; matching is a handful of regular expressions per message. */
export class EmergencyRules {
  private readonly cues: readonly (readonly [EmergencyKind, RegExp])[];
  private readonly topics: readonly (readonly [EmergencyKind, RegExp])[];
  private readonly lookalikes: readonly (readonly [EmergencyKind, RegExp])[];
  /** Each guarded cue as [kind, the cue, the cue without its guards]. */
  private readonly guardedCues: readonly (readonly [EmergencyKind, RegExp, RegExp])[];
  private readonly questions: RegExp | null;
  private readonly hearsay: RegExp | null;
  private readonly firstPerson: RegExp | null;
  private readonly resolved: RegExp | null;
  private readonly reportedActs: RegExp | null;
  private readonly atRisk: RegExp | null;
  private readonly neverGuarded: ReadonlySet<EmergencyKind>;
  private readonly signals: RegExp | null;
  private readonly placeAfter: RegExp | null;
  private readonly routine: RegExp | null;
  private readonly now: RegExp | null;
  private readonly names: RegExp | null;
  private readonly sentences: RegExp | null;
  private readonly places: RegExp | null;
  private readonly conceptEntries: GlossaryEntry[];
  private readonly dangerConcepts: ReadonlySet<string>;
  private readonly negated: RegExp | null;

  constructor(readonly lexicon: TriageLexicon) {
    const byPriority = (lists: Record<EmergencyKind, string[]>) =>
      lexicon.priority.flatMap((k) => {
        const pattern = anyOf(lists[k]);
        return pattern ? [[k, pattern] as const] : [];
      });
    this.cues = byPriority(lexicon.cues);
    this.topics = byPriority(lexicon.topics);
    this.lookalikes = byPriority(lexicon.lookalikes);
    this.guardedCues = EMERGENCY_KINDS.flatMap((k) =>
      lexicon.cues[k].flatMap((source) => {
        const bare = withoutGuards(source);
        return bare === null ? [] : [[k, new RegExp(source), new RegExp(bare)] as const];
      }),
    );
    this.questions = anyOf(lexicon.questions);
    this.hearsay = anyOf(lexicon.hearsay);
    this.firstPerson = anyOf(lexicon.firstPerson);
    this.resolved = anyOf(lexicon.resolved);
    this.reportedActs =
      lexicon.reported.acts.length === 0
        ? null
        : new RegExp(lexicon.reported.acts.map((p) => `(?:${p})`).join('|'), 'g');
    this.atRisk = anyOf(lexicon.reported.risk);
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
    const entry = (concept: string, line: string): GlossaryEntry => {
      const [zh = '', en = ''] = line.split('|');
      return {
        concept,
        topic: false,
        chinese: zh.trim().split(/\s+/).filter(Boolean),
        english: en
          .split(',')
          .map((phrase) => phrase.trim().toLowerCase())
          .filter(Boolean),
      };
    };
    this.conceptEntries = [
      ...Object.entries(lexicon.concepts.danger).map(([c, line]) => entry(c, line)),
      ...Object.entries(lexicon.concepts.context).map(([c, line]) => entry(c, line)),
    ];
    this.dangerConcepts = new Set(Object.keys(lexicon.concepts.danger));
    this.negated =
      lexicon.negations.length === 0
        ? null
        : new RegExp(`(?:${lexicon.negations.map((p) => `(?:${p})`).join('|')})$`);
  }

  /** Every mention of the words is negated: "没人被困", "no one is trapped". */
  private isNegated(normalized: string, words: string): boolean {
    if (!this.negated) return false;
    let seen = false;
    for (let i = normalized.indexOf(words); i >= 0; i = normalized.indexOf(words, i + 1)) {
      seen = true;
      if (!this.negated.test(normalized.slice(Math.max(0, i - 16), i))) return false;
    }
    return seen;
  }

  /** The concepts a message mentions, danger concepts first. */
  concepts(normalized: string): ConceptHit[] {
    if (this.conceptEntries.length === 0) return [];
    const hits = [...findConcepts(normalized, this.conceptEntries)]
      .filter(([, matched]) => !this.isNegated(normalized, matched))
      .map(([concept, matched]): ConceptHit => ({
        concept,
        danger: this.dangerConcepts.has(concept),
        matched,
      }));
    return hits.sort((a, b) => Number(b.danger) - Number(a.danger));
  }

  /**
   * The concept features the emergency model reads besides the n-grams: `!concept` for each
   * concept mentioned and `!a+b` for each pair, so that "a machine" with "pulled in" or "water"
   * with "has not come up" weigh together however the message words them.
   */
  conceptFeatures(hits: readonly ConceptHit[]): string[] {
    const names = hits.map((h) => h.concept).sort();
    const out = names.map((n) => `!${n}`);
    for (let i = 0; i < names.length; i++)
      for (let j = i + 1; j < names.length; j++) out.push(`!${names[i]}+${names[j]}`);
    return out;
  }

  /**
   * The words of a `kind` cue that one of its guards stopped in this message ("全是烟" after
   * "烧烤店", "有烟了" after "没"), or null: the lexicon has read the phrase and said it is not
   * the danger.
   */
  guardedAgainst(normalized: string, kind: EmergencyKind): string | null {
    for (const [k, cue, bare] of this.guardedCues) {
      if (k !== kind) continue;
      const hit = bare.exec(normalized);
      if (hit && !cue.test(normalized)) return hit[0];
    }
    return null;
  }

  /** Whether the message has the look-alike context of any kind. */
  hasLookalike(normalized: string): boolean {
    return this.lookalikes.some(([, pattern]) => pattern.test(normalized));
  }

  /** The words of the message that make `kind`'s danger words look like something else, or null. */
  lookalike(normalized: string, kind: EmergencyKind): string | null {
    for (const [k, pattern] of this.lookalikes)
      if (k === kind) return pattern.exec(normalized)?.[0] ?? null;
    return null;
  }

  /**
   * The context features the emergency model reads besides the n-grams: `?like:<kind>` for each
   * kind whose look-alike context the message has, alone and with each danger concept mentioned
   * (`?like:fire+burning`), and `?question` for a question or a service request with nothing from
   * `now` (the context in which the model needs its higher threshold).
   */
  contextFeatures(normalized: string, hits: readonly ConceptHit[]): string[] {
    const out: string[] = [];
    for (const [k, pattern] of this.lookalikes) {
      if (!pattern.test(normalized)) continue;
      out.push(`?like:${k}`);
      for (const h of hits) if (h.danger) out.push(`?like:${k}+${h.concept}`);
    }
    if (!(this.now?.test(normalized) ?? false) && (this.questions?.test(normalized) ?? false))
      out.push('?question');
    return out;
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

  /** `hits`: the message's concepts when already found (on the text with places masked). */
  match(normalized: string, hits?: readonly ConceptHit[]): RuleMatch {
    const now = this.now?.test(normalized) ?? false;
    const hearsay = !now && (this.hearsay?.test(normalized) ?? false);
    const resolved = this.resolved?.test(normalized) ?? false;
    const routine = hearsay || resolved || (!now && (this.routine?.test(normalized) ?? false));
    // What a neverGuarded kind (suicide) may be silenced by: a rumour about someone else only.
    const rumour = hearsay && !(this.firstPerson?.test(normalized) ?? false);
    const question = !now && (this.questions?.test(normalized) ?? false);
    const concepts = hits ?? this.concepts(this.maskPlaces(normalized));
    const signal = this.signal(normalized) ?? concepts.find((h) => h.danger)?.matched ?? null;
    const context = { routine, question, signal };
    // Someone else's act told in routine context: the message without it (`reported`), or null.
    const withoutActs =
      routine && !now && this.reportedActs
        ? normalized.replace(this.reportedActs, ' ')
        : normalized;
    const rest =
      withoutActs !== normalized && !(this.atRisk?.test(normalized) ?? false) ? withoutActs : null;
    let guarded: { kind: EmergencyKind; cue: string } | null = null;
    for (const [k, pattern] of this.cues) {
      const hit = pattern.exec(normalized);
      if (!hit) continue;
      // A suicide cue that only names someone else's past or reported act is guarded.
      const told = rest !== null && !pattern.test(rest);
      if (!routine || (this.neverGuarded.has(k) && !rumour && !told))
        return { kind: k, cue: hit[0], guarded: false, ...context };
      guarded ??= { kind: k, cue: hit[0] };
    }
    for (const [k, pattern] of this.topics) {
      const hit = pattern.exec(normalized);
      if (!hit) continue;
      if (!routine && !question) return { kind: k, cue: hit[0], guarded: false, ...context };
      guarded ??= { kind: k, cue: hit[0] };
    }
    const composed = this.composed(concepts);
    if (composed) {
      const told =
        rest !== null &&
        this.composed(this.concepts(this.maskPlaces(rest)))?.kind !== composed.kind;
      if (!routine || (this.neverGuarded.has(composed.kind) && !rumour && !told))
        return { kind: composed.kind, cue: composed.cue, guarded: false, ...context };
      guarded ??= composed;
    }
    return {
      kind: guarded?.kind ?? null,
      cue: guarded?.cue ?? null,
      guarded: guarded !== null,
      ...context,
    };
  }

  /**
   * The first combination of `compose` whose concepts are all mentioned and none of whose
   * `unless` concepts is, in priority order.
   */
  private composed(hits: readonly ConceptHit[]): { kind: EmergencyKind; cue: string } | null {
    if (this.lexicon.compose.length === 0 || hits.length < 2) return null;
    const words = new Map(hits.map((h) => [h.concept, h.matched]));
    for (const k of this.lexicon.priority) {
      for (const { kind: ck, all, unless } of this.lexicon.compose) {
        if (ck !== k || !all.every((c) => words.has(c)) || unless.some((c) => words.has(c)))
          continue;
        return { kind: ck, cue: all.map((c) => words.get(c)).join(' + ') };
      }
    }
    return null;
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
