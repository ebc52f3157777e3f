import { z } from 'zod';
import { NONE, trainingConfigSchema } from './config';
import type { HeadName, TrainingConfig } from './config';
import type { Department } from './dataset';
import { EmergencyRules, needsStrongModel, triageLexiconSchema } from './emergency';
import type { ConceptHit, RuleMatch, TriageLexicon } from './emergency';
import { extractFeatures } from './features';
import { glossaryEntrySchema } from './glossary';
import type { GlossaryEntry } from './glossary';
import { conversationLang } from './language';
import { normalize } from './normalize';
import { SparseTextClassifier } from './textClassifier';
import type { HeadJson } from './textClassifier';
import { CATEGORIES, EMERGENCY_KINDS, META_INTENTS } from './types';
import type {
  Category,
  Classification,
  DangerStatement,
  EmergencyEvidence,
  EmergencyKind,
  MetaIntent,
  RequestClassifier,
  ScoredDepartment,
} from './types';

export const MODEL_FORMAT = 2;

export interface Thresholds {
  /** P(emergency) from the model that raises the alarm without a cue (never in routine context). */
  emergency: number;
  /**
   * P(emergency) at which the model raises the alarm on a message with no danger word (no
   * `signals` match): fitted out of fold to a much smaller false-alarm budget.
   */
  emergencyUnsignalled: number;
  /**
   * P(emergency) from which, short of an alarm, a message with a danger word gets the safety
   * check ("is anyone in danger right now?"); 1 = never (models trained before it).
   */
  emergencyDoubt: number;
  /** P(meta intent) above which a message counts as conversation rather than a request. */
  meta: number;
}

export interface ModelJson {
  format: number;
  /** Hash of the intents/ sources and the training config the model was built from. */
  fingerprint: string;
  config: TrainingConfig;
  departments: Department[];
  thresholds: Thresholds;
  /** intents/triage.yaml as trained with (the thresholds are fitted around it). */
  triage: TriageLexicon;
  /** intents/glossary.yaml as trained with (its concepts are features). */
  glossary: GlossaryEntry[];
  heads: Record<HeadName, HeadJson>;
}

const headJsonSchema = z.object({
  vectorizer: z.object({
    vocabulary: z.string(),
    idf: z.array(z.number()),
    sublinearTf: z.boolean(),
  }),
  model: z.object({
    labels: z.array(z.string()).min(1),
    features: z.number().int().nonnegative(),
    weights: z.string(),
    scale: z.number(),
    bias: z.array(z.number()),
    temperature: z.number().positive(),
  }),
});

/** The model file as read back from disk; the config is kept as written (it is only echoed). */
export const modelJsonSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  fingerprint: z.string(),
  config: trainingConfigSchema,
  departments: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
  thresholds: z.object({
    emergency: z.number(),
    emergencyUnsignalled: z.number().default(1),
    emergencyDoubt: z.number().default(1),
    meta: z.number(),
  }),
  triage: triageLexiconSchema,
  glossary: z.array(glossaryEntrySchema),
  heads: z.object({
    department: headJsonSchema,
    category: headJsonSchema,
    meta: headJsonSchema,
    emergency: headJsonSchema,
  }),
});

const CATEGORY_SET = new Set<string>(CATEGORIES);
const META_SET = new Set<string>(META_INTENTS);
const KIND_SET = new Set<string>(EMERGENCY_KINDS);

function isCategory(label: string): label is Category {
  return CATEGORY_SET.has(label);
}
function isMeta(label: string): label is MetaIntent {
  return META_SET.has(label);
}
function isKind(label: string): label is EmergencyKind {
  return KIND_SET.has(label);
}

/**
 * The trained classifier: four heads over one feature extraction, plus the emergency rules.
 * Synchronous and allocation-light, since the dialogs call it on every message.
 */
export class HotlineClassifier implements RequestClassifier {
  constructor(
    private readonly heads: Record<HeadName, SparseTextClassifier>,
    readonly thresholds: Thresholds,
    readonly config: TrainingConfig,
    readonly departments: readonly Department[],
    readonly fingerprint: string,
    readonly rules: EmergencyRules,
    readonly glossary: readonly GlossaryEntry[],
  ) {}

