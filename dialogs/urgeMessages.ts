import type { Lang } from '../src/nlu/types';

/** What the ticket's urge said has happened, in the reply's words. */
export interface UrgeFacts {
  id: string;
  /** The lead department's name; null while hotline staff have yet to assign it. */
  department: string | null;
  /** When the answer is due, formatted in the hotline's zone. */
  due: string;
  /** Past a time limit. */
  overdue: boolean;
  /** Under 督办 (`ticket.supervised`). */
  supervised: boolean;
  /** The notice is in the department's feed (red ones also the supervisors'). */
  notified: boolean;
  /** Filed by a colleague for the same enterprise (listed by "我的工单"), not by the asker. */
  colleague: boolean;
}

/** Who urged the ticket within the last 24 hours: the asker, or a colleague of their enterprise. */
export type EarlierUrger = 'asker' | 'colleague';

/** What the bot says to 催办 (urging a ticket already filed). */
const zh = {
  urged: (f: UrgeFacts) => {
    if (!f.notified) {
      return (
        `已记录您对工单 ${f.id} 的催办，但暂时未能通知承办单位。请稍后再发送“催办 ${f.id}”，` +
        `我们会再次通知。答复时限：${f.due} 前。`
      );
    }
    const told =
      f.department === null ? '已通知热线值班人员尽快派单' : `已通知承办单位${f.department}`;
    const whose = f.colleague ? `工单 ${f.id} 是同事以本企业名义反映的事项，` : '';
    return `${whose}已为您催办工单 ${f.id}，${told}；答复时限：${f.due} 前。${zhSupervision(f)}`;
  },
  alreadyUrged: (f: UrgeFacts, when: string, by: EarlierUrger) =>
    `${f.colleague ? `工单 ${f.id} 是同事以本企业名义反映的事项，已于` : by === 'colleague' ? '贵企业的同事已于' : '您已于'} ${when} 催办过工单 ${f.id}，24 小时内只能催办一次` +
    `${f.notified ? (f.department === null ? '，热线值班人员已收到通知' : `，${f.department}已收到通知`) : ''}。` +
    `答复时限：${f.due} 前。${f.supervised ? '该工单已列入督办。' : ''}`,
  others: (count: number, example: string, enterprise: boolean) =>
    `${enterprise ? '本企业' : '您'}还有 ${count} 件办理中的工单；要催办其他工单，请发送“催办 工单号”，如“催办 ${example}”。`,
  none: '您目前没有办理中的工单，无需催办。如需反映问题，请直接描述遇到的情况。',
  closed: (id: string) =>
    `工单 ${id} 已办结，不能催办。如问题仍未解决，请直接描述遇到的情况，重新登记。`,
  answered: (id: string, department: string) =>
    `工单 ${id} 已由${department}答复，无需催办；发送“查询 ${id}”可查看答复。`,
  answeredToColleague: (id: string, department: string) =>
    `工单 ${id} 是同事以本企业名义反映的事项，已由${department}答复提交的同事，无需催办。`,
};

function zhSupervision(f: UrgeFacts): string {
  if (f.supervised) {
    return f.overdue
      ? '该工单已超过办理时限，已列入督办，催办已同时告知督办人员。'
      : '该工单已列入督办，催办已同时告知督办人员。';
  }
  return f.overdue ? '该工单已超过办理时限，催办已同时告知督办人员。' : '';
}

export type UrgeMessages = typeof zh;

const en: UrgeMessages = {
  urged: (f) => {
    if (!f.notified) {
      return (
        `Your request to hurry ticket ${f.id} is recorded, but the department could not be told ` +
        `just now. Please send "urge ${f.id}" again in a while and we will tell it again. ` +
        `Answer due: ${f.due}.`
      );
    }
    const told =
      f.department === null
        ? 'hotline staff have been asked to assign it promptly'
        : `${f.department} has been told`;
    const whose = f.colleague ? `A colleague filed ticket ${f.id} for your enterprise. ` : '';
    return `${whose}Ticket ${f.id} has been urged: ${told}. Answer due: ${f.due}.${enSupervision(f)}`;
  },
  alreadyUrged: (f, when, by) =>
    `${f.colleague ? `A colleague filed ticket ${f.id} for your enterprise; it was urged` : by === 'colleague' ? `A colleague at your enterprise urged ticket ${f.id}` : `You urged ticket ${f.id}`} at ${when}; a ticket can be urged once in 24 hours` +
    `${f.notified ? (f.department === null ? ', and hotline staff have been told' : `, and ${f.department} has been told`) : ''}. ` +
    `Answer due: ${f.due}.${f.supervised ? ' The ticket is under supervision (督办).' : ''}`,
  others: (count, example, enterprise) =>
    `${enterprise ? 'Your enterprise has' : 'You have'} ${count} more ticket${count === 1 ? '' : 's'} in progress; to urge another, send ` +
    `"urge" and its ticket number, e.g. "urge ${example}".`,
  none: 'You have no ticket in progress to urge. To report a problem, just describe it.',
  closed: (id) =>
    `Ticket ${id} is closed and cannot be urged. If the problem is not solved, describe it and ` +
    'we will file it again.',
  answered: (id, department) =>
    `Ticket ${id} has been answered by ${department}, so there is nothing to urge; send ` +
    `"check ${id}" to read the answer.`,
  answeredToColleague: (id, department) =>
    `A colleague filed ticket ${id} for your enterprise; ${department} has answered them, so ` +
    'there is nothing to urge.',
};

function enSupervision(f: UrgeFacts): string {
  if (f.supervised) {
    return f.overdue
      ? ' It is past its time limit and under supervision (督办); the supervisors have been told too.'
      : ' It is under supervision (督办); the supervisors have been told too.';
  }
  return f.overdue ? ' It is past its time limit; the supervisors have been told too.' : '';
}

export function urgeMessages(lang: Lang): UrgeMessages {
  return lang === 'zh' ? zh : en;
}
