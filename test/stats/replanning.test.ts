import assert from 'node:assert/strict';
import { join } from 'node:path';
import { projectRoot } from '../../src/core/paths';
import { collectTickets } from '../../src/stats/collect';
import { computeStats, type DepartmentFigures } from '../../src/stats/figures';
import { MemoryNotificationStore } from '../../src/store/memory/notificationStore';
import { MemoryTicketStore } from '../../src/store/memory/ticketStore';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';
import { SupervisionScheduler } from '../../src/supervision/scheduler';
import { loadHolidays } from '../../src/tickets/holidays';
import type { TicketStore } from '../../src/tickets/ports';
import { SlaTable } from '../../src/tickets/sla';
import { TicketService, type StaffActor } from '../../src/tickets/ticketService';
import { WorkCalendar } from '../../src/tickets/workCalendar';
import { sampleTicket } from '../support/fixtures';
import { cleanup, connect, testPrefix } from '../support/redis';
import type { RedisClient } from '../../src/store/redis/client';

const cst = (local: string) => new Date(`${local}+08:00`);

const housing: StaffActor = { role: 'department', id: 'tok-h', department: 'housing' };
const urban: StaffActor = { role: 'department', id: 'tok-u', department: 'urban' };
const duty: StaffActor = { role: 'duty', id: 'tok-d' };
const supervisor: StaffActor = { role: 'supervisor', id: 'tok-s' };
const DECEMBER = { from: cst('2026-12-01T00:00:00'), to: cst('2027-01-01T00:00:00') };

/**
 * A ticket filed with housing on Tuesday 1 December 2026 at 10:00 (signing due 12:00, the
 * answer 8 December 17:30), acted on through the service as the clock moves; the figures read
 * back from the store as `GET /api/stats` reads them.
 */
function scenario(store: TicketStore) {
  let now = cst('2026-12-01T10:00:00');
  const clock = { now: () => now };
  const holidays = loadHolidays(join(projectRoot(), 'config', 'holidays.yaml'));
  const tickets = new TicketService({
    store,
    clock,
    calendar: new WorkCalendar({ holidays: holidays.holidays, workdays: holidays.workdays }),
    sla: SlaTable.load(join(projectRoot(), 'config', 'sla.yaml')),
    ticketPrefix: 'QD',
  });
  let id = '';
  return {
    async file() {
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
      });
      id = ticket.id;
      return ticket;
    },
    async act(at: string, command: Parameters<TicketService['act']>[1], actor: StaffActor) {
      now = cst(at);
      return (await tickets.act(id, command, actor)).ticket;
    },
    /** Raises the yellow warnings and red flags (督办) due at `at`, as the server's ticks do. */
    async tick(at: string) {
      now = cst(at);
      const notifications = new MemoryNotificationStore({ cap: 100, ttlSeconds: 3600 }, clock);
      const alerts = store as MemoryTicketStore | RedisTicketStore;
      await new SupervisionScheduler({ tickets: store, alerts, notifications, clock }).tick();
    },
    /** `asWrittenBefore`: the tickets as a version without `earlierDeadlines` left them. */
    async figures(
      at = '2026-12-31T12:00:00',
      asWrittenBefore = false,
    ): Promise<Map<string, DepartmentFigures>> {
      const read = await collectTickets(store, DECEMBER);
      const records = asWrittenBefore
        ? read.map(({ ticket: { earlierDeadlines: _, ...ticket }, history }) => ({
            ticket,
            history,
          }))
        : read;
      const report = computeStats(records, DECEMBER, cst(at), ['housing', 'urban']);
      return new Map(report.departments.map((d) => [d.department, d]));
    },
  };
}

const judged = (f: DepartmentFigures | undefined, step: 'accepted' | 'replied') => {
  const { onTime, late, pending } = f?.[step] ?? { onTime: -1, late: -1, pending: -1 };
  return { onTime, late, pending };
};

