import type { TurnContext } from 'botbuilder';
import type { Lang } from '../src/nlu/types';
import { DepartmentNames } from '../src/routing/departmentNames';
import type { Ticket, TicketEvent } from '../src/tickets/ticket';
import { findTicketId } from '../src/tickets/ticketId';
import type { Member } from '../src/tickets/ticketService';
import { enterpriseMessages } from './enterpriseMessages';
import { historyLines } from './history';
import { requesterKey, sharedOrganization } from './identity';
import { categoryLabel, messages, statusLabel } from './messages';
import { getProfile, getSession, type DialogServices } from './services';

/** How many tickets "我的工单" lists: a person's own, or with their enterprise's on Teams. */
const OWN_LIST_SIZE = 5;
const ENTERPRISE_LIST_SIZE = 8;

/**
 * What "查询 QD…" or "我的工单" shows, wherever it is asked: in the middle of a form too (then the
 * question that was open is asked again).
 */
export async function showStatus(services: DialogServices, ctx: TurnContext): Promise<void> {
  const lang = (await getSession(services, ctx)).lang;
  const m = messages(lang);
  const asker = await memberOf(services, ctx);
  const id = findTicketId(ctx.activity.text ?? '', services.tickets.ticketPrefix);
  if (id !== null) {
    const view = await services.tickets.findForMember(id, asker);
    await ctx.sendActivity(
      view === null
        ? m.statusNotFound(id)
        : view.own
          ? detail(services, lang, view.ticket, view.history)
          : [
              head(services, lang, view.ticket, false),
              enterpriseMessages(lang).colleagueDetail,
            ].join('\n'),
    );
    return;
  }
  const size = asker.organization === null ? OWN_LIST_SIZE : ENTERPRISE_LIST_SIZE;
  const tickets = await services.tickets.listForMember(asker, size);
  if (tickets.length === 0) {
    await ctx.sendActivity(m.statusNone);
    return;
  }
  // Colleagues' tickets show what was filed and how far it got, never who filed it.
  const lines = tickets.map((t) => {
    const own = t.requester.key === asker.requesterKey;
    return (
      m.statusLine(
        t.id,
        labelFor(lang, t, own),
        departmentName(services, t.leadDepartment, lang),
        answered(t)
          ? m.statusAnswered(answerTime(services, lang, t))
          : m.statusDue(due(services, lang, t)),
      ) + (own ? '' : enterpriseMessages(lang).colleagueMark)
    );
  });
  const enterprise = (await getProfile(services, ctx)).enterpriseName;
  const intro =
    asker.organization !== null && enterprise !== undefined
      ? enterpriseMessages(lang).statusListIntro(enterprise)
      : m.statusListIntro;
  await ctx.sendActivity([intro, ...lines].join('\n'));
}

/**
 * The person, and on Teams their tenant once its enterprise is known: its members then see the
 * tickets any of them filed for it, as the app's "我的工单" command promises.
 */
export async function memberOf(services: DialogServices, ctx: TurnContext): Promise<Member> {
  const profile = await getProfile(services, ctx);
  const known = profile.enterpriseName !== undefined;
  return {
    requesterKey: requesterKey(ctx),
    organization: known ? sharedOrganization(ctx, profile) : null,
  };
}

/**
 * A ticket's status as the asker may act on it: a colleague's answer awaits the filer's rating,
 * not "yours" (only the filer can rate).
 */
function labelFor(lang: Lang, t: Ticket, own: boolean): string {
  return !own && t.status === 'replied'
    ? enterpriseMessages(lang).colleagueReplied
    : statusLabel(lang, t.status);
}

function head(services: DialogServices, lang: Lang, t: Ticket, own = true): string {
  const m = messages(lang);
  return m.statusDetail(
    t.id,
    labelFor(lang, t, own),
    departmentName(services, t.leadDepartment, lang),
    answered(t)
      ? m.statusDetailAnswered(answerTime(services, lang, t))
      : m.statusDetailDue(due(services, lang, t)),
    categoryLabel(lang, t.category),
  );
}

/** Answered, rated or closed: its time limit is history, what matters is when the answer came. */
function answered(t: Ticket): boolean {
  return t.status === 'replied' || t.status === 'rated' || t.status === 'closed';
}

/** When the (last) answer came: the reply step met; unknown on tickets filed before time limits. */
function answerTime(services: DialogServices, lang: Lang, t: Ticket): string | null {
  const at = t.deadlines.find((d) => d.step === 'reply')?.metAt ?? null;
  return at === null ? null : services.calendar.formatDue(new Date(at), lang);
}

function due(services: DialogServices, lang: Lang, t: Ticket): string {
  return services.calendar.formatDue(new Date(t.dueAt), lang);
}

function detail(services: DialogServices, lang: Lang, t: Ticket, history: TicketEvent[]): string {
  const m = messages(lang);
  const summary = head(services, lang, t);
  const events = historyLines(t, history, {
    lang,
    department: (code) => departmentName(services, code, lang),
    when: (at) => services.calendar.formatDue(at, lang),
  });
  return [summary, m.historyIntro, ...events].join('\n');
}

const namesByCatalogue = new WeakMap<DialogServices['departments'], DepartmentNames>();

/** One renderer per catalogue, not one per line of a list. */
export function departmentName(services: DialogServices, code: string | null, lang: Lang): string {
  let names = namesByCatalogue.get(services.departments);
  if (names === undefined) {
    names = new DepartmentNames(services.departments);
    namesByCatalogue.set(services.departments, names);
  }
  return names.lead(code, lang);
}
