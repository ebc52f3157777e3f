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

/** A moment in the hotline's time zone, as people read it (WorkCalendar.formatDue). */
export type FormatDue = (at: Date, lang: Lang) => string;

/**
 * What the requester is told in their chat when a lifecycle step concerns them: accepted,
 * progress, answered (with the rating asked for), a co-department's input, and whatever changes what they
 * were told at filing: who handles it (dispatched, transferred, set by a supervisor) and by when
 * it is answered (an extension granted). Null for steps that stay inside the administration
 * (why a transfer was asked, what departments said). Words staff typed are escaped: the chat
 * renders markup.
 */
export function requesterNotice(
  ticket: Ticket,
  event: Outcome['event'],
  departmentName: DepartmentName,
  formatDue: FormatDue,
): RequesterNotice | null {
  const lang = ticket.lang;
  const zh = lang === 'zh';
  const name = (code: unknown) => departmentName(typeof code === 'string' ? code : '', lang);
  const lead = name(ticket.leadDepartment);
  const said = (key: string) => escapeMarkup(String(event.data[key] ?? ''));
  const due = formatDue(new Date(ticket.dueAt), lang);
  const dueLine = zh ? `答复时限：${due} 前。` : `Answer due by: ${due}.`;
  switch (event.type) {
    case 'dispatch':
      return {
        text: zh
          ? `您的工单 ${ticket.id} 已派至${lead}办理。${dueLine}`
          : `Your ticket ${ticket.id} has been sent to ${lead}. ${dueLine}`,
      };
    case 'approve_transfer':
      return {
        text: zh
          ? `您的工单 ${ticket.id} 已转由${lead}办理。${dueLine}`
          : `Your ticket ${ticket.id} is now handled by ${lead}. ${dueLine}`,
      };
    case 'coordinate':
      return {
        text: zh
          ? `您的工单 ${ticket.id} 经上级协调，由${lead}牵头办理。${dueLine}`
          : `A supervisor has set ${lead} to lead on your ticket ${ticket.id}. ${dueLine}`,
      };
    case 'approve_extension': {
      const days = Number(event.data.workingDays);
      return {
        text: zh
          ? `您的工单 ${ticket.id} 因办理需要，经批准延期 ${days} 个工作日，${dueLine}`
          : `${lead} has been granted ${days} more working day${days === 1 ? '' : 's'} for your ticket ${ticket.id}. ${dueLine}`,
      };
    }
    case 'supervise':
      if (event.data.again === true) return null;
      return {
        text: zh
          ? `您的工单 ${ticket.id} 已列入督办，我们将督促${lead}尽快办理。${dueLine}`
          : `Your ticket ${ticket.id} is now under supervision (督办): we are pressing ${lead} ` +
            `to deal with it promptly. ${dueLine}`,
      };
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
    case 'progress':
      // What the lead records as progress is for the requester (their history shows it), and for
      // an enterprise it is the first feedback (首次反馈) its time limit asks for: they hear it.
      return {
        text: zh
          ? `您的工单 ${ticket.id} 有新进展（${lead}）：\n${said('message')}`
          : `News on your ticket ${ticket.id} from ${lead}:\n${said('message')}`,
      };
    case 'reply':
      return {
        text:
          lang === 'zh'
            ? `您的工单 ${ticket.id} 已由${lead}答复：\n${said('message')}\n\n请您对办理结果作出评价：`
            : `${lead} has answered your ticket ${ticket.id}:\n${said('message')}\n\n${
                writtenInChinese(String(event.data.message ?? '')) ? IN_CHINESE : ''
              }How satisfied are you with how it was handled?`,
        actions: ratingActions(ticket.id, lang),
      };
    default:
      return null;
  }
}

/**
 * Departments answer in Chinese; a person who wrote in English is told so, and where help is:
 * duty staff take "agent" at any time.
 */
const IN_CHINESE =
  'The department wrote its answer in Chinese. Say "agent" if you would like a person to help you read it.\n\n';

/** Han characters and no English word: an answer an English reader cannot read. */
function writtenInChinese(text: string): boolean {
  return /\p{Script=Han}/u.test(text) && !/[A-Za-z]{3,}/.test(text);
}

/**
 * Duty staff filed a ticket for the person they are talking to: its number, who handles it and
 * by when, as the bot says it when it files one itself.
 */
export function filedByStaffNotice(
  ticket: Ticket,
  departmentName: DepartmentName,
  formatDue: FormatDue,
): RequesterNotice {
  const lang = ticket.lang;
  const lead = departmentName(ticket.leadDepartment ?? '', lang);
  const due = formatDue(new Date(ticket.dueAt), lang);
  return {
    text:
      lang === 'zh'
        ? `值班人员已为您登记工单 ${ticket.id}，派至${lead}办理。答复时限：${due} 前。可随时发送“查询 ${ticket.id}”查看进度。`
        : `Duty staff have filed ticket ${ticket.id} for you with ${lead}. Answer due by: ${due}. Send "check ${ticket.id}" any time to see progress.`,
  };
}
