import { escapeMarkup } from '../src/core/markup';
import type { Lang } from '../src/nlu/types';
import { RATINGS, type Rating } from '../src/tickets/lifecycle';
import { RATING_LABELS } from '../src/tickets/ratingWords';
import type { Ticket, TicketEvent } from '../src/tickets/ticket';

export interface HistoryWords {
  lang: Lang;
  /** A department's name in `lang`. */
  department: (code: string) => string;
  /** A moment in the hotline's time zone. */
  when: (at: Date) => string;
}

/** One step of a ticket's history as its requester may be told it. */
export interface HistoryStep {
  at: string;
  text: string;
}

export interface StepWords extends Omit<HistoryWords, 'when'> {
  /** How words people typed go into a step: escaped for a chat, as they are for a text view. */
  escape: (text: string) => string;
}

/** A ticket's history as its requester reads it in the chat, one "• when what" line per step. */
export function historyLines(ticket: Ticket, history: TicketEvent[], w: HistoryWords): string[] {
  return historySteps(ticket, history, { ...w, escape: escapeMarkup }).map(
    (s) => `• ${w.when(new Date(s.at))} ${s.text}`,
  );
}

/**
 * A ticket's history as its requester may be told it, one step per event, in plain words: who
 * has it, who accepted it and when, co-departments, transfers, the answer, their own rating. What
 * departments say among themselves (a transfer's reason, a co-department's input, a
 * supervisor's reasons) stays with them. Staff's own records are not the person's: the duty
 * desk's steps and private notes, an extension until a supervisor grants it, time-limit
 * warnings and duplicate links. Duty staff who check a ticket for a caller see these same steps.
 */
export function historySteps(ticket: Ticket, history: TicketEvent[], w: StepWords): HistoryStep[] {
  // Filed for duty staff to choose the department: dispatched since, or still waiting (no lead).
  const waitedForDispatch =
    ticket.leadDepartment === null || history.some((e) => e.type === 'dispatch');
  let lead = waitedForDispatch ? '' : ticket.firstContactDepartment;
  const steps: HistoryStep[] = [];
  let supervised = false;
  for (const e of history) {
    lead = leadAfter(e, lead);
    if (STAFF_ONLY.has(e.type)) continue;
    // One step late puts the ticket under 督办, as the person was told once; later ones add nothing.
    if (e.type === 'supervise' && supervised) continue;
    supervised ||= e.type === 'supervise';
    const text =
      e.type === 'handoff'
        ? dutyDesk(e, w.lang)
        : describe(e, lead, waitedForDispatch, ticket.requester.key, w);
    if (text !== null) steps.push({ at: e.at, text });
  }
  return steps;
}

/** Steps the person is not told of: requests still undecided, warnings, links, proposals. */
const STAFF_ONLY: ReadonlySet<TicketEvent['type']> = new Set<TicketEvent['type']>([
  'request_extension',
  'reject_extension',
  'warning',
  'link',
  'unlink',
  'propose_coordination',
]);

/**
 * The duty desk's steps as the person saw them: taken to the desk (for a call-back) and a person
 * joining. Their notes are private, and their own moves (hand-back, transfer, requeue) are the
 * desk's business; those were shown as "办理记录：call\-back requested \/ 待回电", "claimed" or the
 * note itself.
 */
function dutyDesk(e: TicketEvent, lang: Lang): string | null {
  const zh = lang === 'zh';
  const d = e.data ?? {};
  if (d.handoff === 'queued') {
    const callback = typeof d.callback === 'object' && d.callback !== null;
    if (callback)
      return zh ? '已转热线值班人员，待回电' : 'Passed to the duty desk for a call-back';
    return zh ? '已转热线值班人员' : 'Passed to the duty desk';
  }
  if (d.handoff === 'claimed') return zh ? '值班人员已接入' : 'A member of the duty desk joined';
  return null;
}

function leadAfter(e: TicketEvent, lead: string): string {
  const d = e.data ?? {};
  if (e.type === 'dispatch') return text(d.department) || lead;
  if (e.type === 'approve_transfer') return text(d.to) || lead;
  if (e.type === 'coordinate') return text(d.lead) || lead;
  return lead;
}

