import { strict as assert } from 'node:assert';
import { computeStats, percentile, type TicketRecord } from '../../src/stats/figures';
import { sampleEvent, sampleTicket } from '../support/fixtures';
import { DEPARTMENTS, generateMonth, MONTH, NOW } from './generate';

type Rating = 'satisfied' | 'basic' | 'dissatisfied';

/**
 * The figures counted again the plainest way: one department and one figure at a time, straight
 * from the rules in src/stats/figures.ts, sharing no code with it.
 */
function recount(records: TicketRecord[], department: string) {
  const month = records.filter(
    (r) =>
      r.ticket.createdAt >= MONTH.from.toISOString() && r.ticket.createdAt < MONTH.to.toISOString(),
  );
  const now = NOW.toISOString();
  const onTime = (step: string) => {
    let ok = 0;
    let late = 0;
    let pending = 0;
    for (const r of month) {
      for (const d of r.ticket.deadlines) {
        if (d.step !== step || d.department !== department) continue;
        if (d.metAt !== null && d.metAt <= d.dueAt) ok++;
        else if (d.metAt !== null || d.dueAt < now) late++;
        else pending++;
      }
    }
    return { ok, late, pending };
  };
  let overdue = 0;
  let asked = 0;
  let approved = 0;
  let extAsked = 0;
  let extApproved = 0;
  const hours: number[] = [];
  const ratings: Rating[] = [];
  const enterprise: Rating[] = [];
  const byStaff = new Map<string, Rating[]>();
  for (const r of month) {
    if (
      r.ticket.status !== 'closed' &&
      r.ticket.deadlines.some(
        (d) => d.department === department && d.metAt === null && d.dueAt < now,
      )
    ) {
      overdue++;
    }
    let replied = false;
    // The generated tickets change lead only by an approved transfer.
    let gotIt = r.ticket.createdAt;
    let lastReplier: { department?: string; id?: string } | null = null;
    let extensionBy: string | null = null;
    for (const e of r.history) {
      if (e.type === 'request_transfer' && e.data?.from === department) asked++;
      if (e.type === 'approve_transfer' && e.data?.from === department) approved++;
      if (e.type === 'approve_transfer' && e.data?.to === department) gotIt = e.at;
      if (e.type === 'request_extension') {
        extensionBy = e.actor.department ?? null;
        if (extensionBy === department) extAsked++;
      }
      if (e.type === 'approve_extension' && extensionBy === department) extApproved++;
      if (e.type === 'reply') {
        lastReplier = e.actor;
        if (e.actor.department === department && !replied) {
          replied = true;
          hours.push((new Date(e.at).getTime() - new Date(gotIt).getTime()) / 3600000);
        }
      }
      const rating = e.data?.rating;
      if (
        e.actor.kind === 'requester' &&
        typeof rating === 'string' &&
        lastReplier?.department === department
      ) {
        ratings.push(rating as Rating);
        if (e.data?.requesterType === 'enterprise') enterprise.push(rating as Rating);
        const list = byStaff.get(lastReplier.id ?? '?') ?? [];
        list.push(rating as Rating);
        byStaff.set(lastReplier.id ?? '?', list);
      }
    }
  }
  const good = (rs: Rating[]) => rs.filter((x) => x !== 'dissatisfied').length;
  hours.sort((a, b) => a - b);
  return {
    received: month.filter(
      (r) =>
        r.ticket.leadDepartment === department ||
        r.history.some(
          (e) =>
            e.type === 'approve_transfer' &&
            (e.data?.from === department || e.data?.to === department),
        ),
    ).length,
    accept: onTime('accept'),
    reply: onTime('reply'),
    overdue,
    asked,
    approved,
    extAsked,
    extApproved,
    hours,
    ratings,
    good: good(ratings),
    enterprise,
    enterpriseGood: good(enterprise),
    byStaff,
  };
}

const near = (a: number | null, b: number) => {
  assert.notEqual(a, null);
  assert.ok(Math.abs((a ?? NaN) - b) < 0.001, `${a} is not ${b}`);
};

