import { z } from 'zod';
import type { SupervisionNotification } from './ports';

const AlertNotificationSchema = z.object({
  id: z.string().min(1),
  type: z.enum(['warning', 'overdue']),
  level: z.enum(['yellow', 'red']),
  ticketId: z.string().min(1),
  step: z.string().min(1),
  dueAt: z.iso.datetime(),
  department: z.string().nullable(),
  at: z.iso.datetime(),
});

const ProposalNotificationSchema = z.object({
  id: z.string().min(1),
  type: z.enum(['hotspot', 'coordination']),
  level: z.literal('red'),
  ticketId: z.string().min(1),
  trigger: z.enum(['hotspot', 'second_dissatisfied', 'second_transfer']),
  reports: z.number().int().nonnegative(),
  department: z.string().nullable(),
  at: z.iso.datetime(),
});

/** A notification as read back from a store: a time-limit alert or a 顶格协调 proposal. */
export const SupervisionNotificationSchema = z.union([
  AlertNotificationSchema,
  ProposalNotificationSchema,
]) satisfies z.ZodType<SupervisionNotification>;

/** Oldest first, one per id (the same alert reaches a department and the supervisors). */
export function mergeFeeds(
  feeds: readonly SupervisionNotification[][],
  limit: number,
): SupervisionNotification[] {
  const byId = new Map<string, SupervisionNotification>();
  for (const n of feeds.flat()) if (!byId.has(n.id)) byId.set(n.id, n);
  return [...byId.values()]
    .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id))
    .slice(0, limit);
}
