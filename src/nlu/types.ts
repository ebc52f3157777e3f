/** What the classifier decides about one free-text message. Plain data: no botbuilder, no natural. */

export const CATEGORIES = [
  'consult',
  'complaint',
  'report',
  'help',
  'suggestion',
  'praise',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const META_INTENTS = [
  'greeting',
  'status',
  'human',
  'rate',
  'cancel',
  'help',
  'thanks',
] as const;
export type MetaIntent = (typeof META_INTENTS)[number];

export const EMERGENCY_KINDS = ['fire', 'gas', 'crime', 'medical', 'suicide', 'trapped'] as const;
export type EmergencyKind = (typeof EMERGENCY_KINDS)[number];

export type Lang = 'zh' | 'en';

export interface ScoredDepartment {
  department: string;
  confidence: number;
}

/** Why an alarm was raised, so the hotline office can review it. */
export interface EmergencyEvidence {
  /** `cue`: an explicit danger statement from intents/triage.yaml; `model`: the trained model. */
  source: 'cue' | 'model';
  /** The words of the message that matched: the cue, or the danger word that let the model speak. */
  matched: string;
  /** The model's probability that the message is an emergency (source `model` only). */
  probability?: number;
  /** The features that carried the model's decision, strongest first (source `model` only). */
  features?: string[];
}

/** An explicit danger statement found in a message. */
export interface DangerStatement {
  kind: EmergencyKind;
  evidence: EmergencyEvidence;
}

export interface Classification {
  /**
   * First-contact department code from intents/departments.yaml; null for emergencies, meta
   * intents and text that says nothing the model knows of (gibberish, a bare "我有个问题").
   */
  department: string | null;
  /** Calibrated probability that `department` is right, 0..1. */
  confidence: number;
  /** The next two departments, best first. */
  alternatives: ScoredDepartment[];
  category: Category;
  categoryConfidence: number;
  emergency: boolean;
  emergencyKind: EmergencyKind | null;
  /** What raised the alarm; null when there is none. */
  emergencyEvidence: EmergencyEvidence | null;
  /**
   * No alarm, but a danger word and a likely danger (the model short of its threshold): the
   * kind the bot's safety check asks about ("is anyone in danger right now?"); else null.
   */
  emergencyDoubt: EmergencyKind | null;
  /** A conversation intent (greeting, status, ...) when the message is one, else null. */
  meta: MetaIntent | null;
  lang: Lang;
}

/** The port the dialogs and the CLI use. Implementations must be synchronous and fast. */
export interface RequestClassifier {
  classify(text: string): Classification;
  /**
   * The narrow check for answers to the bot's own questions (district, place, phone, company,
   * yes/no): only an explicit danger statement counts, never the model, never a name.
   */
  explicitDanger(text: string): DangerStatement | null;
}
