import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { TranscriptEntry } from '../src/handoff/types';
import { followMessage, langOfLocale } from '../src/nlu/language';
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
  /** The person had no credit code at hand ("跳过"): not asked again with every request. */
  creditCodeDeclined?: boolean;
  /** How they asked to be addressed (怎么称呼您), as they said it. */
  name?: string;
  /** They said they prefer not to give a name. */
  nameDeclined?: boolean;
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
  /** How to address the person, as they answered 怎么称呼您 (or their channel vouched for it). */
  name?: string | null;
  /** The person said the department was wrong: offer the top three without guessing. */
  correcting?: boolean;
  /** The kind of request announced before its content ("投诉" -> complaint); the ticket keeps it. */
  categoryHint?: Category;
  /** Descriptions given before "都不是，重新描述", oldest first; the ticket keeps them. */
  earlierTexts?: string[];
}

/** What the bot remembers about one conversation (conversation state). */
export interface SessionData {
  /** The reply language: the client's locale until a message with words decides (followLang). */
  lang: Lang;
  /** The language was read from what the person wrote; from then on only a clear sentence switches it. */
  langFromText?: boolean;
  intake?: IntakeState;
  /** The ticket this conversation's last confirmation filed, and when: a repeated 确认提交 names it. */
  lastFiled?: { ticketId: string; at: string };
  /**
   * A message raised several matters: those still to file, one intake each, after the one open
   * now; `next` is the number the person was given for the first of them.
   */
  matters?: { rest: string[]; next: number; where?: string };
  /** The last few lines of this conversation, handed to duty staff when it is escalated. */
  recent?: TranscriptEntry[];
  /** The card (dialogs/choiceStyle cardId) whose question is open; a card pressed later is stale. */
  openCard?: string;
}

/** The conversation's language after this message, by the one rule (src/nlu/language.ts). */
export function followLang(session: SessionData, text: string): Lang {
  const next = followMessage(session, text);
  session.lang = next.lang;
  if (next.langFromText) session.langFromText = true;
  return session.lang;
}

/**
 * Decides this turn's language, once, before anything replies (the bot, and the dialog test
 * harness as the bot does): the dialogs then read `session.lang` and never decide it again.
 */
export async function followTurnLang(
  session: StatePropertyAccessor<SessionData>,
  ctx: TurnContext,
): Promise<Lang> {
  const data = await session.get(ctx, { lang: langOfLocale(ctx.activity.locale) });
  return followLang(data, ctx.activity.text ?? '');
}
