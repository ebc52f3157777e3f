import type { TranscriptEntry } from '../src/handoff/types';
import type { Category, Classification, Lang } from '../src/nlu/types';

/** What the bot remembers about a person across requests (user state). */
export interface RequesterProfile {
  requesterType?: 'citizen' | 'enterprise';
  enterpriseName?: string;
  creditCode?: string;
  /** The Teams tenant whose record the enterprise details above came from or went to. */
  enterpriseTenantId?: string;
  phone?: string;
  /** The person said they prefer not to leave a phone number. */
  phoneDeclined?: boolean;
}

/** An intake in progress. `undefined` = not asked yet; `null` = asked and left open. */
export interface IntakeState {
  text: string;
  classification: Classification | null;
  department?: string;
  decidedBy?: 'model' | 'requester';
  district?: string | null;
  place?: string | null;
  requesterType?: 'citizen' | 'enterprise';
  enterpriseName?: string;
  creditCode?: string | null;
  phone?: string | null;
  /** The person said the department was wrong: offer the top three without guessing. */
  correcting?: boolean;
  /** The kind of request announced before its content ("投诉" -> complaint); the ticket keeps it. */
  categoryHint?: Category;
  /** How many descriptions in a row said nothing the bot could read (gibberish). */
  unclear?: number;
}

/** What the bot remembers about one conversation (conversation state). */
export interface SessionData {
  lang: Lang;
  intake?: IntakeState;
  /** The ticket this conversation's last confirmation filed, and when: a repeated 确认提交 names it. */
  lastFiled?: { ticketId: string; at: string };
  /** The last few lines of this conversation, handed to duty staff when it is escalated. */
  recent?: TranscriptEntry[];
}

/** The reply language: the message's own when it has words, else the conversation's. */
export function detectLang(text: string, fallback: Lang): Lang {
  if (/[\u3400-\u9fff]/.test(text)) return 'zh';
  // Words, not codes: "91370200MA3C12345F" or "QD20261128-000123" say nothing about language.
  const words = text.split(/[^A-Za-z0-9]+/).filter((w) => /^[A-Za-z]{2,}$/.test(w));
  return words.some((w) => !/^(ok|qd)$/i.test(w)) ? 'en' : fallback;
}
