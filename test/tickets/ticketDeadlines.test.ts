import assert from 'node:assert/strict';
import { join } from 'node:path';
import { projectRoot } from '../../src/core/paths';
import { MemoryTicketStore } from '../../src/store/memory/ticketStore';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';
import type { TicketStore } from '../../src/tickets/ports';
import type { Deadline, DeadlineStep } from '../../src/tickets/deadlines';
import { loadHolidays } from '../../src/tickets/holidays';
import { SlaTable } from '../../src/tickets/sla';
import type { Requester, Ticket } from '../../src/tickets/ticket';
import {
  TicketService,
  type NewTicketInput,
  type StaffActor,
} from '../../src/tickets/ticketService';
import { WorkCalendar } from '../../src/tickets/workCalendar';
import { sampleTicket } from '../support/fixtures';
import { cleanup, connect, testPrefix } from '../support/redis';

const cst = (local: string) => new Date(`${local}+08:00`);
const iso = (local: string) => cst(local).toISOString();

const housing: StaffActor = { role: 'department', id: 'tok-h', department: 'housing' };
const urban: StaffActor = { role: 'department', id: 'tok-u', department: 'urban' };
const duty: StaffActor = { role: 'duty', id: 'tok-d' };
const supervisor: StaffActor = { role: 'supervisor', id: 'tok-s' };
const enterprise: Requester = {
  key: 'msteams:ent-1',
  type: 'enterprise',
  enterpriseName: '青岛某某有限公司',
};

/** A service over a memory store, on the shipped calendar and table, with a clock tests move. */
function setup(start: string, store: TicketStore = new MemoryTicketStore()) {
  let now = cst(start);
  const holidays = loadHolidays(join(projectRoot(), 'config', 'holidays.yaml'));
  const tickets = new TicketService({
    store,
    clock: { now: () => now },
    calendar: new WorkCalendar({ holidays: holidays.holidays, workdays: holidays.workdays }),
    sla: SlaTable.load(join(projectRoot(), 'config', 'sla.yaml')),
    ticketPrefix: 'QD',
  });
  return {
    tickets,
    at: (local: string) => {
      now = cst(local);
    },
    file: async (overrides: Partial<NewTicketInput> = {}): Promise<Ticket> => {
      const t = sampleTicket();
      const { ticket } = await tickets.create({
        channel: t.channel,
        conversation: t.conversation,
        requester: t.requester,
        text: '物业乱收停车费',
        lang: 'zh',
        classification: t.classification,
        district: null,
        location: null,
        ...overrides,
      });
      return ticket;
    },
  };
}

function step(ticket: Ticket, name: DeadlineStep): Deadline {
  const d = ticket.deadlines.find((x) => x.step === name);
  assert.ok(d, `no ${name} deadline on ${ticket.id}`);
  return d;
}

const dues = (ticket: Ticket) => ticket.deadlines.map((d) => [d.step, d.dueAt, d.metAt]);