  classify(text: string): Classification {
    const normalized = normalize(text);
    // The rule the conversation follows, applied to a first message: the ticket and the replies agree.
    const lang = conversationLang(text, null, 'zh');
    const tokens = extractFeatures(normalized, this.config.features, this.glossary);

    const { alarm, doubt } = this.assess(normalized, tokens);
    const emergency = alarm !== null;
    const [categoryLabel] = this.top(this.heads.category, tokens);
    const meta = emergency ? null : this.meta(tokens);

    const category =
      categoryLabel && isCategory(categoryLabel.label) ? categoryLabel.label : 'consult';
    const categoryConfidence = round3(categoryLabel?.value ?? 0);
    const rest = {
      category,
      categoryConfidence,
      emergency,
      emergencyKind: alarm?.kind ?? null,
      emergencyEvidence: alarm?.evidence ?? null,
      emergencyDoubt: doubt,
      meta,
      lang,
    };
    const none = { department: null, confidence: 0, alternatives: [], ...rest };
    if (emergency || meta) return none;
    // Nothing in the message is known to the department head (gibberish, "我有个问题"): its
    // scores would be the label prior alone, a guess that names a department for no reason.
    if (!this.heads.department.knowsAnyToken(tokens)) return none;

    const [first, ...others] = this.top(this.heads.department, tokens);
    return {
      department: first?.label ?? null,
      confidence: round3(first?.value ?? 0),
      alternatives: others
        .slice(0, 2)
        .map((s): ScoredDepartment => ({ department: s.label, confidence: round3(s.value) })),
      ...rest,
    };
  }

  explicitDanger(text: string): DangerStatement | null {
    const normalized = normalize(text);
    if (this.rules.isName(normalized)) return null;
    return fromCue(this.rules.match(normalized));
  }

  /**
   * An alarm needs positive evidence that danger is happening now: an explicit danger statement
   * outside routine context, or the emergency head's probability over its threshold in a message
   * that is not in routine context. With a danger word (`signals`) the threshold is the ordinary
   * one; without, a much higher one. The head never sees place names (they are masked), and a
   * message that is a company name cannot raise an alarm. With `emergencyGuards`, the model
   * does not name a kind whose cue a guard stopped in the message, and needs its higher threshold
   * in that kind's look-alike context.
   */
  private assess(
    normalized: string,
    tokens: string[],
  ): { alarm: DangerStatement | null; doubt: EmergencyKind | null } {
    const quiet = { alarm: null, doubt: null };
    if (this.rules.isName(normalized)) return quiet;
    const masked = this.rules.maskPlaces(normalized);
    const hits = this.rules.concepts(masked);
    const rule = this.rules.match(normalized, hits);
    const cue = fromCue(rule);
    if (cue) return { alarm: cue, doubt: null };
    // Past, hypothetical or a question about a service: only an explicit cue can speak for now.
    if (rule.routine) return quiet;
    const head = this.heads.emergency;
    const features = emergencyTokens(this.rules, normalized, this.config, this.glossary, {
      tokens,
      masked,
      hits,
    });
    if (!head.knowsAnyToken(features)) return quiet;
    const p = head.probabilities(features);
    let pNone = 0;
    let kind: EmergencyKind | null = null;
    let best = -1;
    for (const [i, label] of head.labels.entries()) {
      const value = p[i] ?? 0;
      if (label === NONE) pNone = value;
      else if (isKind(label) && value > best) {
        best = value;
        kind = label;
      }
    }
    if (kind === null) return quiet;
    let strong = needsStrongModel(rule);
    if (this.config.emergencyGuards) {
      // A cue's guard that spoke against this kind (a barbecue before "全是烟") silences the
      // model; the kind's look-alike context (a landlord beside despair) makes it need more.
      if (this.rules.guardedAgainst(normalized, kind) !== null) return quiet;
      strong ||= this.rules.lookalike(masked, kind) !== null;
    }
    const threshold = strong ? this.thresholds.emergencyUnsignalled : this.thresholds.emergency;
    if (1 - pNone < threshold) {
      // Short of an alarm, a danger word and a likely danger: the bot asks (the safety check).
      const doubt = !strong && 1 - pNone >= this.thresholds.emergencyDoubt;
      return { alarm: null, doubt: doubt ? kind : null };
    }
    const strongest = head.strongestFeatures(features, kind, NONE, 5);
    const evidence: EmergencyEvidence = {
      source: 'model',
      matched: rule.signal ?? strongest[0] ?? '',
      probability: round3(1 - pNone),
      features: strongest,
    };
    return { alarm: { kind, evidence }, doubt: null };
  }

