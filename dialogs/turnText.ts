import type { TurnContext } from 'botbuilder';
import { visibleText } from '../src/core/visibleText';

/** How much of a message a ticket keeps, however long the message was. */
export const TICKET_TEXT_MAX_CHARS = 10_000;

const FULL_TEXT = Symbol('hotline.fullText');

/**
 * Cuts a message longer than `maxChars` before the dialogs read it (the classifier and the
 * prompts see the cut text), and keeps up to TICKET_TEXT_MAX_CHARS of the original for the
 * ticket, where `requestText` finds it. Returns whether the text was cut.
 */
export function limitTurnText(ctx: TurnContext, maxChars: number): boolean {
  const text = ctx.activity.text;
  if (typeof text !== 'string' || text.length <= maxChars) return false;
  ctx.turnState.set(FULL_TEXT, cut(text, TICKET_TEXT_MAX_CHARS));
  ctx.activity.text = cut(text, maxChars);
  return true;
}

/**
 * The message as it reads on a screen, before anything else sees it (src/core/visibleText): a
 * ticket or phone number split by a zero-width space is read, and no direction override makes
 * staff and departments see other words than the bot read.
 */
export function cleanTurnText(ctx: TurnContext): void {
  const text = ctx.activity.text;
  if (typeof text === 'string') ctx.activity.text = visibleText(text);
}

/** The first `max` UTF-16 units, without half of a surrogate pair at the end. */
function cut(text: string, max: number): string {
  const head = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
}

/** This turn's message as a request to file: the original (up to 10,000) if it was cut. */
export function requestText(ctx: TurnContext): string {
  const full: unknown = ctx.turnState.get(FULL_TEXT);
  return typeof full === 'string' ? full : (ctx.activity.text ?? '');
}