describe('TicketService deadlines', () => {
  it('keeps deadlines and a waiting extension through the Redis store', async () => {
    const redis = connect();
    const prefix = testPrefix();
    try {
      const s = setup('2026-12-01T10:00:00', new RedisTicketStore(redis, new RedisKeys(prefix)));
      const filed = await s.file();
      await s.tickets.act(filed.id, { type: 'accept' }, housing);
      const asked = await s.tickets.act(
        filed.id,
        { type: 'request_extension', reason: '需现场勘验', workingDays: 2 },
        housing,
      );
      const read = await s.tickets.findForStaff(filed.id, duty);
      assert.deepEqual(read?.ticket.deadlines, asked.ticket.deadlines);
      assert.deepEqual(read?.ticket.pendingExtension, asked.ticket.pendingExtension);
      assert.equal(read?.ticket.deadlines[0]?.metAt, iso('2026-12-01T10:00:00'));
    } finally {
      await cleanup(redis, prefix);
    }
  });

  it('gives a citizen complaint accept, the transfer window and the answer, with dueAt the answer', async () => {
    const s = setup('2026-12-01T10:00:00');
    const ticket = await s.file();
    assert.deepEqual(dues(ticket), [
      ['accept', iso('2026-12-01T12:00:00'), null],
      ['transfer_request', iso('2026-12-02T17:30:00'), null],
      ['reply', iso('2026-12-08T17:30:00'), null],
    ]);
    assert.equal(ticket.dueAt, step(ticket, 'reply').dueAt);
    assert.ok(
      ticket.deadlines.every((d) => d.department === 'housing'),
      "ticket.deadlines.every((d) => d.department === 'housing')",
    );
  });

  it('holds an enterprise to 2115 and marks each step met when it happens', async () => {
    const s = setup('2026-12-01T10:00:00');
    const filed = await s.file({ requester: enterprise });
    assert.equal(step(filed, 'contact').dueAt, iso('2026-12-01T12:00:00'));
    assert.equal(step(filed, 'feedback').dueAt, iso('2026-12-02T17:30:00'));
    assert.equal(step(filed, 'settle').dueAt, iso('2026-12-22T17:30:00'));

    s.at('2026-12-01T11:00:00');
    const accepted = (await s.tickets.act(filed.id, { type: 'accept' }, housing)).ticket;
    assert.equal(step(accepted, 'accept').metAt, iso('2026-12-01T11:00:00'));
    assert.equal(step(accepted, 'contact').metAt, iso('2026-12-01T11:00:00'));
    assert.equal(step(accepted, 'feedback').metAt, null);

    s.at('2026-12-02T09:30:00');
    const progressed = (
      await s.tickets.act(filed.id, { type: 'progress', message: '已现场核实' }, housing)
    ).ticket;
    assert.equal(step(progressed, 'feedback').metAt, iso('2026-12-02T09:30:00'));

    s.at('2026-12-03T15:00:00');
    await s.tickets.act(filed.id, { type: 'reply', message: '已办结' }, housing);
    const replied = (await s.tickets.findForStaff(filed.id, duty))?.ticket;
    assert.equal(replied && step(replied, 'reply').metAt, iso('2026-12-03T15:00:00'));
    assert.equal(replied && step(replied, 'settle').metAt, null);

    s.at('2026-12-04T10:00:00');
    const requester: StaffActor = { role: 'requester', id: enterprise.key };
    const rated = (await s.tickets.act(filed.id, { type: 'rate', rating: 'satisfied' }, requester))
      .ticket;
    assert.equal(step(rated, 'settle').metAt, iso('2026-12-04T10:00:00'));
  });

  it('counts clock hours for an urgent outage: feedback in 2 hours, answer in 24', async () => {
    const s = setup('2026-12-05T20:00:00');
    const ticket = await s.file({ text: '我们整栋楼停水了，一直没人管' });
    assert.equal(ticket.urgent, true);
    assert.equal(step(ticket, 'feedback').dueAt, iso('2026-12-05T22:00:00'));
    assert.equal(step(ticket, 'reply').dueAt, iso('2026-12-06T20:00:00'));
    assert.equal(ticket.dueAt, iso('2026-12-06T20:00:00'));
  });

  it('starts the answer at filing but accept and the transfer window at dispatch', async () => {
    const s = setup('2026-12-01T10:00:00');
    const filed = await s.file({ departmentConfirmed: false });
    assert.deepEqual(
      filed.deadlines.map((d) => [d.step, d.department]),
      [['reply', null]],
    );
    s.at('2026-12-01T14:00:00');
    const dispatched = (
      await s.tickets.act(filed.id, { type: 'dispatch', department: 'housing' }, duty)
    ).ticket;
    assert.deepEqual(dues(dispatched), [
      ['accept', iso('2026-12-01T16:00:00'), null],
      ['transfer_request', iso('2026-12-02T17:30:00'), null],
      ['reply', iso('2026-12-08T17:30:00'), null],
    ]);
    assert.ok(
      dispatched.deadlines.every((d) => d.department === 'housing'),
      "dispatched.deadlines.every((d) => d.department === 'housing')",
    );
  });

  it('gives a new lead a new clock after a transfer', async () => {
    const s = setup('2026-12-01T10:00:00');
    const filed = await s.file();
    s.at('2026-12-01T11:00:00');
    await s.tickets.act(
      filed.id,
      { type: 'request_transfer', reason: '属城管职责', toDepartment: 'urban' },
      housing,
    );
    s.at('2026-12-02T10:00:00');
    const moved = (await s.tickets.act(filed.id, { type: 'approve_transfer' }, duty)).ticket;
    assert.deepEqual(dues(moved), [
      ['accept', iso('2026-12-02T12:00:00'), null],
      ['transfer_request', iso('2026-12-03T17:30:00'), null],
      ['reply', iso('2026-12-09T17:30:00'), null],
    ]);
    assert.ok(
      moved.deadlines.every((d) => d.department === 'urban'),
      "moved.deadlines.every((d) => d.department === 'urban')",
    );
    assert.equal(moved.dueAt, iso('2026-12-09T17:30:00'));
    await s.tickets.act(filed.id, { type: 'accept' }, urban);
  });

  it('lets a supervisor coordinating a ticket (顶格协调) set the answer’s time limit', async () => {
    const s = setup('2026-12-01T10:00:00');
    const filed = await s.file();
    s.at('2026-12-02T10:00:00');
    const decided = (
      await s.tickets.act(
        filed.id,
        {
          type: 'coordinate',
          lead: 'urban',
          coDepartments: ['housing'],
          reason: '多部门联动',
          replyWorkingDays: 2,
        },
        supervisor,
      )
    ).ticket;
    const reply = decided.deadlines.find((d) => d.step === 'reply');
    assert.equal(reply?.dueAt, iso('2026-12-04T17:30:00'), 'two working days after the day');
    assert.equal(reply?.department, 'urban');
    assert.equal(decided.dueAt, iso('2026-12-04T17:30:00'));
    assert.ok(
      Date.parse(reply?.warnAt ?? '') < Date.parse(reply?.dueAt ?? ''),
      "Date.parse(reply?.warnAt ?? '') < Date.parse(reply?.dueAt ?? '')",
    );
  });

  it('refuses a transfer asked after the first working day', async () => {
    const s = setup('2026-12-01T10:00:00');
    const filed = await s.file();
    s.at('2026-12-03T09:00:00');
    await assert.rejects(
      s.tickets.act(filed.id, { type: 'request_transfer', reason: '非本单位职责' }, housing),
      { code: 'DEADLINE_PASSED' },
    );
  });

  it('makes the answer due again after a reopen (重办)', async () => {
    const s = setup('2026-12-01T10:00:00');
    const filed = await s.file();
    await s.tickets.act(filed.id, { type: 'accept' }, housing);
    await s.tickets.act(filed.id, { type: 'reply', message: '已答复' }, housing);
    s.at('2026-12-03T10:00:00');
    const requester: StaffActor = { role: 'requester', id: filed.requester.key };
    const reopened = (
      await s.tickets.act(filed.id, { type: 'rate', rating: 'dissatisfied' }, requester)
    ).ticket;
    assert.equal(reopened.status, 'in_progress');
    assert.equal(step(reopened, 'reply').metAt, null);
    assert.equal(step(reopened, 'reply').startedAt, iso('2026-12-03T10:00:00'));
    assert.equal(reopened.dueAt, iso('2026-12-10T17:30:00'));
  });

  it('moves the answer on an approved extension and records each step in the history', async () => {
    const s = setup('2026-12-01T10:00:00');
    const filed = await s.file();
    await s.tickets.act(filed.id, { type: 'accept' }, housing);
    s.at('2026-12-07T10:00:00');
    const asked = await s.tickets.act(
      filed.id,
      { type: 'request_extension', reason: '需协调供热公司', workingDays: 3 },
      housing,
    );
    assert.deepEqual(asked.ticket.pendingExtension, {
      department: 'housing',
      reason: '需协调供热公司',
      workingDays: 3,
    });
    assert.equal(asked.ticket.dueAt, iso('2026-12-08T17:30:00'));
    const approved = await s.tickets.act(filed.id, { type: 'approve_extension' }, supervisor);
    assert.equal(approved.ticket.pendingExtension, null);
    assert.equal(approved.ticket.dueAt, iso('2026-12-11T17:30:00'));
    assert.equal(step(approved.ticket, 'reply').extendedDays, 3);
    const events = approved.history.filter((e) => e.type.endsWith('_extension'));
    assert.deepEqual(
      events.map((e) => [e.type, e.note, e.data?.workingDays]),
      [
        ['request_extension', '需协调供热公司', 3],
        ['approve_extension', undefined, 3],
      ],
    );
    assert.equal(events[1]?.data?.dueAt, iso('2026-12-11T17:30:00'));
  });
});
