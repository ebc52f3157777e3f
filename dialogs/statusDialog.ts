import {
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { escapeMarkup } from '../src/core/markup';
import type { Lang } from '../src/nlu/types';
import type { Ticket, TicketEvent } from '../src/tickets/ticket';
import { findTicketId } from '../src/tickets/ticketId';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import { categoryLabel, messages, statusLabel } from './messages';
import { getSession, requesterKey, type DialogServices } from './services';

export const STATUS_DIALOG = 'statusDialog';
const WATERFALL = 'statusWaterfall';

/**
 * "查询 QD20261128-000123" / "我的工单": a person sees only their own tickets. Another person's
 * ticket number gets the same answer as an unknown one.
 */
export class StatusDialog extends CancelAndHelpDialog {
  constructor(
    services: DialogServices,
    private readonly ticketPrefix: string,
  ) {
    super(STATUS_DIALOG, services);
    this.addDialog(new WaterfallDialog(WATERFALL, [this.showStep.bind(this)]));
    this.initialDialogId = WATERFALL;
  }

  private async showStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const ctx = step.context;
    const lang = (await getSession(this.services, ctx)).lang;
    const m = messages(lang);
    const key = requesterKey(ctx);
    const id = findTicketId(ctx.activity.text ?? '', this.ticketPrefix);
    if (id !== null) {
      const view = await this.services.tickets.findForRequester(id, key);
      await ctx.sendActivity(
        view === null ? m.statusNotFound(id) : this.detail(lang, view.ticket, view.history),
      );
      return step.endDialog();
    }
    const mine = await this.services.tickets.listForRequester(key, 5);
    if (mine.length === 0) {
      await ctx.sendActivity(m.statusNone);
      return step.endDialog();
    }
    const lines = mine.map((t) =>
      m.statusLine(
        t.id,
        statusLabel(lang, t.status),
        this.department(t.leadDepartment, lang),
        this.services.calendar.formatDue(new Date(t.dueAt), lang),
      ),
    );
    await ctx.sendActivity([m.statusListIntro, ...lines].join('\n'));
    return step.endDialog();
  }

  private detail(lang: Lang, t: Ticket, history: TicketEvent[]): string {
    const m = messages(lang);
    const head = m.statusDetail(
      t.id,
      statusLabel(lang, t.status),
      this.department(t.leadDepartment, lang),
      this.services.calendar.formatDue(new Date(t.dueAt), lang),
      categoryLabel(lang, t.category),
    );
    const events = history.map(
      (e) => `• ${this.services.calendar.formatDue(new Date(e.at), lang)} ${eventLabel(lang, e)}`,
    );
    return [head, m.historyIntro, ...events].join('\n');
  }

  private department(code: string | null, lang: Lang): string {
    if (code === null) return lang === 'zh' ? '待热线值班分派' : 'to be assigned by hotline staff';
    const d = this.services.departments.get(code);
    return d === undefined ? code : d[lang];
  }
}

const INTERNAL_NOTES: ReadonlySet<TicketEvent['type']> = new Set([
  'request_transfer',
  'approve_transfer',
  'reject_transfer',
  'coordinate',
  'submit_input',
  'escalate',
]);

function eventLabel(lang: Lang, e: TicketEvent): string {
  const zh: Record<TicketEvent['type'], string> = {
    created: '工单已受理，已指定首接负责单位',
    assigned: '已分派',
    note: '办理进展',
    status_changed: '状态更新',
    answered: '已答复',
    rated: '已评价',
    escalated: '已督办',
    dispatch: '已派单',
    accept: '承办单位已签收',
    request_transfer: '承办单位申请退单',
    approve_transfer: '退单已批准，已转派',
    reject_transfer: '退单未批准，仍由原单位办理',
    coordinate: '上级已协调牵头和协办单位',
    add_co_departments: '已增加协办单位',
    progress: '办理进展',
    submit_input: '协办单位已提交意见',
    reply: '已答复',
    rate: '已评价',
    close: '已办结',
    reopen: '不满意，已重办并督办',
    escalate: '已提交上级协调',
  };
  const en: Record<TicketEvent['type'], string> = {
    created: 'Registered; first-contact department assigned',
    assigned: 'Assigned',
    note: 'Progress note',
    status_changed: 'Status changed',
    answered: 'Answered',
    rated: 'Rated',
    escalated: 'Escalated for supervision',
    dispatch: 'Sent to the department',
    accept: 'Accepted by the department',
    request_transfer: 'The department asked to transfer it',
    approve_transfer: 'Transfer approved; sent to another department',
    reject_transfer: 'Transfer refused; the department keeps it',
    coordinate: 'A supervisor set the lead and co-departments',
    add_co_departments: 'Co-departments added',
    progress: 'Progress note',
    submit_input: 'A co-department gave its input',
    reply: 'Answered',
    rate: 'Rated',
    close: 'Closed',
    reopen: 'Not satisfied: reopened under supervision',
    escalate: 'Referred to a supervisor',
  };
  const label = (lang === 'zh' ? zh : en)[e.type];
  // A note is free text (staff, a department, later the person): Markdown in the message. What
  // departments say among themselves (a transfer's reason, a co-department's input) stays there.
  return e.note && !INTERNAL_NOTES.has(e.type) ? `${label}：${escapeMarkup(e.note)}` : label;
}
