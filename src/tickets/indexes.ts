import { duplicateDepartment } from './duplicates';
import { involvedDepartments } from './lifecycle';
import type { Ticket } from './ticket';

/** One index a ticket is listed in, with its score there (ms since the epoch). */
export type TicketIndex =
  | { kind: 'open'; score: number }
  | { kind: 'lead_open'; department: string; score: number }
  | { kind: 'co_open'; department: string; score: number }
  | { kind: 'all'; score: number }
  | { kind: 'involved'; department: string; score: number }
  | { kind: 'recent'; department: string; district: string; score: number }
  | { kind: 'organization'; organization: string; score: number };

/**
 * The indexes a ticket belongs in, from its state alone: open tickets by due time (all of them,
 * the lead's, each co-department's), every ticket and each involved department's by creation,
 * and open tickets with a district by department and district, by creation, where a new report
 * looks for the one it repeats (stores trim that index to the duplicate window as they read it),
 * and every ticket filed for an organisation by creation, where its members find it.
 * Stores keep exactly these memberships, so a transition moves the difference.
 */
export function ticketIndexes(ticket: Ticket): TicketIndex[] {
  const due = Date.parse(ticket.dueAt);
  const created = Date.parse(ticket.createdAt);
  const open: TicketIndex[] =
    ticket.status === 'closed'
      ? []
      : [
          { kind: 'open', score: due },
          ...(ticket.leadDepartment === null
            ? []
            : [{ kind: 'lead_open' as const, department: ticket.leadDepartment, score: due }]),
          ...ticket.coDepartments.map((t) => ({
            kind: 'co_open' as const,
            department: t.department,
            score: due,
          })),
        ];
  const recent: TicketIndex[] =
    ticket.status === 'closed' || ticket.district === null
      ? []
      : [
          {
            kind: 'recent',
            department: duplicateDepartment(ticket),
            district: ticket.district,
            score: created,
          },
        ];
  const organization = ticket.requester.organization;
  return [
    ...open,
    ...recent,
    ...(organization === undefined
      ? []
      : [{ kind: 'organization' as const, organization, score: created }]),
    { kind: 'all', score: created },
    ...involvedDepartments(ticket).map((d) => ({
      kind: 'involved' as const,
      department: d,
      score: created,
    })),
  ];
}
