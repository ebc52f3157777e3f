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

/** Steps the requester was never given a time for: their lateness is named, not "the time limit". */
const LATE_ZH: Partial<Record<DeadlineStep, (id: string) => string>> = {
  accept: (id) => `签收您的工单 ${id}`,
  contact: (id) => `就工单 ${id} 与您联系`,
  feedback: (id) => `就工单 ${id} 给您反馈`,
};
const LATE_EN: Partial<Record<DeadlineStep, (id: string) => string>> = {
  accept: (id) => `sign for your ticket ${id}`,
  contact: (id) => `contact you about your ticket ${id}`,
  feedback: (id) => `give you first feedback on your ticket ${id}`,
};

/**
 * What the requester is told when their ticket is put under supervision (督办). The person was
 * told the answer's time limit only: when an earlier step (signing for it, within 2 working hours)
 * is what is late, saying "past its time limit" would contradict the date they hold.
 */
export function supervisedNotice(
  ticket: Ticket,
  departmentName: DepartmentName,
  step: DeadlineStep = 'reply',
): string {
  const lang: Lang = ticket.lang;
  const lead = ticket.leadDepartment === null ? null : departmentName(ticket.leadDepartment, lang);
  const lateZh = LATE_ZH[step];
  const lateEn = LATE_EN[step];
  if (lang === 'zh') {
    const who = lead === null ? '承办单位' : lead;
    return lateZh === undefined
      ? `您的工单 ${ticket.id} 已超过办理时限，已列入督办，我们将督促${who}尽快办理。`
      : `${who}未在规定时间内${lateZh(ticket.id)}，已列入督办，我们将督促其尽快办理。`;
  }
  const who = lead === null ? 'the department in charge' : lead;
  if (lateEn !== undefined) {
    const subject = who.charAt(0).toUpperCase() + who.slice(1);
    return (
      `${subject} did not ${lateEn(ticket.id)} in time, so it is now under ` +
      'supervision (督办): we are pressing them to deal with it promptly.'
    );
  }
  return (
    `Your ticket ${ticket.id} has passed its time limit and is now under supervision (督办): ` +
    `we are pressing ${who} to deal with it promptly.`
  );
}
