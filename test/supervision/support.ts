import type { Deadline } from '../../src/tickets/deadlines';
import type { Notifier, TicketStore } from '../../src/tickets/ports';
import type { ConversationPointer, Ticket } from '../../src/tickets/ticket';
import { sampleEvent, sampleTicket } from '../support/fixtures';

export const T0 = Date.parse('2026-11-30T01:00:00.000Z');
export const HOUR = 3600_000;
export const at = (ms: number): Date => new Date(ms);

/** A step's deadline: warned `warnH` and due `dueH` hours after T0, open. */
export function deadline(
  step: Deadline['step'],
  warnH: number,
  dueH: number,
  overrides: Partial<Deadline> = {},
): Deadline {
  return {
    step,
    department: 'housing',
    startedAt: at(T0).toISOString(),
    warnAt: at(T0 + warnH * HOUR).toISOString(),
    dueAt: at(T0 + dueH * HOUR).toISOString(),
    metAt: null,
    extendedDays: 0,
    ...overrides,
  };
}

/** Files a ticket with these deadlines straight into the store (the service fills them elsewhere). */
export async function fileTicket(
  store: TicketStore,
  seq: number,
  deadlines: Deadline[],
  overrides: Partial<Ticket> = {},
): Promise<Ticket> {
  const ticket = sampleTicket({
    id: `QD20261130-${String(seq).padStart(6, '0')}`,
    deadlines,
    ...overrides,
  });
  await store.create(ticket, sampleEvent());
  return ticket;
}

/** Changes a stored ticket as a lifecycle step would (version checked, alerts re-indexed). */
export async function change(
  store: TicketStore,
  id: string,
  edit: (t: Ticket) => Partial<Ticket>,
): Promise<Ticket> {
  const current = await store.get(id);
  if (current === null) throw new Error(`no ticket ${id}`);
  const next = { ...current, ...edit(current), version: current.version + 1 };
  await store.transition(current, next, sampleEvent({ type: 'progress' }));
  return next;
}

/** A notifier that keeps what it was asked to say. */
export class RecordingNotifier implements Notifier {
  readonly sent: { conversation: ConversationPointer; text: string }[] = [];
  async notify(conversation: ConversationPointer, text: string): Promise<void> {
    this.sent.push({ conversation, text });
  }
}
