import { z } from 'zod';
import type { SupervisionNotification } from './ports';

/** A notification as read back from a store. */
export const SupervisionNotificationSchema = z.object({
  id: z.string().min(1),
  type: z.enum(['warning', 'overdue']),
  level: z.enum(['yellow', 'red']),
  ticketId: z.string().min(1),
  step: z.string().min(1),
  dueAt: z.iso.datetime(),
  department: z.string().nullable(),
  at: z.iso.datetime(),
}) satisfies z.ZodType<SupervisionNotification>;

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
