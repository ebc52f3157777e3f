import type { Deadline } from '../../src/tickets/deadlines';
import type { Rating } from '../../src/tickets/lifecycle';
import type { Ticket } from '../../src/tickets/ticket';
import type { StatsEvent, TicketRecord } from '../../src/stats/figures';
import { sampleTicket } from '../support/fixtures';

export const DEPARTMENTS = ['housing', 'urban', 'market', 'water'] as const;
export const MONTH = {
  from: new Date('2026-11-01T00:00:00.000Z'),
  to: new Date('2026-12-01T00:00:00.000Z'),
};
/** When the figures are judged: a week after the month. */
export const NOW = new Date('2026-12-08T00:00:00.000Z');

/** mulberry32: a small seeded generator, so a failing month can be generated again. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3_600_000;

/**
 * `count` tickets filed over the month (and a few just outside it), each with a history that
 * walks the lifecycle: transfers asked and decided, extensions, replies by one of two staff
 * members, ratings by citizens and enterprises, a 不满意 reopening the ticket. Deadlines are met
 * on time, late, or left open.
 */
export function generateMonth(count: number, seed = 11): TicketRecord[] {
  const rnd = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const records: TicketRecord[] = [];
  const span = MONTH.to.getTime() - MONTH.from.getTime();
  for (let i = 0; i < count; i++) {
    // One in fifteen falls just outside the month, to be left out.
    const outside = rnd() < 1 / 15;
    const created = outside
      ? rnd() < 0.5
        ? MONTH.from.getTime() - Math.floor(rnd() * 5 * 24) * HOUR - HOUR
        : MONTH.to.getTime() + Math.floor(rnd() * 5 * 24) * HOUR
      : MONTH.from.getTime() + Math.floor(rnd() * span);
    records.push(oneTicket(i + 1, created, rnd, pick));
  }
  return records;
}

