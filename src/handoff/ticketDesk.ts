import { z } from 'zod';
import { HotlineError, InvalidInputError } from '../core/errors';
import { CATEGORIES, type Category } from '../nlu/types';
import type { Ticket } from '../tickets/ticket';
import type { TicketService, TicketView } from '../tickets/ticketService';
import type { HandoffCase, StaffRef, TranscriptEntry } from './types';

export class TicketAlreadyDispatchedError extends HotlineError {
  constructor(id: string) {
    super(
      'TICKET_ALREADY_DISPATCHED',
      `工单 ${id} 已派给承办单位，不能在此更改；改派须由承办单位申请退单，值班人员批准 / ticket ${id} is already with its lead department: it moves only when the department asks to hand it on and duty staff approve`,
      409,
    );
  }
}

export class TicketNotDispatchedError extends HotlineError {
  constructor(id: string) {
    super(
      'TICKET_NOT_DISPATCHED',
      `ticket ${id} still waits for a department: dispatch it first, or transfer the conversation to a supervisor / 工单尚未派单，请先派单（无效诉求请转督查人员）`,
      409,
    );
  }
}

/** The person behind a stored conversation reference: `<channelId>:<id>`, as "my tickets" keys it. */
const ReferenceUserSchema = z.object({
  user: z.object({ id: z.string().min(1), aadObjectId: z.string().optional() }),
});

export interface TicketDeskDeps {
  tickets: TicketService;
  departments: ReadonlySet<string>;
  transcript(conversationKey: string): Promise<TranscriptEntry[]>;
}

/**
 * Staff decide what the bot could not: the department of a ticket waiting as `received`, or a
 * new ticket for a conversation that has none (the person only asked for a person). Either way
 * the department can see the ticket at once (GET /api/tickets).
 */
export class HandoffTicketDesk {
  constructor(private readonly deps: TicketDeskDeps) {}

  get(id: string): Promise<Ticket | null> {
    return this.find(id).then((v) => v?.ticket ?? null);
  }

  find(id: string): Promise<TicketView | null> {
    return this.deps.tickets.findForStaff(id, { role: 'duty', id: 'handoff' });
  }

  async decide(
    c: HandoffCase,
    staff: StaffRef,
    change: { department?: string | undefined; category?: string | undefined },
  ): Promise<Ticket> {
    const { department } = change;
    if (department !== undefined && !this.deps.departments.has(department)) {
      throw new InvalidInputError(
        `没有代码为 ${department} 的部门 / no department with code "${department}"`,
      );
    }
    const actor = { role: 'duty' as const, id: staff.username, name: staff.name };
    const existing = c.request.ticketId === null ? null : await this.get(c.request.ticketId);
    if (existing !== null) {
      if (department === undefined) {
        throw new InvalidInputError('请选择承办部门 / choose the department to dispatch it to');
      }
      if (existing.status !== 'received') throw new TicketAlreadyDispatchedError(existing.id);
      const view = await this.deps.tickets.act(
        existing.id,
        { type: 'dispatch', department },
        actor,
      );
      return view.ticket;
    }
    if (department === undefined) {
      throw new InvalidInputError('请选择承办部门 / choose the department that is to handle it');
    }
    return this.file(c, department, category(change.category, c));
  }

  private async file(c: HandoffCase, department: string, cat: Category): Promise<Ticket> {
    const r = c.request;
    const user = ReferenceUserSchema.safeParse(r.conversation.reference);
    if (!user.success) throw new InvalidInputError('the conversation has no person to file for');
    const said = (await this.deps.transcript(r.conversationKey))
      .filter((e) => e.from === 'person')
      .map((e) => e.text);
    const text = (said.length > 0 ? said.join('\n') : r.message).slice(0, 10_000);
    const { ticket, created } = await this.deps.tickets.create({
      channel: r.conversation.channelId,
      conversation: r.conversation,
      requester: {
        key: `${r.conversation.channelId}:${user.data.user.aadObjectId ?? user.data.user.id}`,
        type: r.requesterType,
        ...(r.contactName ? { name: r.contactName } : {}),
        ...(r.callback?.phone ? { phone: r.callback.phone } : {}),
        ...(r.enterprise?.name ? { enterpriseName: r.enterprise.name } : {}),
        ...(r.enterprise?.creditCode ? { creditCode: r.enterprise.creditCode } : {}),
        ...(r.organization ? { organization: r.organization } : {}),
      },
      text: text === '' ? '（值班人员代为登记）' : text,
      lang: r.lang,
      classification: {
        department,
        confidence: 1,
        alternatives: [],
        category: cat,
        categoryConfidence: 1,
        decidedBy: 'staff',
      },
      district: null,
      location: r.place,
      dedupeKey: `handoff:${r.conversationKey}:${r.at}`,
    });
    if (created) this.deps.tickets.tellFiledByStaff(ticket);
    return ticket;
  }
}

function category(given: string | undefined, c: HandoffCase): Category {
  const parsed = CategorySchema.safeParse(given ?? c.request.classification?.category);
  return parsed.success ? parsed.data : 'consult';
}

const CategorySchema = z.enum(CATEGORIES);