for (const kind of ['memory', 'Redis'] as const) {
  describe(`Figures after replanning (${kind} store)`, () => {
    let redis: RedisClient | null = null;
    let prefix = '';
    let store: TicketStore;

    beforeEach(() => {
      if (kind === 'memory') {
        store = new MemoryTicketStore();
        return;
      }
      redis = connect();
      prefix = testPrefix();
      store = new RedisTicketStore(redis, new RedisKeys(prefix));
    });

    afterEach(async () => {
      if (redis !== null) await cleanup(redis, prefix);
      redis = null;
    });

    it('keeps a late signing against the department that asked for the transfer, and the answer against the new lead', async () => {
      const s = scenario(store);
      await s.file();
      // Not signed by 12:00; asked at 14:00 to hand it to urban, approved at 15:00.
      await s.act(
        '2026-12-01T14:00:00',
        { type: 'request_transfer', reason: '属城管职责', toDepartment: 'urban' },
        housing,
      );
      await s.act('2026-12-01T15:00:00', { type: 'approve_transfer' }, duty);
      await s.act('2026-12-01T15:30:00', { type: 'accept' }, urban);
      await s.act('2026-12-02T10:00:00', { type: 'reply', message: '已处理' }, urban);

      const f = await s.figures();
      assert.deepEqual(judged(f.get('housing'), 'accepted'), { onTime: 0, late: 1, pending: 0 });
      assert.deepEqual(judged(f.get('housing'), 'replied'), { onTime: 0, late: 0, pending: 0 });
      assert.deepEqual(f.get('housing')?.transfers, { asked: 1, approved: 1 });
      assert.deepEqual(judged(f.get('urban'), 'accepted'), { onTime: 1, late: 0, pending: 0 });
      assert.deepEqual(judged(f.get('urban'), 'replied'), { onTime: 1, late: 0, pending: 0 });
    });

    it('does not hold duty staff’s slow approval against a department that asked for the transfer in time', async () => {
      const s = scenario(store);
      await s.file();
      await s.act(
        '2026-12-01T11:00:00',
        { type: 'request_transfer', reason: '属城管职责', toDepartment: 'urban' },
        housing,
      );
      await s.act('2026-12-01T16:00:00', { type: 'approve_transfer' }, duty);

      const f = await s.figures('2026-12-01T16:30:00');
      assert.deepEqual(judged(f.get('housing'), 'accepted'), { onTime: 0, late: 0, pending: 0 });
      assert.deepEqual(judged(f.get('urban'), 'accepted'), { onTime: 0, late: 0, pending: 1 });
    });

    it('keeps a late signing against the first lead when a supervisor coordinates (顶格协调) a new one', async () => {
      const s = scenario(store);
      await s.file();
      await s.act('2026-12-01T13:00:00', { type: 'accept' }, housing);
      await s.act(
        '2026-12-02T10:00:00',
        {
          type: 'coordinate',
          lead: 'urban',
          coDepartments: ['housing'],
          reason: '多部门联动',
          replyWorkingDays: 3,
        },
        supervisor,
      );
      await s.act('2026-12-02T11:00:00', { type: 'accept' }, urban);
      await s.act('2026-12-03T10:00:00', { type: 'reply', message: '已联合处理' }, urban);

      const f = await s.figures();
      assert.deepEqual(judged(f.get('housing'), 'accepted'), { onTime: 0, late: 1, pending: 0 });
      assert.deepEqual(judged(f.get('housing'), 'replied'), { onTime: 0, late: 0, pending: 0 });
      assert.deepEqual(judged(f.get('urban'), 'accepted'), { onTime: 1, late: 0, pending: 0 });
      assert.deepEqual(judged(f.get('urban'), 'replied'), { onTime: 1, late: 0, pending: 0 });
    });

    it('judges an answer by its extended deadline and keeps the late signing before it', async () => {
      const s = scenario(store);
      await s.file();
      await s.act('2026-12-01T13:00:00', { type: 'accept' }, housing);
      await s.act(
        '2026-12-07T10:00:00',
        { type: 'request_extension', reason: '需协调供热公司', workingDays: 2 },
        housing,
      );
      // Approved after the first due time (8 December 17:30): the extended one (10 December) rules.
      await s.act('2026-12-09T09:30:00', { type: 'approve_extension' }, supervisor);
      await s.act('2026-12-09T11:00:00', { type: 'reply', message: '已检修' }, housing);

      const f = await s.figures();
      assert.deepEqual(judged(f.get('housing'), 'accepted'), { onTime: 0, late: 1, pending: 0 });
      assert.deepEqual(judged(f.get('housing'), 'replied'), { onTime: 1, late: 0, pending: 0 });
      assert.deepEqual(f.get('housing')?.extensions, { requested: 1, approved: 1 });
    });

    it('keeps a late first answer when the requester’s 不满意 reopens the ticket (重办)', async () => {
      const s = scenario(store);
      const filed = await s.file();
      await s.act('2026-12-01T11:00:00', { type: 'accept' }, housing);
      await s.act('2026-12-09T10:00:00', { type: 'reply', message: '已处理' }, housing);
      await s.act(
        '2026-12-09T12:00:00',
        { type: 'rate', rating: 'dissatisfied' },
        { role: 'requester', id: filed.requester.key },
      );
      await s.act('2026-12-10T10:00:00', { type: 'reply', message: '已重新处理' }, housing);

      const f = await s.figures();
      assert.deepEqual(judged(f.get('housing'), 'accepted'), { onTime: 1, late: 0, pending: 0 });
      assert.deepEqual(judged(f.get('housing'), 'replied'), { onTime: 1, late: 1, pending: 0 });
    });

    it('reads a ticket written before earlier plans were kept, and keeps them from its next replanning', async () => {
      const s = scenario(store);
      const filed = await s.file();
      // As an older version stored it: the same hash without `earlierDeadlines`.
      const { earlierDeadlines: _none, ...old } = filed;
      await store.create(
        { ...old, id: 'QD20261201-000099' },
        {
          at: filed.createdAt,
          actor: { kind: 'bot' },
          type: 'created',
        },
      );
      const read = await store.get('QD20261201-000099');
      assert.equal(read?.earlierDeadlines, undefined);
      assert.deepEqual(read?.deadlines, filed.deadlines);

      await s.act(
        '2026-12-01T14:00:00',
        { type: 'request_transfer', reason: '属城管职责', toDepartment: 'urban' },
        housing,
      );
      await s.act('2026-12-01T15:00:00', { type: 'approve_transfer' }, duty);
      const f = await s.figures('2026-12-01T16:00:00');
      // The old ticket's signing is open past due (late); the transferred one's stays late too.
      assert.deepEqual(judged(f.get('housing'), 'accepted'), { onTime: 0, late: 2, pending: 0 });
      assert.deepEqual(judged(f.get('urban'), 'accepted'), { onTime: 0, late: 0, pending: 1 });
    });

    it('counts a signing flagged overdue (督办) before a transfer late on tickets written before earlier plans were kept, once', async () => {
      const s = scenario(store);
      await s.file();
      await s.tick('2026-12-01T12:01:00');
      await s.act(
        '2026-12-01T14:00:00',
        { type: 'request_transfer', reason: '属城管职责', toDepartment: 'urban' },
        housing,
      );
      await s.act('2026-12-01T15:00:00', { type: 'approve_transfer' }, duty);
      await s.act('2026-12-01T15:30:00', { type: 'accept' }, urban);

      for (const asWrittenBefore of [true, false]) {
        const f = await s.figures('2026-12-01T16:00:00', asWrittenBefore);
        assert.deepEqual(judged(f.get('housing'), 'accepted'), { onTime: 0, late: 1, pending: 0 });
        assert.deepEqual(judged(f.get('urban'), 'accepted'), { onTime: 1, late: 0, pending: 0 });
      }
    });
  });
}
