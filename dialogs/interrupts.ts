import type { Activity } from 'botbuilder';
import { DialogTurnStatus, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { asksForPerson, cancelsInWords, isUrgeOf, matchCommand, type Command } from './choices';
import { conversationKey } from './conversation';
import { dangerInAnswer } from './danger';
import { handleEmergency, handleHumanRequest } from './escalation';
import { answerHours, asksAboutHours } from './hoursQuestion';
import { messages } from './messages';
import { ticketToSupplement } from './openTicket';
import { showStatus } from './status';
import { findTicketId, splitTicketId } from '../src/tickets/ticketId';
import { getSession, type DialogServices } from './services';
import { urgeTicket } from './urge';

/*
 * What a person can say anywhere in the conversation, and what it does, in one place: an
 * explicit danger raises the alarm; "help", "cancel" and "human" are answered. MainDialog uses
 * it for a new message, and every dialog's base (CancelAndHelpDialog) before a step sees an
 * answer to one of the bot's questions.
 */

/**
 * Where the message arrives: `start` a new message with nothing open (MainDialog's routing),
 * `answer` while one of the bot's questions waits for its answer.
 */
export type Moment = 'start' | 'answer';

/**
 * An answer to one of the bot's questions, checked before the question sees it. Only an explicit
 * statement of danger breaks off the form (the narrow check, not a full classification), then
 * the global commands, unless the question takes the command's words as its answer.
 */
export async function interruptAnswer(
  services: DialogServices,
  innerDc: DialogContext,
  takesAsAnswer: (command: Command) => boolean,
): Promise<DialogTurnResult | undefined> {
  const ctx = innerDc.context;
  const text = ctx.activity.text?.trim() ?? '';
  if (onlyAttachments(ctx.activity)) {
    // The question cannot read it: say so and ask it again, without spending an attempt.
    const session = await getSession(services, ctx);
    await ctx.sendActivity(messages(session.lang).attachmentUnread);
    await innerDc.repromptDialog();
    return { status: DialogTurnStatus.waiting };
  }
  if (ctx.activity.type !== 'message' || text === '') return undefined;
  const danger = dangerInAnswer(services, text);
  if (danger !== null) {
    await handleEmergency(services, ctx, danger.kind);
    return innerDc.cancelAllDialogs();
  }
  // A question that takes urging words as its answer ("what is still not solved?") takes these too.
  if (asksAboutHours(text) && !takesAsAnswer('urge')) {
    // "多久能答复？" at the department picker: answered, then the open question again.
    await answerHours(services, ctx, true);
    await ctx.sendActivity(messages((await getSession(services, ctx)).lang).helpResume);
    await innerDc.repromptDialog();
    return { status: DialogTurnStatus.waiting };
  }
  const command =
    matchCommand(text) ??
    (cancelsInWords(text) ? 'cancel' : null) ??
    (asksForPerson(text) ? 'human' : null) ??
    (asksToUrge(text, services.tickets.ticketPrefix) ? 'urge' : null) ??
    (asksForTicket(text, services.tickets.ticketPrefix) ? 'status' : null);
  if (command === null || takesAsAnswer(command)) return undefined;
  return answerCommand(services, innerDc, command, 'answer');
}

/**
 * A picture, voice message or file sent along with words. Not a card, and not the `text/html`
 * copy of the message itself that Teams attaches to formatted messages.
 */
export function carriesFiles(activity: Partial<Activity>): boolean {
  return (
    activity.type === 'message' &&
    (activity.text ?? '').trim() !== '' &&
    (activity.attachments ?? []).some(
      (a) =>
        !a.contentType.startsWith('application/vnd.microsoft.card') &&
        !a.contentType.startsWith('text/'),
    )
  );
}

/**
 * A message with a picture, voice message or file and no words (a card's button brings a value,
 * not this).
 */
export function onlyAttachments(activity: Partial<Activity>): boolean {
  return (
    activity.type === 'message' &&
    (activity.text ?? '').trim() === '' &&
    activity.value === undefined &&
    (activity.attachments ?? []).some(
      (a) => !a.contentType.startsWith('application/vnd.microsoft.card'),
    )
  );
}

/** "help", "cancel", "human", "status" or "urge", answered as the moment needs. */
export async function answerCommand(
  services: DialogServices,
  dc: DialogContext,
  command: Command,
  moment: Moment,
): Promise<DialogTurnResult> {
  const ctx = dc.context;
  const session = await getSession(services, ctx);
  const m = messages(session.lang);
  const open = moment === 'answer';
  switch (command) {
    case 'help':
      await ctx.sendActivity(m.help);
      if (!open) return dc.endDialog();
      // Then the open question again, so the person sees where they were.
      await ctx.sendActivity(m.helpResume);
      await dc.repromptDialog();
      return { status: DialogTurnStatus.waiting };
    case 'cancel':
      if (!open) {
        // Waiting for duty staff, "取消" is about the queue: said what it does, not "nothing".
        const queue = await services.handoff.withdraw(conversationKey(ctx.activity));
        if (queue !== null) {
          await ctx.sendActivity(queue.kept ? m.queueKept(queue.ticketId) : m.queueWithdrawn);
          return dc.endDialog();
        }
        // "我想撤销工单" with nothing open: a filed ticket is not withdrawn here, and it is said.
        const filed = (await ticketToSupplement(services, ctx, null)).ticket;
        await ctx.sendActivity(filed === null ? m.nothingToCancel : m.filedNotWithdrawn(filed.id));
        return dc.endDialog();
      }
      session.intake = undefined;
      await ctx.sendActivity(m.cancelled);
      return dc.cancelAllDialogs();
    case 'human':
      await handleHumanRequest(services, ctx);
      return open ? dc.cancelAllDialogs() : dc.endDialog();
    case 'status':
    case 'urge':
      await (command === 'status' ? showStatus(services, ctx) : urgeTicket(services, ctx));
      if (!open) return dc.endDialog();
      await ctx.sendActivity(m.helpResume);
      await dc.repromptDialog();
      return { status: DialogTurnStatus.waiting };
  }
}

/** "催办 QD20261128-000123", "urge QD…": a ticket urged, not an answer nor a status query. */
export function asksToUrge(text: string, ticketPrefix: string): boolean {
  const found = splitTicketId(text, ticketPrefix);
  return found !== null && isUrgeOf(found.rest);
}

/** "查询 QD20261128-000123", "QD20261128-000123", "check QD…": a ticket asked about, not an answer. */
function asksForTicket(text: string, ticketPrefix: string): boolean {
  const id = findTicketId(text, ticketPrefix);
  if (id === null) return false;
  const rest = text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/\s+/gu, '')
    .replace(id, '')
    .replace(id.replace('-', ''), '')
    .replace(/[\p{P}\p{S}]/gu, '');
  return /^(?:查询|查|查看|查一下|进度|查询进度|CHECK|STATUS|TRACK)?$/u.test(rest);
}
