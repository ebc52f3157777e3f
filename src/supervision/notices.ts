import type { Lang } from '../nlu/types';
import type { DeadlineStep } from '../tickets/deadlines';
import type { DepartmentName } from '../tickets/notices';
import type { Ticket } from '../tickets/ticket';

/** Each step's name in the history, as hotline staff say it. */
const STEP_NAMES: Record<DeadlineStep, string> = {
  accept: '签收',
  transfer_request: '退单申请',
  contact: '首次联系',
  feedback: '首次反馈',
  reply: '答复',
  settle: '办结',
};

/** The history note of a yellow warning or a red overdue flag (for staff, in Chinese). */
export function alertNote(step: DeadlineStep, kind: 'warn' | 'overdue'): string {
  return kind === 'warn'
    ? `${STEP_NAMES[step]}时限将至`
    : `${STEP_NAMES[step]}已超过办理时限，列入督办`;
}

/** What the requester is told when their ticket is put under supervision (督办). */
export function supervisedNotice(ticket: Ticket, departmentName: DepartmentName): string {
  const lang: Lang = ticket.lang;
  const lead = ticket.leadDepartment === null ? null : departmentName(ticket.leadDepartment, lang);
  if (lang === 'zh') {
    const who = lead === null ? '承办单位' : lead;
    return `您的工单 ${ticket.id} 已超过办理时限，已列入督办，我们将督促${who}尽快办理。`;
  }
  const who = lead === null ? 'the department in charge' : lead;
  return (
    `Your ticket ${ticket.id} has passed its time limit and is now under supervision (督办): ` +
    `we are pressing ${who} to deal with it promptly.`
  );
}