  /** Labels by calibrated probability, best first. */
  private top(head: SparseTextClassifier, tokens: string[]): { label: string; value: number }[] {
    const p = head.probabilities(tokens);
    return head.labels
      .map((label, i) => ({ label, value: p[i] ?? 0 }))
      .sort((a, b) => b.value - a.value);
  }

  private meta(tokens: string[]): MetaIntent | null {
    // Text the model has never seen anything of (gibberish) is not a greeting.
    if (!this.heads.meta.knowsAnyToken(tokens)) return null;
    const [best] = this.top(this.heads.meta, tokens);
    if (!best || best.label === NONE || best.value < this.thresholds.meta) return null;
    return isMeta(best.label) ? best.label : null;
  }

  toJSON(): ModelJson {
    const { department, category, meta, emergency } = this.heads;
    return {
      format: MODEL_FORMAT,
      fingerprint: this.fingerprint,
      config: this.config,
      departments: [...this.departments],
      thresholds: this.thresholds,
      triage: this.rules.lexicon,
      glossary: [...this.glossary],
      heads: {
        department: department.toJSON(),
        category: category.toJSON(),
        meta: meta.toJSON(),
        emergency: emergency.toJSON(),
      },
    };
  }

  static fromJSON(raw: unknown): HotlineClassifier {
    const json = modelJsonSchema.parse(raw);
    const config = json.config;
    const heads = {
      department: SparseTextClassifier.fromJSON(json.heads.department, config.heads.department),
      category: SparseTextClassifier.fromJSON(json.heads.category, config.heads.category),
      meta: SparseTextClassifier.fromJSON(json.heads.meta, config.heads.meta),
      emergency: SparseTextClassifier.fromJSON(json.heads.emergency, config.heads.emergency),
    };
    return new HotlineClassifier(
      heads,
      json.thresholds,
      config,
      json.departments,
      json.fingerprint,
      new EmergencyRules(json.triage),
      json.glossary,
    );
  }
}

/**
 * The emergency head's features: those of the message with its place names masked, its
 * triage concepts (`!concept`, `!a+b`) and, when configured, its look-alike and question context
 * (`?like:fire`, `?question`). `known` passes what the caller has already computed.
 */
export function emergencyTokens(
  rules: EmergencyRules,
  normalized: string,
  config: TrainingConfig,
  glossary: readonly GlossaryEntry[],
  known: { tokens?: string[]; masked?: string; hits?: readonly ConceptHit[] } = {},
): string[] {
  const masked = known.masked ?? rules.maskPlaces(normalized);
  const base =
    known.tokens && masked === normalized
      ? known.tokens
      : extractFeatures(masked, config.features, glossary);
  const hits = known.hits ?? rules.concepts(masked);
  const concepts = rules.conceptFeatures(hits);
  const context = config.emergencyContextRepeat > 0 ? rules.contextFeatures(masked, hits) : [];
  // Most messages have neither: their n-grams are the features as they are, not copied.
  if (concepts.length === 0 && context.length === 0) return base;
  // Twice, like the glossary's concepts: a few among many n-grams.
  const out = [...base, ...concepts, ...concepts];
  for (let r = 0; r < config.emergencyContextRepeat; r++) out.push(...context);
  return out;
}

function fromCue(rule: RuleMatch): DangerStatement | null {
  if (rule.kind === null || rule.guarded || rule.cue === null) return null;
  return { kind: rule.kind, evidence: { source: 'cue', matched: rule.cue } };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
