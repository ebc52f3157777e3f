import { z } from 'zod';

/**
 * Time limits per step (限时办结), counted in working time on the hotline's calendar. A ticket
 * carries one entry per step that applies to it; the scheduler raises a yellow warning at
 * `warnAt` and a red overdue flag (督办) at `dueAt`, each once, for every entry not yet met.
 *
 * - accept: the lead department signs for it (签收), 2 working hours after dispatch.
 * - transfer_request: the last moment to ask for a transfer, 1 working day after dispatch.
 * - contact: enterprises ("2115"): first contact within 2 working hours.
 * - feedback: first feedback: enterprises within 1 working day; urgent matters within 2 hours.
 * - reply: the answer (5 working days; consultation 1; urgent 24 hours).
 * - settle: enterprises: settled within 15 working days.
 */
export const DEADLINE_STEPS = [
  'accept',
  'transfer_request',
  'contact',
  'feedback',
  'reply',
  'settle',
] as const;
export const DeadlineStepSchema = z.enum(DEADLINE_STEPS);
export type DeadlineStep = z.infer<typeof DeadlineStepSchema>;

export const DeadlineSchema = z.object({
  step: DeadlineStepSchema,
  /** Who must meet it: the lead department (or the duty desk while `received`). */
  department: z.string().nullable(),
  startedAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
  /** Yellow warning: one working day (or 80% of the step, if shorter) before dueAt. */
  warnAt: z.iso.datetime(),
  /** When the step was done; null while open. */
  metAt: z.iso.datetime().nullable(),
  /** Working days added by approved extensions (延期), at most 10 in all. */
  extendedDays: z.number().int().nonnegative().default(0),
});
export type Deadline = z.infer<typeof DeadlineSchema>;
