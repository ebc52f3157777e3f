import { z } from 'zod';
import {
  SUPERVISORS_AUDIENCE,
  type NotificationStore,
  type SupervisionNotification,
  type WebhookSink,
} from './ports';

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

const UrgeNotificationSchema = z.object({
  id: z.string().min(1),
  type: z.literal('urge'),
  level: z.enum(['yellow', 'red']),
  ticketId: z.string().min(1),
  dueAt: z.iso.datetime(),
  department: z.string().nullable(),
  at: z.iso.datetime(),
});

const RequestNotificationSchema = z.object({
  id: z.string().min(1),
  type: z.enum(['extension_request', 'transfer_request']),
  level: z.literal('yellow'),
  ticketId: z.string().min(1),
  department: z.string().nullable(),
  dueAt: z.iso.datetime(),
  at: z.iso.datetime(),
});

const SupervisedNotificationSchema = z.object({
  id: z.string().min(1),
  type: z.enum(['reopen', 'supervise']),
  level: z.literal('red'),
  ticketId: z.string().min(1),
  department: z.string().nullable(),
  dueAt: z.iso.datetime(),
  at: z.iso.datetime(),
});

const CoTaskNotificationSchema = z.object({
  id: z.string().min(1),
  type: z.literal('co_task'),
  level: z.literal('yellow'),
  ticketId: z.string().min(1),
  department: z.string().min(1),
  dueAt: z.iso.datetime(),
  at: z.iso.datetime(),
});

const AssignedNotificationSchema = z.object({
  id: z.string().min(1),
  type: z.literal('assigned'),
  level: z.literal('yellow'),
  ticketId: z.string().min(1),
  department: z.string().min(1),
  via: z.enum(['transfer', 'coordinate']),
  dueAt: z.iso.datetime(),
  at: z.iso.datetime(),
});

const CoInputNotificationSchema = z.object({
  id: z.string().min(1),
  type: z.literal('co_input'),
  level: z.literal('yellow'),
  ticketId: z.string().min(1),
  department: z.string().min(1),
  from: z.string().min(1),
  dueAt: z.iso.datetime(),
  at: z.iso.datetime(),
});

/**
 * A notification as read back from a store: a time-limit alert, a 顶格协调 proposal, a
 * requester's 催办, a department's request for an extension or a transfer, a 重办, a supervisor's 督办, a co-department's task
 * a new lead's ticket, or a co-department's input for the lead.
 */
export const SupervisionNotificationSchema = z.union([
  AlertNotificationSchema,
  ProposalNotificationSchema,
  UrgeNotificationSchema,
  RequestNotificationSchema,
  SupervisedNotificationSchema,
  CoTaskNotificationSchema,
  AssignedNotificationSchema,
  CoInputNotificationSchema,
]) satisfies z.ZodType<SupervisionNotification>;

/**
 * Into the feeds (and to the webhooks) of whom it concerns: the department that must act, and
 * the supervisors when it is red or no department has the ticket yet. A feed that already has
 * it (by id) is not sent it again.
 */
export async function publish(
  n: SupervisionNotification,
  to: { notifications: NotificationStore; webhooks?: WebhookSink },
): Promise<void> {
  const audiences = new Set<string>();
  if (n.department !== null) audiences.add(n.department);
  if (n.level === 'red' || n.department === null) audiences.add(SUPERVISORS_AUDIENCE);
  for (const audience of audiences) {
    const fresh = await to.notifications.add(audience, n);
    if (fresh) to.webhooks?.send(audience, n);
  }
}

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
