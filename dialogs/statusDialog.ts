import {
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Lang } from '../src/nlu/types';
import type { Ticket, TicketEvent } from '../src/tickets/ticket';
import { findTicketId } from '../src/tickets/ticketId';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import { historyLines } from './history';
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
    const events = historyLines(t, history, {
      lang,
      department: (code) => this.department(code, lang),
      when: (at) => this.services.calendar.formatDue(at, lang),
    });
    return [head, m.historyIntro, ...events].join('\n');
  }

  private department(code: string | null, lang: Lang): string {
    if (code === null) return lang === 'zh' ? '待热线值班分派' : 'to be assigned by hotline staff';
    const d = this.services.departments.get(code);
    return d === undefined ? code : d[lang];
  }
}
