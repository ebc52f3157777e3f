import type { TurnContext } from 'botbuilder';
import {
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Lang } from '../src/nlu/types';
import type { Ticket, TicketEvent } from '../src/tickets/ticket';
import type { Member } from '../src/tickets/ticketService';
import { DepartmentNames } from '../src/routing/departmentNames';
import { findTicketId } from '../src/tickets/ticketId';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import { historyLines } from './history';
import { categoryLabel, messages, statusLabel } from './messages';
import { enterpriseMessages } from './enterpriseMessages';
import { organizationKey, requesterKey } from './identity';
import { getProfile, getSession, type DialogServices } from './services';

export const STATUS_DIALOG = 'statusDialog';
const WATERFALL = 'statusWaterfall';
/** How many tickets "我的工单" lists: a person's own, or with their enterprise's on Teams. */
const OWN_LIST_SIZE = 5;
const ENTERPRISE_LIST_SIZE = 8;

/**
 * "查询 QD20261128-000123" / "我的工单": a person sees their own tickets and, as a member of a Teams
 * tenant whose enterprise is known, those colleagues filed for it (without who filed them, and
 * without the handling record). Anyone else's ticket number gets the same answer as an unknown one.
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
    const member = await this.member(ctx);
    const id = findTicketId(ctx.activity.text ?? '', this.ticketPrefix);
    if (id !== null) {
      const view = await this.services.tickets.findForMember(id, member);
      await ctx.sendActivity(
        view === null
          ? m.statusNotFound(id)
          : view.own
            ? this.detail(lang, view.ticket, view.history)
            : [this.head(lang, view.ticket), enterpriseMessages(lang).colleagueDetail].join('\n'),
      );
      return step.endDialog();
    }
    const size = member.organization === null ? OWN_LIST_SIZE : ENTERPRISE_LIST_SIZE;
    const tickets = await this.services.tickets.listForMember(member, size);
    if (tickets.length === 0) {
      await ctx.sendActivity(m.statusNone);
      return step.endDialog();
    }
    // Colleagues' tickets show what was filed and how far it got, never who filed it.
    const lines = tickets.map(
      (t) =>
        m.statusLine(
          t.id,
          statusLabel(lang, t.status),
          this.department(t.leadDepartment, lang),
          this.services.calendar.formatDue(new Date(t.dueAt), lang),
        ) + (t.requester.key === member.requesterKey ? '' : enterpriseMessages(lang).colleagueMark),
    );
    const enterprise = (await getProfile(this.services, ctx)).enterpriseName;
    const intro =
      member.organization !== null && enterprise !== undefined
        ? enterpriseMessages(lang).statusListIntro(enterprise)
        : m.statusListIntro;
    await ctx.sendActivity([intro, ...lines].join('\n'));
    return step.endDialog();
  }

  /**
   * The person, and on Teams their tenant once its enterprise is known: its members then see the
   * tickets any of them filed for it, as the app's "我的工单" command promises.
   */
  private async member(ctx: TurnContext): Promise<Member> {
    const organization = organizationKey(ctx);
    const profile = await getProfile(this.services, ctx);
    const known = profile.requesterType === 'enterprise' && profile.enterpriseName !== undefined;
    return { requesterKey: requesterKey(ctx), organization: known ? organization : null };
  }

  private head(lang: Lang, t: Ticket): string {
    return messages(lang).statusDetail(
      t.id,
      statusLabel(lang, t.status),
      this.department(t.leadDepartment, lang),
      this.services.calendar.formatDue(new Date(t.dueAt), lang),
      categoryLabel(lang, t.category),
    );
  }

  private detail(lang: Lang, t: Ticket, history: TicketEvent[]): string {
    const m = messages(lang);
    const head = this.head(lang, t);
    const events = historyLines(t, history, {
      lang,
      department: (code) => this.department(code, lang),
      when: (at) => this.services.calendar.formatDue(at, lang),
    });
    return [head, m.historyIntro, ...events].join('\n');
  }

  private department(code: string | null, lang: Lang): string {
    return new DepartmentNames(this.services.departments).lead(code, lang);
  }
}
