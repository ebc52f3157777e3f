import { z } from 'zod';
import { DeadlineStepSchema, type DeadlineStep } from '../tickets/deadlines';
import type { Ticket } from '../tickets/ticket';

export const ALERT_KINDS = ['warn', 'overdue'] as const;
export const AlertKindSchema = z.enum(ALERT_KINDS);
export type AlertKind = z.infer<typeof AlertKindSchema>;

/** One alert the scheduler owes: a step's yellow warning or its red overdue flag. */
export interface Alert {
  /** `<ticketId>|<step>|<kind>|<dueAt>`: the deadline's dueAt, so an extension makes new alerts. */
  key: string;
  ticketId: string;
  step: DeadlineStep;
  kind: AlertKind;
  /** The step's deadline (ISO), for warnings too. */
  dueAt: string;
}

/** An alert with the time it falls due (ms): warnAt for a warning, dueAt for overdue. */
export interface IndexedAlert {
  key: string;
  at: number;
}

export function alertKey(ticketId: string, step: DeadlineStep, kind: AlertKind, dueAt: string) {
  return `${ticketId}|${step}|${kind}|${dueAt}`;
}

/** Parses a key read back from a store; the ticket id never holds a `|`. */
export const AlertKeySchema = z
  .string()
  .transform((key) => {
    const [ticketId = '', step, kind, dueAt, ...rest] = key.split('|');
    return { key, ticketId, step, kind, dueAt, extra: rest.length };
  })
  .pipe(
    z.object({
      key: z.string(),
      ticketId: z.string().min(1),
      step: DeadlineStepSchema,
      kind: AlertKindSchema,
      dueAt: z.iso.datetime(),
      extra: z.literal(0),
    }),
  )
  .transform(({ extra: _extra, ...alert }): Alert => alert);

/**
 * Steps that are windows, not obligations: the transfer window closes by itself, and letting it
 * pass is no fault to supervise (an unaccepted ticket is already late on `accept`).
 */
const WINDOWS: ReadonlySet<DeadlineStep> = new Set(['transfer_request']);

/**
 * The alerts a ticket is owed, from its state alone: for every deadline not yet met (windows
 * aside), a warning at warnAt and an overdue flag at dueAt. A closed ticket is owed none. Stores keep exactly these
 * in their alert index (minus the ones already raised), so a met or removed step drops its own.
 */
export function ticketAlerts(ticket: Ticket): IndexedAlert[] {
  if (ticket.status === 'closed') return [];
  return ticket.deadlines
    .filter((d) => d.metAt === null && !WINDOWS.has(d.step))
    .flatMap((d) => [
      { key: alertKey(ticket.id, d.step, 'warn', d.dueAt), at: Date.parse(d.warnAt) },
      { key: alertKey(ticket.id, d.step, 'overdue', d.dueAt), at: Date.parse(d.dueAt) },
    ]);
}

/** Keys owed before a change and not after: a step met, extended or removed, a ticket closed. */
export function droppedAlerts(before: Ticket, after: Ticket): string[] {
  const kept = new Set(ticketAlerts(after).map((a) => a.key));
  return ticketAlerts(before)
    .map((a) => a.key)
    .filter((k) => !kept.has(k));
}
