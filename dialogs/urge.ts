import type { TurnContext } from 'botbuilder';
import type { Lang } from '../src/nlu/types';
import type { Ticket } from '../src/tickets/ticket';
import { findTicketId } from '../src/tickets/ticketId';
import { isOverdue, type UrgeNotice, type UrgeResult } from '../src/tickets/urge';
import { messages } from './messages';
import { getSession, type DialogServices } from './services';
import { departmentName, memberOf } from './status';
import { urgeMessages, type UrgeFacts } from './urgeMessages';

/**
 * What "催一下" or "催办 QD…" does, wherever it is said: the ticket is urged (src/tickets/urge.ts)
 * and the reply says exactly what happened: recorded or not, who was told, the answer's time
 * limit, and 督办 only when the ticket is under it.
 */
export async function urgeTicket(services: DialogServices, ctx: TurnContext): Promise<void> {
  const lang = (await getSession(services, ctx)).lang;
  const id = findTicketId(ctx.activity.text ?? '', services.tickets.ticketPrefix);
  const asker = await memberOf(services, ctx);
  const result = await services.tickets.urge(asker, id);
  await ctx.sendActivity(reply(services, lang, result, asker.requesterKey));
}

/**
 * A message that presses in a sentence of its own ("is it possible to hurry them up a bit?",
 * "怎么还没人管啊 都好几天了 快点给我弄"): urges the person's open ticket as 催办 does. False, with
 * nothing said or recorded, when they have none waiting, so the message can be taken as a request.
 */
export async function urgeOpenTicket(services: DialogServices, ctx: TurnContext): Promise<boolean> {
  const asker = await memberOf(services, ctx);
  const result = await services.tickets.urge(asker, null);
  if (result.outcome === 'none') return false;
  const lang = (await getSession(services, ctx)).lang;
  await ctx.sendActivity(reply(services, lang, result, asker.requesterKey));
  return true;
}

/** `asker`: the requester key of who urged; a colleague's ticket is said to be one. */
function reply(services: DialogServices, lang: Lang, result: UrgeResult, asker: string): string {
  const u = urgeMessages(lang);
  switch (result.outcome) {
    case 'none':
      return u.none;
    case 'not_found':
      return messages(lang).statusNotFound(result.id);
    case 'closed':
      return u.closed(result.ticket.id);
    case 'answered':
      return (result.ticket.requester.key === asker ? u.answered : u.answeredToColleague)(
        result.ticket.id,
        departmentName(services, result.ticket.leadDepartment, lang),
      );
    case 'urged':
    case 'already_urged': {
      const f = {
        ...facts(services, lang, result.ticket, result.notice, result.notified),
        colleague: result.ticket.requester.key !== asker,
      };
      const said =
        result.outcome === 'urged'
          ? u.urged(f)
          : u.alreadyUrged(
              f,
              services.calendar.formatDue(new Date(result.notice.at), lang),
              result.urgedBy !== null && result.urgedBy !== asker ? 'colleague' : 'asker',
            );
      const [newest] = result.others;
      // Colleagues' tickets among them: they are the enterprise's, not the asker's own.
      const enterprise = result.others.some((t) => t.requester.key !== asker);
      return newest === undefined
        ? said
        : [said, u.others(result.others.length, newest.id, enterprise)].join('\n');
    }
  }
}

function facts(
  services: DialogServices,
  lang: Lang,
  ticket: Ticket,
  notice: UrgeNotice,
  notified: boolean,
): Omit<UrgeFacts, 'colleague'> {
  return {
    id: ticket.id,
    department:
      notice.department === null ? null : departmentName(services, notice.department, lang),
    due: services.calendar.formatDue(new Date(ticket.dueAt), lang),
    overdue: isOverdue(ticket, services.clock.now()),
    supervised: ticket.supervised,
    notified,
  };
}
