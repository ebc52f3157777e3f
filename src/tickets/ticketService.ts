import type { Clock } from '../core/clock';
import { TicketExistsError } from '../core/errors';
import type { Lang } from '../nlu/types';
import { maskIdCardNumbers } from '../validation/idCard';
import type { CreateResult, TicketStore } from './ports';
import type { SlaPolicy } from './sla';
import type {
  ClassificationRecord,
  ConversationPointer,
  Requester,
  Ticket,
  TicketEvent,
} from './ticket';
import { formatTicketId } from './ticketId';
import type { WorkCalendar } from './workCalendar';

export interface NewTicketInput {
  channel: string;
  conversation: ConversationPointer;
  requester: Requester;
  text: string;
  lang: Lang;
  classification: ClassificationRecord;
  district: string | null;
  location: string | null;
  /** Same key, same ticket: guards against re-sent activities and double confirmation. */
  dedupeKey?: string;
}

export interface TicketView {
  ticket: Ticket;
  history: TicketEvent[];
}

/** Taken numbers skipped in a row before giving up: far more than any plausible gap. */
const MAX_TAKEN_NUMBERS = 1000;

export interface TicketServiceDeps {
  store: TicketStore;
  clock: Clock;
  calendar: WorkCalendar;
  sla: SlaPolicy;
  ticketPrefix: string;
}

/** Creating and reading tickets under the first-contact rule (首接负责制). */
export class TicketService {
  /** The highest number this instance has issued today (process memory, a floor only). */
  private issued = { date: '', seq: 0 };

  constructor(private readonly deps: TicketServiceDeps) {}

  async create(input: NewTicketInput): Promise<CreateResult> {
    const { store, clock, calendar, ticketPrefix } = this.deps;
    // The store de-duplicates atomically too; asking first just spares a daily number.
    if (input.dedupeKey !== undefined) {
      const existingId = await store.findByDedupeKey(input.dedupeKey);
      const existing = existingId === null ? null : await store.get(existingId);
      if (existing !== null) return { ticket: existing, created: false };
    }
    const now = clock.now();
    const localDate = calendar.localDate(now);
    const { department, category, decidedBy } = input.classification;
    const event: TicketEvent = {
      at: now.toISOString(),
      actor: { kind: 'bot' },
      type: 'created',
      data: { department, category, decidedBy },
    };
    // A number is never issued twice: one already taken (the counter lost, Redis restored from
    // an older snapshot) is skipped, and the highest number this instance issued is a floor.
    for (let attempt = 1; ; attempt++) {
      const seq = await store.nextSequence(localDate, this.highestIssued(localDate));
      this.issued = { date: localDate, seq: Math.max(seq, this.highestIssued(localDate)) };
      const ticket = this.draft(input, formatTicketId(ticketPrefix, localDate, seq), now);
      try {
        return await store.create(ticket, event, input.dedupeKey);
      } catch (err) {
        if (!(err instanceof TicketExistsError) || attempt >= MAX_TAKEN_NUMBERS) throw err;
      }
    }
  }

  private draft(input: NewTicketInput, id: string, now: Date): Ticket {
    const { calendar, sla } = this.deps;
    const at = now.toISOString();
    const { department, category } = input.classification;
    return {
      id,
      createdAt: at,
      updatedAt: at,
      channel: input.channel,
      conversation: input.conversation,
      requester: input.requester,
      // Resident ID numbers are never stored whole, whichever way the text arrived.
      text: maskIdCardNumbers(input.text),
      lang: input.lang,
      classification: input.classification,
      firstContactDepartment: department,
      leadDepartment: department,
      category,
      district: input.district,
      location: input.location === null ? null : maskIdCardNumbers(input.location),
      status: 'open',
      dueAt: calendar.dueAfterWorkingDays(now, sla.workingDays(category)).toISOString(),
    };
  }

  private highestIssued(localDate: string): number {
    return this.issued.date === localDate ? this.issued.seq : 0;
  }

  /**
   * A ticket with its history, only for the person who filed it. Someone else's ticket is
   * reported exactly like an unknown one, so ticket numbers cannot be probed.
   */
  async findForRequester(id: string, requesterKey: string): Promise<TicketView | null> {
    const ticket = await this.deps.store.get(id);
    if (ticket === null || ticket.requester.key !== requesterKey) return null;
    return { ticket, history: await this.deps.store.history(id) };
  }

  async listForRequester(requesterKey: string, limit = 5): Promise<Ticket[]> {
    return this.deps.store.listByRequester(requesterKey, limit);
  }
}