function describe(
  e: TicketEvent,
  lead: string,
  waitedForDispatch: boolean,
  requesterKey: string,
  w: StepWords,
) {
  const zh = w.lang === 'zh';
  const d = e.data ?? {};
  const name = (code: unknown) => w.department(text(code));
  const names = (codes: unknown) =>
    (Array.isArray(codes) ? codes : []).map(name).join(zh ? '、' : ', ');
  const by = name(e.actor.department ?? d.department);
  const note = e.note === undefined ? '' : w.escape(e.note);
  const rated = (rating: Rating | null) => {
    const comment = note === '' ? '' : zh ? `（${note}）` : ` (“${note}”)`;
    const label = rating === null ? '' : RATING_LABELS[w.lang][rating];
    return zh ? `您的评价：${label}${comment}` : `Your rating: ${label}${comment}`;
  };
  switch (e.type) {
    case 'created':
      if (waitedForDispatch)
        return zh ? '工单已受理，待热线值班分派' : 'Filed; waiting for hotline staff to assign it';
      return zh
        ? `工单已受理，派至首接负责单位${name(d.department)}`
        : `Filed and sent to the first-contact department, ${name(d.department)}`;
    case 'dispatch':
      return zh ? `已派单至${name(d.department)}` : `Sent to ${name(d.department)}`;
    case 'accept':
      return zh ? `${by}已签收` : `Accepted by ${by}`;
    case 'request_transfer':
      return zh ? `${name(d.from)}申请退单` : `${name(d.from)} asked to hand it on`;
    case 'approve_transfer':
      return zh
        ? `退单已批准，改由${name(d.to)}办理`
        : `Transfer approved; now handled by ${name(d.to)}`;
    case 'reject_transfer':
      return zh
        ? `退单未批准，仍由${name(d.lead)}办理`
        : `Transfer refused; ${name(d.lead)} keeps it`;
    case 'coordinate': {
      const co = Array.isArray(d.coDepartments) && d.coDepartments.length > 0;
      if (zh)
        return `上级协调：由${name(d.lead)}牵头${co ? `，${names(d.coDepartments)}协办` : ''}`;
      return `A supervisor set ${name(d.lead)} to lead${co ? `, with ${names(d.coDepartments)}` : ''}`;
    }
    case 'add_co_departments':
      return zh
        ? `增加协办单位：${names(d.departments)}`
        : `Co-departments added: ${names(d.departments)}`;
    case 'submit_input':
      return zh ? `协办单位${by}已提交意见` : `${by} (co-department) gave its input`;
    case 'progress':
      return zh ? `${by}办理进展：${note}` : `Progress from ${by}: ${note}`;
    case 'reply':
      return zh ? `${by}答复：${note}` : `Answered by ${by}: ${note}`;
    case 'rate':
      return rated(ratingOf(d.rating));
    case 'reopen':
      return zh
        ? `${rated('dissatisfied')}；已退回${w.department(lead)}重新办理，列入督办`
        : `${rated('dissatisfied')}; back to ${w.department(lead)} to handle again, under supervision`;
    case 'escalate':
      if (d.trigger === 'second_dissatisfied') {
        return zh
          ? `${rated('dissatisfied')}；已提交上级协调`
          : `${rated('dissatisfied')}; passed to a supervisor`;
      }
      return zh ? '已提交上级协调' : 'Passed to a supervisor to decide';
    case 'close':
      return zh ? '已办结' : 'Closed';
    case 'approve_extension': {
      const days = typeof d.workingDays === 'number' ? d.workingDays : 0;
      return zh
        ? `经批准，${by}的答复时限延长${days}个工作日`
        : `${by} was granted ${days} more working day${days === 1 ? '' : 's'} to answer`;
    }
    case 'supervise':
      if (d.by === 'supervisor') return zh ? '已列入督办' : 'Now under supervision (督办)';
      return supervised(d.step, zh);
    case 'note':
      if (e.actor.kind === 'requester' && d.about === 'urge') {
        // A colleague of an enterprise may urge its tickets too: never named, and never "you".
        if (e.actor.id !== undefined && e.actor.id !== requesterKey) {
          return zh
            ? '贵企业的同事催办了此工单'
            : 'A colleague at your enterprise urged the department to deal with it';
        }
        return zh ? '您催办了此工单' : 'You urged the department to deal with it';
      }
      if (e.actor.kind === 'requester' && d.about === 'phone') {
        const to = w.escape(text(d.to));
        return zh ? `您更换了联系电话：${to}` : `You changed your phone number to ${to}`;
      }
      if (e.actor.kind === 'requester') {
        return zh ? `您补充说明：${note}` : `Your comment: ${note}`;
      }
      return legacy(e, note, zh);
    default:
      return legacy(e, note, zh);
  }
}

/** Events written before the lifecycle: their label, and the note as it was recorded. */
function legacy(e: TicketEvent, note: string, zh: boolean): string {
  const labels: Record<string, [string, string]> = {
    assigned: ['已分派', 'Assigned'],
    note: ['办理进展', 'Progress note'],
    status_changed: ['状态更新', 'Status changed'],
    answered: ['已答复', 'Answered'],
    rated: ['已评价', 'Rated'],
    escalated: ['已督办', 'Escalated for supervision'],
  };
  const [labelZh, labelEn] = labels[e.type] ?? ['办理记录', 'Update'];
  const label = zh ? labelZh : labelEn;
  return note === '' ? label : `${label}${zh ? '：' : ': '}${note}`;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function ratingOf(value: unknown): Rating | null {
  return RATINGS.find((r) => r === value) ?? null;
}

/** The 督办 line: what was late, when it was not the answer the person holds a time for. */
function supervised(step: unknown, zh: boolean): string {
  if (step === 'accept')
    return zh ? '承办单位未按时签收，列入督办' : 'Not signed for in time; now under supervision';
  if (step === 'contact')
    return zh ? '未按时与您联系，列入督办' : 'Not contacted in time; now under supervision';
  if (step === 'feedback')
    return zh ? '未按时反馈，列入督办' : 'No feedback in time; now under supervision';
  return zh ? '已超过办理时限，列入督办' : 'Past its time limit; now under supervision';
}