function oneTicket(
  n: number,
  created: number,
  rnd: () => number,
  pick: <T>(xs: readonly T[]) => T,
): TicketRecord {
  const at = (h: number) => new Date(created + h * HOUR).toISOString();
  const enterprise = rnd() < 0.3;
  const events: StatsEvent[] = [{ at: at(0), actor: { kind: 'bot' }, type: 'created' }];
  const deadlines: Deadline[] = [];
  const waiting = rnd() < 0.04;
  let lead: string | null = waiting ? null : pick(DEPARTMENTS);
  let status: Ticket['status'] = waiting ? 'received' : 'dispatched';
  let clock = 0;
  const deadline = (
    step: Deadline['step'],
    department: string,
    dueIn: number,
    doneIn: number | null,
  ) =>
    deadlines.push({
      step,
      department,
      startedAt: at(clock),
      dueAt: at(clock + dueIn),
      warnAt: at(clock + dueIn * 0.8),
      metAt:
        doneIn === null || created + (clock + doneIn) * HOUR > NOW.getTime()
          ? null
          : at(clock + doneIn),
      extendedDays: 0,
    });
  const staffOf = (d: string) => pick([`${d}-a`, `${d}-b`]);
  const dept = (d: string) => ({
    kind: 'staff' as const,
    role: 'department' as const,
    department: d,
  });
  const duty = { kind: 'staff' as const, role: 'duty' as const, id: 'duty-1' };

  if (lead !== null && rnd() < 0.15) {
    const from = lead;
    const to = pick(DEPARTMENTS.filter((d) => d !== from));
    clock += 1;
    deadline('accept', from, 2, null);
    // The accept step ends with the transfer: met, on the leaving department's clock.
    const left = deadlines[deadlines.length - 1];
    if (left !== undefined) left.metAt = at(clock);
    events.push({
      at: at(clock),
      actor: { ...dept(from), id: staffOf(from) },
      type: 'request_transfer',
      data: { from, to, reason: 'not ours' },
    });
    clock += 2;
    if (rnd() < 0.6) {
      events.push({ at: at(clock), actor: duty, type: 'approve_transfer', data: { from, to } });
      lead = to;
    } else {
      events.push({
        at: at(clock),
        actor: duty,
        type: 'reject_transfer',
        note: 'yours',
        data: { lead: from, reason: 'yours' },
      });
    }
  }
  if (lead === null) {
    return {
      ticket: sampleTicket({
        id: idOf(n, created),
        createdAt: at(0),
        updatedAt: at(0),
        status,
        leadDepartment: null,
        deadlines,
      }),
      history: events,
    };
  }
  const accepts = rnd() < 0.9;
  const acceptIn = pick([0.5, 1, 1.5, 3, 5]);
  deadline('accept', lead, 2, accepts ? acceptIn : null);
  deadline('reply', lead, 40, null);
  const reply = deadlines[deadlines.length - 1];
  if (accepts && deadlines[deadlines.length - 2]?.metAt !== null) {
    clock += acceptIn;
    status = 'accepted';
    events.push({
      at: at(clock),
      actor: { ...dept(lead), id: staffOf(lead) },
      type: 'accept',
      data: { department: lead },
    });
    if (rnd() < 0.1) {
      clock += 1;
      events.push({
        at: at(clock),
        actor: { ...dept(lead), id: staffOf(lead) },
        type: 'request_extension',
        data: { days: 3 },
      });
      if (rnd() < 0.5) {
        events.push({
          at: at(clock + 1),
          actor: duty,
          type: 'approve_extension',
          data: { days: 3 },
        });
      }
    }
    const replies = rnd() < 0.8;
    const replyIn = pick([4, 10, 20, 35, 60, 90]);
    if (replies && created + (clock + replyIn) * HOUR < NOW.getTime()) {
      clock += replyIn;
      status = 'replied';
      if (reply !== undefined) reply.metAt = at(clock);
      const staff = staffOf(lead);
      events.push({
        at: at(clock),
        actor: { ...dept(lead), id: staff, name: `Staff ${staff}` },
        type: 'reply',
        note: 'done',
        data: { message: 'done' },
      });
      const rated = rnd() < 0.7;
      if (rated) {
        clock += 2;
        const rating = pick<Rating>(['satisfied', 'satisfied', 'basic', 'dissatisfied']);
        const requesterType = enterprise ? 'enterprise' : 'citizen';
        const requester = {
          kind: 'requester' as const,
          role: 'requester' as const,
          id: `user-${n}`,
        };
        events.push({
          at: at(clock),
          actor: requester,
          type: rating === 'dissatisfied' ? 'reopen' : 'rate',
          data: { rating, requesterType },
        });
        status = rating === 'dissatisfied' ? 'in_progress' : 'rated';
        if (rating === 'dissatisfied' && rnd() < 0.7) {
          clock += 8;
          const again = staffOf(lead);
          events.push({
            at: at(clock),
            actor: { ...dept(lead), id: again, name: `Staff ${again}` },
            type: 'reply',
            data: { message: 'again' },
          });
          clock += 1;
          const second = pick<Rating>(['satisfied', 'basic', 'dissatisfied']);
          events.push({
            at: at(clock),
            actor: requester,
            type: second === 'dissatisfied' ? 'escalate' : 'rate',
            data: {
              rating: second,
              requesterType,
              ...(second === 'dissatisfied' ? { trigger: 'second_dissatisfied' } : {}),
            },
          });
          status = second === 'dissatisfied' ? 'coordination' : 'rated';
        }
        if (status === 'rated' && rnd() < 0.6) status = 'closed';
      }
    }
  }
  return {
    ticket: sampleTicket({
      id: idOf(n, created),
      createdAt: at(0),
      updatedAt: at(clock),
      status,
      firstContactDepartment: lead,
      leadDepartment: lead,
      requester: enterprise
        ? {
            key: `web:user-${n}`,
            type: 'enterprise',
            enterpriseName: '青岛海鲜贸易有限公司',
            creditCode: '91370200MA3C4L5X2Q',
            phone: '13912345678',
          }
        : { key: `web:user-${n}`, type: 'citizen', name: '王小明', phone: '13812345678' },
      deadlines,
    }),
    history: events,
  };
}

function idOf(n: number, created: number): string {
  const d = new Date(created + 8 * HOUR).toISOString().slice(0, 10).replace(/-/g, '');
  return `QD${d}-${String(n).padStart(6, '0')}`;
}
