import { escapeMarkup } from '../core/markup';
import type { Lang } from '../nlu/types';
import type { Outcome } from './lifecycle';
import type { NoticeAction } from './ports';
import { ratingActions } from './ratingWords';
import type { Ticket } from './ticket';

/** A department's name for people, in their language (the code when it is not catalogued). */
export type DepartmentName = (code: string, lang: Lang) => string;

/** A message to the requester, with buttons to answer it where there is something to answer. */
export interface RequesterNotice {
  text: string;
  actions?: NoticeAction[];
}

/**
 * What the requester is told in their chat when a lifecycle step concerns them: accepted,
 * answered (with the rating asked for), a co-department's input. Null for steps that stay
 * inside the administration. Words staff typed are escaped: the chat renders markup.
 */
export function requesterNotice(
  ticket: Ticket,
  event: Outcome['event'],
  departmentName: DepartmentName,
): RequesterNotice | null {
  const lang = ticket.lang;
  const name = (code: unknown) => departmentName(typeof code === 'string' ? code : '', lang);
  const lead = name(ticket.leadDepartment);
  const said = (key: string) => escapeMarkup(String(event.data[key] ?? ''));
  switch (event.type) {
    case 'accept':
      return {
        text:
          lang === 'zh'
            ? `您的工单 ${ticket.id} 已由${lead}签收，正在办理。`
            : `Your ticket ${ticket.id} has been accepted by ${lead} and is being handled.`,
      };
    case 'submit_input':
      return {
        text:
          lang === 'zh'
            ? `您的工单 ${ticket.id} 有新进展：协办单位${name(event.data.department)}已提交办理意见，将由${lead}统一答复您。`
            : `News on your ticket ${ticket.id}: ${name(event.data.department)} has given its input; ${lead} will answer you.`,
      };
    case 'reply':
      return {
        text:
          lang === 'zh'
            ? `您的工单 ${ticket.id} 已由${lead}答复：\n${said('message')}\n\n请您对办理结果作出评价：`
            : `${lead} has answered your ticket ${ticket.id}:\n${said('message')}\n\nHow satisfied are you with how it was handled?`,
        actions: ratingActions(ticket.id, lang),
      };
    default:
      return null;
  }
}