describe('Figures for assessment (考核)', () => {
  describe('on a generated month of 300 tickets', () => {
    const records = generateMonth(300);
    const report = computeStats(records, MONTH, NOW, [...DEPARTMENTS]);

    it('counts only the tickets filed in the period', () => {
      const inMonth = records.filter(
        (r) =>
          r.ticket.createdAt >= MONTH.from.toISOString() &&
          r.ticket.createdAt < MONTH.to.toISOString(),
      );
      assert.ok(inMonth.length < records.length, 'the generator put some tickets outside');
      assert.equal(report.tickets, inMonth.length);
    });

    it('gives every department a row', () => {
      assert.deepEqual(
        report.departments.map((d) => d.department),
        [...DEPARTMENTS].sort(),
      );
    });

    for (const department of DEPARTMENTS) {
      it(`agrees with a plain recount for ${department}`, () => {
        const row = report.departments.find((d) => d.department === department);
        assert.ok(row, 'row');
        const plain = recount(records, department);
        assert.equal(row.received, plain.received);
        assert.deepEqual(
          [row.accepted.onTime, row.accepted.late, row.accepted.pending],
          [plain.accept.ok, plain.accept.late, plain.accept.pending],
        );
        assert.deepEqual(
          [row.replied.onTime, row.replied.late, row.replied.pending],
          [plain.reply.ok, plain.reply.late, plain.reply.pending],
        );
        near(row.replied.rate, plain.reply.ok / (plain.reply.ok + plain.reply.late));
        assert.equal(row.overdueNow, plain.overdue);
        assert.deepEqual(row.transfers, { asked: plain.asked, approved: plain.approved });
        assert.deepEqual(row.extensions, {
          requested: plain.extAsked,
          approved: plain.extApproved,
        });
        assert.equal(row.hoursToReply.count, plain.hours.length);
        near(row.hoursToReply.mean, plain.hours.reduce((a, b) => a + b, 0) / plain.hours.length);
        near(row.hoursToReply.p90, plain.hours[Math.ceil(plain.hours.length * 0.9) - 1] ?? NaN);
        assert.equal(row.satisfaction.rated, plain.ratings.length);
        near(row.satisfaction.rate, plain.good / plain.ratings.length);
        assert.equal(row.enterpriseSatisfaction.rated, plain.enterprise.length);
        near(row.enterpriseSatisfaction.rate, plain.enterpriseGood / plain.enterprise.length);
        assert.deepEqual(
          Object.fromEntries(row.staff.map((s) => [s.id, s.rated])),
          Object.fromEntries([...plain.byStaff].map(([id, rs]) => [id, rs.length])),
        );
        for (const s of row.staff) {
          const rs = plain.byStaff.get(s.id) ?? [];
          assert.equal(s.dissatisfied, rs.filter((x) => x === 'dissatisfied').length);
        }
      });
    }

    it('has something to count in every figure, so the recount is not comparing zeroes', () => {
      const sum = (f: (d: (typeof report.departments)[number]) => number) =>
        report.departments.reduce((a, d) => a + f(d), 0);
      assert.ok(sum((d) => d.accepted.late) > 0, 'sum((d) => d.accepted.late) > 0');
      assert.ok(sum((d) => d.replied.onTime) > 0, 'sum((d) => d.replied.onTime) > 0');
      assert.ok(sum((d) => d.overdueNow) > 0, 'sum((d) => d.overdueNow) > 0');
      assert.ok(sum((d) => d.transfers.approved) > 0, 'sum((d) => d.transfers.approved) > 0');
      assert.ok(sum((d) => d.extensions.approved) > 0, 'sum((d) => d.extensions.approved) > 0');
      assert.ok(
        sum((d) => d.enterpriseSatisfaction.dissatisfied) > 0,
        'sum((d) => d.enterpriseSatisfaction.dissatisfied) > 0',
      );
      assert.ok(sum((d) => d.staff.length) >= 8, 'sum((d) => d.staff.length) >= 8');
    });
  });

  describe('on single tickets', () => {
    const period = { from: new Date('2026-11-28T00:00:00Z'), to: new Date('2026-11-29T00:00:00Z') };
    const now = new Date('2026-12-10T00:00:00Z');

    it('counts a 不满意 that reopened the ticket as a rating of the staff member who replied', () => {
      const record: TicketRecord = {
        ticket: sampleTicket({ status: 'in_progress' }),
        history: [
          sampleEvent(),
          sampleEvent({
            at: '2026-11-28T06:00:00.000Z',
            type: 'reply',
            actor: {
              kind: 'staff',
              role: 'department',
              department: 'housing',
              id: 'tok1',
              name: '李工',
            },
          }),
          sampleEvent({
            at: '2026-11-28T07:00:00.000Z',
            type: 'reopen',
            actor: { kind: 'requester', role: 'requester', id: 'emulator:user-1' },
            data: { rating: 'dissatisfied', requesterType: 'enterprise' },
          }),
        ],
      };
      const [row] = computeStats([record], period, now).departments;
      assert.equal(row?.satisfaction.dissatisfied, 1);
      assert.equal(row?.satisfaction.rate, 0);
      assert.equal(row?.enterpriseSatisfaction.rated, 1);
      assert.deepEqual(
        row?.staff.map((s) => [s.id, s.name, s.rated]),
        [['tok1', '李工', 1]],
      );
      assert.equal(row?.hoursToReply.mean, 4);
    });

    it('counts a ticket as received by the department that handed it on, and times each answer from when its department got it', () => {
      const staff = (department: string) => ({
        kind: 'staff' as const,
        role: 'department' as const,
        department,
        id: `${department}-1`,
      });
      const duty = { kind: 'staff' as const, role: 'duty' as const, id: 'duty-1' };
      const record: TicketRecord = {
        ticket: sampleTicket({ status: 'replied', leadDepartment: 'urban' }),
        history: [
          sampleEvent({ data: { department: 'housing' } }),
          sampleEvent({
            at: '2026-11-28T05:00:00.000Z',
            type: 'request_transfer',
            actor: staff('housing'),
            data: { from: 'housing', to: 'urban', reason: '不属于本单位职责' },
          }),
          sampleEvent({
            at: '2026-11-28T10:00:00.000Z',
            type: 'approve_transfer',
            actor: duty,
            data: { from: 'housing', to: 'urban' },
          }),
          sampleEvent({ at: '2026-11-28T11:00:00.000Z', type: 'accept', actor: staff('urban') }),
          sampleEvent({ at: '2026-11-28T12:00:00.000Z', type: 'reply', actor: staff('urban') }),
        ],
      };
      const rows = computeStats([record], period, now, ['housing', 'urban']).departments;
      const row = (d: string) => rows.find((r) => r.department === d);
      assert.equal(row('housing')?.received, 1, 'housing received it before handing it on');
      assert.equal(row('urban')?.received, 1);
      assert.equal(row('urban')?.hoursToReply.mean, 2, 'from the approved transfer, not filing');
    });

    it('times an answer from dispatch when the ticket first waited for duty staff', () => {
      const record: TicketRecord = {
        ticket: sampleTicket({ status: 'replied' }),
        history: [
          sampleEvent({ data: { department: 'housing' } }),
          sampleEvent({
            at: '2026-11-28T08:00:00.000Z',
            type: 'dispatch',
            actor: { kind: 'staff', role: 'duty', id: 'duty-1' },
            data: { department: 'housing' },
          }),
          sampleEvent({
            at: '2026-11-28T11:00:00.000Z',
            type: 'reply',
            actor: { kind: 'staff', role: 'department', department: 'housing', id: 'h-1' },
          }),
        ],
      };
      const [row] = computeStats([record], period, now).departments;
      assert.equal(row?.received, 1);
      assert.equal(row?.hoursToReply.mean, 3);
    });

    it('counts a ticket still waiting for duty staff as received by nobody, not by the department the model proposed', () => {
      const record: TicketRecord = {
        ticket: sampleTicket({
          status: 'received',
          leadDepartment: null,
          firstContactDepartment: '',
        }),
        history: [sampleEvent({ data: { department: 'housing', decidedBy: 'model' } })],
      };
      const [row] = computeStats([record], period, now, ['housing']).departments;
      assert.equal(row?.received, 0);
    });

    it('does not count a closed ticket as overdue, whatever its open deadlines say', () => {
      const deadline = {
        step: 'reply' as const,
        department: 'housing',
        startedAt: '2026-11-28T02:00:00.000Z',
        dueAt: '2026-12-05T09:30:00.000Z',
        warnAt: '2026-12-04T09:30:00.000Z',
        metAt: null,
        extendedDays: 0,
      };
      const open = sampleTicket({ deadlines: [deadline] });
      const closed = sampleTicket({
        id: 'QD20261128-000002',
        status: 'closed',
        deadlines: [deadline],
      });
      const report = computeStats(
        [
          { ticket: open, history: [] },
          { ticket: closed, history: [] },
        ],
        period,
        now,
      );
      assert.equal(report.departments[0]?.overdueNow, 1);
      assert.equal(report.departments[0]?.replied.late, 2);
    });
  });

  it('takes the nearest-rank 90th percentile', () => {
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9), 9);
    assert.equal(percentile([5], 0.9), 5);
    assert.equal(percentile([], 0.9), null);
  });
});
